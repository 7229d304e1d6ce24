/**
 * One engine interface, two backends: the CPU (src/core's Simulation, in the worker) and WebGPU
 * (src/gpu). The worker runs whichever it has through this interface, and moves a run from one
 * to the other with a snapshot.
 */
import type { KernelFallback } from '../core/group-kernels.ts';
import type { Domain, Landscape } from '../core/landscape.ts';
import type { SimulationSnapshot, SimulationStats, TrackedBalls } from '../core/simulation.ts';

export type { TrackedBalls } from '../core/simulation.ts';

export type BackendKind = 'cpu' | 'webgpu';

/** Cumulative bytes copied between GPU buffers and JavaScript (the GPU backend only). */
export interface TransferCounters {
  /** Read back for statistics. */
  readonly statsBytes: number;
  /** Read back for snapshots (backend switches, insurance against a lost device). */
  readonly snapshotBytes: number;
  /** Written from JavaScript: per-dispatch parameters, uploads on reset and restore. */
  readonly uploadBytes: number;
}

/** Why the CPU runs as it does, when it is not WebAssembly on every core. */
export type CpuNote = KernelFallback | 'no-isolation' | 'threads-failed';

/** How the CPU backend runs its steps, for the performance section. */
export interface CpuEngineInfo {
  readonly kernel: 'wasm' | 'js';
  /** Threads stepping the balls (the simulation worker's own included). */
  readonly threads: number;
  /** Why JavaScript, or why one thread; null when neither needs saying. */
  readonly note: CpuNote | null;
}

export interface SimBackend {
  readonly kind: BackendKind;
  /** For the HUD, e.g. `WebGPU · swiftshader` or `CPU · WebAssembly · 2` (see cpuEngine). */
  readonly label: string;
  readonly landscape: Landscape;
  readonly domain: Domain;
  readonly particleCount: number;
  readonly perGroup: number;
  readonly groupCount: number;
  /** The CPU's kernel and threads; absent on the GPU. */
  readonly cpuEngine?: CpuEngineInfo;
  /** What crossed between GPU and JavaScript so far; absent where nothing has to. */
  readonly transfer?: TransferCounters;
  /** Steps done (queued ones included on the GPU). */
  readonly stepCount: number;
  /** Advances every group by `steps` steps. */
  step(steps: number): void;
  /** Per-group statistics of the current state. */
  stats(): Promise<SimulationStats>;
  /** The whole run state, to continue it on another backend. */
  snapshot(): Promise<SimulationSnapshot>;
  restore(snapshot: SimulationSnapshot): void;
  setLearningRate(group: number, learningRate: number): void;
  /**
   * Balls followed closely (trails, the inspected ball). At most MAX_TRACKED. Indices are global
   * ball indices (ball j of group g is g * perGroup + j). Throws a RangeError for more than
   * MAX_TRACKED or an index outside the balls. The array is copied.
   */
  setTracked(indices: Uint32Array): void;
  /**
   * Latest state of the tracked balls; on the CPU the current one, on the GPU the one read back
   * with the latest stats() (no extra readback; stats() already runs ~4 times a second). null
   * before the first stats() on the GPU, and there again after setTracked, reset or restore until
   * the next stats() answers, so a value never belongs to other indices or to a discarded run.
   * A fresh object each call (its arrays may be transferred).
   */
  tracked(): TrackedBalls | null;
  /**
   * The balls as the view draws them, written into `out` (x, y, f, flags per ball): the CPU's
   * way. Absent on the GPU, whose step pass writes the very buffer the view draws.
   */
  writeRenderData?(out: Float32Array): void;
  /**
   * Where writeRenderData writes without a copy, when the backend keeps the balls as drawn in
   * its own memory (the CPU's, when asked): the view draws from this very array.
   */
  readonly drawBuffer?: Float32Array | null;
  /** Each ball's status now, at hand without a readback (the CPU's); absent on the GPU. */
  readonly statusNow?: Uint8Array;
  reset(): void;
  /** Frees what the backend holds; safe to call twice. */
  dispose(): void;
}

/** Most balls setTracked follows: a few KB per statistics readback on the GPU. */
export const MAX_TRACKED = 256;

/** setTracked's checks, shared by both backends. */
export function checkTracked(indices: Uint32Array, particleCount: number): void {
  if (indices.length > MAX_TRACKED) {
    throw new RangeError(`setTracked: at most ${MAX_TRACKED} balls, got ${indices.length}`);
  }
  for (const index of indices) {
    if (index >= particleCount) {
      throw new RangeError(`setTracked: no ball ${index} (there are ${particleCount})`);
    }
  }
}
