/**
 * Where a float32 simulation's balls live: every array in one buffer, laid out by one table, so
 * the JavaScript kernel, the WebAssembly frame and (when the buffer is shared) other threads all
 * work on the same numbers without a copy. Each array starts on a 16-byte boundary and is
 * followed by 16 spare bytes: a frame's last quad may read (never write) past a run's end.
 */

/** Byte offsets of one simulation's arrays. */
export interface BallLayout {
  /** Total bytes. */
  readonly bytes: number;
  readonly x: number;
  readonly y: number;
  /** A byte per ball. */
  readonly status: number;
  /** A byte per ball. */
  readonly calm: number;
  /** A u32 per ball. */
  readonly convergedAt: number;
  /** A u32 per ball: the frames' lists of balls still moving (each run its own part). */
  readonly list: number;
  /** Per group: where its first state array starts, and the bytes from one array to the next. */
  readonly state: readonly { readonly offset: number; readonly stride: number }[];
  /** The balls as drawn, 16 bytes each (wasm/draw-kernel.ts), when asked for; else null. */
  readonly drawn: number | null;
}

/** The arrays of a layout, as views on its buffer. */
export interface BallArrays {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly status: Uint8Array;
  readonly calm: Uint8Array;
  readonly convergedAt: Uint32Array;
  /** Per group, one array per entry of its optimizer's `stateNames`. */
  readonly state: readonly (readonly Float32Array[])[];
  /** Four floats a ball, as drawn; null when the layout has none. */
  readonly drawn: Float32Array | null;
}

const ALIGN = 16;
/** Bytes a quad may read past the end of an array (three lanes of four bytes, rounded up). */
const SPARE = 16;

function region(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN + SPARE;
}

/**
 * The layout for `perGroup` balls in each of `stateCounts.length` groups (state arrays per group),
 * with room for the balls as drawn when `drawn`.
 */
export function ballLayout(perGroup: number, stateCounts: readonly number[], drawn = false): BallLayout {
  const count = perGroup * stateCounts.length;
  let at = 0;
  const take = (bytes: number): number => {
    const offset = at;
    at += region(bytes);
    return offset;
  };
  const x = take(4 * count);
  const y = take(4 * count);
  const status = take(count);
  const calm = take(count);
  const convergedAt = take(4 * count);
  const list = take(4 * count);
  const stride = region(4 * perGroup);
  const state = stateCounts.map((arrays) => {
    const offset = at;
    at += stride * arrays;
    return { offset, stride };
  });
  const drawnAt = drawn ? take(16 * count) : null;
  return { bytes: at, x, y, status, calm, convergedAt, list, state, drawn: drawnAt };
}

/** Views of `layout`'s arrays on `buffer` (at least layout.bytes long). */
export function ballArrays(
  buffer: ArrayBuffer | SharedArrayBuffer,
  layout: BallLayout,
  perGroup: number,
  stateCounts: readonly number[],
): BallArrays {
  const count = perGroup * stateCounts.length;
  return {
    x: new Float32Array(buffer, layout.x, count),
    y: new Float32Array(buffer, layout.y, count),
    status: new Uint8Array(buffer, layout.status, count),
    calm: new Uint8Array(buffer, layout.calm, count),
    convergedAt: new Uint32Array(buffer, layout.convergedAt, count),
    state: layout.state.map(({ offset, stride }, g) =>
      Array.from(
        { length: stateCounts[g]! },
        (_, k) => new Float32Array(buffer, offset + k * stride, perGroup),
      ),
    ),
    drawn: layout.drawn === null ? null : new Float32Array(buffer, layout.drawn, 4 * count),
  };
}

/** WebAssembly pages of 64 KiB. */
export const PAGE_BYTES = 65_536;

/**
 * A WebAssembly memory holding `layout`, shared between threads when asked (and possible), fixed
 * in size: growing would detach every view.
 */
export function ballMemory(layout: BallLayout, shared: boolean): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(layout.bytes / PAGE_BYTES));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
}
