/**
 * A small WebAssembly binary writer: just what Slope's generated kernels need (one imported
 * memory, functions of i32, f32 and v128 values, structured control flow, loads and stores, and
 * the 128-bit SIMD instructions), written from the specification's binary format
 * (https://webassembly.github.io/spec/core/binary/) rather than taken from a library: the whole
 * format for this subset is a page of code, and a kernel is generated at run time, in the browser
 * and in Node, where a dependency of hundreds of kilobytes would be paid on every page load.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Pages of 64 KiB a module's memory may grow to (4 GiB, wasm32's limit). */
export const MAX_PAGES = 65_536;

/** Block types: a block that leaves nothing on the stack. */
const EMPTY_BLOCK = 0x40;

/** SIMD instruction numbers (after the 0xfd prefix), from the SIMD proposal's final table. */
export const SIMD = {
  'v128.load': 0x00,
  'v128.store': 0x0b,
  'v128.const': 0x0c,
  'i8x16.shuffle': 0x0d,
  'i32x4.splat': 0x11,
  'i8x16.eq': 0x23,
  'i64x2.splat': 0x12,
  'f32x4.splat': 0x13,
  'f64x2.splat': 0x14,
  'i32x4.extract_lane': 0x1b,
  'i64x2.extract_lane': 0x1d,
  'i64x2.replace_lane': 0x1e,
  'f32x4.extract_lane': 0x1f,
  'f32x4.replace_lane': 0x20,
  'i32x4.eq': 0x37,
  'i32x4.ne': 0x38,
  'i32x4.lt_s': 0x39,
  'i32x4.gt_s': 0x3b,
  'f32x4.eq': 0x41,
  'f32x4.ne': 0x42,
  'f32x4.lt': 0x43,
  'f32x4.gt': 0x44,
  'f32x4.le': 0x45,
  'f32x4.ge': 0x46,
  'v128.not': 0x4d,
  'v128.and': 0x4e,
  'v128.andnot': 0x4f,
  'v128.or': 0x50,
  'v128.xor': 0x51,
  'v128.bitselect': 0x52,
  'v128.any_true': 0x53,
  'v128.load8_lane': 0x54,
  'v128.load32_lane': 0x56,
  'v128.store8_lane': 0x58,
  'v128.store32_lane': 0x5a,
  'v128.load32_zero': 0x5c,
  'f32x4.demote_f64x2_zero': 0x5e,
  'f64x2.promote_low_f32x4': 0x5f,
  'f32x4.ceil': 0x67,
  'f32x4.floor': 0x68,
  'f32x4.trunc': 0x69,
  'f32x4.nearest': 0x6a,
  'i8x16.bitmask': 0x64,
  'i8x16.narrow_i16x8_u': 0x66,
  'i16x8.narrow_i32x4_u': 0x86,
  'i16x8.extend_low_i8x16_u': 0x89,
  'f64x2.nearest': 0x94,
  'i32x4.extend_low_i16x8_u': 0xa9,
  'i32x4.all_true': 0xa3,
  'i32x4.bitmask': 0xa4,
  'i32x4.shl': 0xab,
  'i32x4.shr_s': 0xac,
  'i32x4.shr_u': 0xad,
  'i32x4.add': 0xae,
  'i32x4.sub': 0xb1,
  'i32x4.mul': 0xb5,
  'i32x4.min_s': 0xb6,
  'i32x4.max_s': 0xb8,
  'i64x2.shl': 0xcb,
  'f32x4.abs': 0xe0,
  'f32x4.neg': 0xe1,
  'f32x4.sqrt': 0xe3,
  'f32x4.add': 0xe4,
  'f32x4.sub': 0xe5,
  'f32x4.mul': 0xe6,
  'f32x4.div': 0xe7,
  'f32x4.min': 0xe8,
  'f32x4.max': 0xe9,
  'f32x4.pmin': 0xea,
  'f32x4.pmax': 0xeb,
  'f64x2.add': 0xf0,
  'f64x2.sub': 0xf1,
  'f64x2.mul': 0xf2,
  'f64x2.div': 0xf3,
  'f64x2.min': 0xf4,
  'f64x2.max': 0xf5,
  'i32x4.trunc_sat_f32x4_s': 0xf8,
  'f32x4.convert_i32x4_s': 0xfa,
} as const;
export type SimdInstruction = keyof typeof SIMD;

/** Plain (one-byte) instructions used here. */
export const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  'local.get': 0x20,
  'local.set': 0x21,
  'local.tee': 0x22,
  'i32.load': 0x28,
  'f32.load': 0x2a,
  'i32.store': 0x36,
  'f32.store': 0x38,
  'i32.const': 0x41,
  'f32.const': 0x43,
  'f64.const': 0x44,
  'i32.eqz': 0x45,
  'i32.eq': 0x46,
  'i32.ne': 0x47,
  'i32.lt_s': 0x48,
  'i32.lt_u': 0x49,
  'i32.gt_s': 0x4a,
  'i32.gt_u': 0x4b,
  'i32.ge_s': 0x4e,
  'i32.ge_u': 0x4f,
  'f32.add': 0x92,
  'f32.sub': 0x93,
  'f32.mul': 0x94,
  'f64.abs': 0x99,
  'f64.neg': 0x9a,
  'f64.sqrt': 0x9f,
  'f64.add': 0xa0,
  'f64.sub': 0xa1,
  'f64.mul': 0xa2,
  'f64.div': 0xa3,
  'f32.demote_f64': 0xb6,
  'i32.ctz': 0x68,
  'i32.popcnt': 0x69,
  'i32.add': 0x6a,
  'i32.sub': 0x6b,
  'i32.mul': 0x6c,
  'i32.and': 0x71,
  'i32.or': 0x72,
  'i32.shl': 0x74,
  'i32.shr_u': 0x76,
} as const;
export type PlainInstruction = keyof typeof OP;

/** Appends `value` as unsigned LEB128. */
export function writeUnsigned(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`wasm: ${value} is not a u32`);
  }
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
}

/** Appends `value` as signed LEB128. */
export function writeSigned(out: number[], value: number): void {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`wasm: ${value} is not an i32`);
  }
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

const f32Scratch = new DataView(new ArrayBuffer(4));
const f64Scratch = new DataView(new ArrayBuffer(8));

/**
 * The body of one function, instruction by instruction. Methods return `this`, so a body reads
 * top to bottom; each stays one instruction, so the text is the listing.
 */
export class Code {
  readonly bytes: number[] = [];

  op(name: PlainInstruction): this {
    this.bytes.push(OP[name]);
    return this;
  }

  simd(name: SimdInstruction, lane?: number): this {
    this.bytes.push(0xfd);
    writeUnsigned(this.bytes, SIMD[name]);
    if (lane !== undefined) this.bytes.push(lane);
    return this;
  }

  i32(value: number): this {
    this.bytes.push(OP['i32.const']);
    writeSigned(this.bytes, value);
    return this;
  }

  f32(value: number): this {
    this.bytes.push(OP['f32.const']);
    f32Scratch.setFloat32(0, value, true);
    for (let k = 0; k < 4; k++) this.bytes.push(f32Scratch.getUint8(k));
    return this;
  }

  f64(value: number): this {
    this.bytes.push(OP['f64.const']);
    f64Scratch.setFloat64(0, value, true);
    for (let k = 0; k < 8; k++) this.bytes.push(f64Scratch.getUint8(k));
    return this;
  }

  /** The same float32 in all four lanes. */
  f32x4(value: number): this {
    f32Scratch.setFloat32(0, value, true);
    return this.splat();
  }

  /** Four int32 lanes, lane 0 first. */
  i32x4Lanes(lanes: readonly [number, number, number, number]): this {
    this.bytes.push(0xfd);
    writeUnsigned(this.bytes, SIMD['v128.const']);
    for (const lane of lanes) {
      f32Scratch.setInt32(0, lane, true);
      for (let k = 0; k < 4; k++) this.bytes.push(f32Scratch.getUint8(k));
    }
    return this;
  }

  /**
   * i8x16.shuffle by 32-bit lanes: lane k of the result is lane lanes[k] of the two vectors on
   * the stack (0-3 the first, 4-7 the second).
   */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    this.simd('i8x16.shuffle');
    for (const lane of lanes) for (let k = 0; k < 4; k++) this.bytes.push(4 * lane + k);
    return this;
  }

  /** The same int32 in all four lanes. */
  i32x4(value: number): this {
    f32Scratch.setInt32(0, value, true);
    return this.splat();
  }

  get(local: number): this {
    return this.withIndex('local.get', local);
  }

  set(local: number): this {
    return this.withIndex('local.set', local);
  }

  tee(local: number): this {
    return this.withIndex('local.tee', local);
  }

  call(func: number): this {
    return this.withIndex('call', func);
  }

  /** A load or store with its alignment (log2 bytes) and constant offset. */
  memory(name: 'i32.load' | 'f32.load' | 'i32.store' | 'f32.store', offset = 0): this {
    this.bytes.push(OP[name]);
    writeUnsigned(this.bytes, 2);
    writeUnsigned(this.bytes, offset);
    return this;
  }

  /** v128.load or v128.store, 16-byte aligned, at a constant offset. */
  vector(name: 'v128.load' | 'v128.store', offset = 0): this {
    this.simd(name);
    writeUnsigned(this.bytes, 4);
    writeUnsigned(this.bytes, offset);
    return this;
  }

  /** The low 4 bytes of a vector from memory (the rest zero), e.g. four status bytes. */
  loadZero32(offset = 0): this {
    this.simd('v128.load32_zero');
    writeUnsigned(this.bytes, 0);
    writeUnsigned(this.bytes, offset);
    return this;
  }

  /** Loads one lane (of the vector on the stack, under the address): a byte or 32 bits. */
  loadLane(name: 'v128.load8_lane' | 'v128.load32_lane', lane: number, offset = 0): this {
    this.simd(name);
    writeUnsigned(this.bytes, 0);
    writeUnsigned(this.bytes, offset);
    this.bytes.push(lane);
    return this;
  }

  /** Stores one lane: a byte of an i8x16 or a 32-bit lane of an i32x4 or f32x4. */
  storeLane(name: 'v128.store8_lane' | 'v128.store32_lane', lane: number, offset = 0): this {
    this.simd(name);
    writeUnsigned(this.bytes, 0);
    writeUnsigned(this.bytes, offset);
    this.bytes.push(lane);
    return this;
  }

  block(): this {
    this.bytes.push(OP.block, EMPTY_BLOCK);
    return this;
  }

  loop(): this {
    this.bytes.push(OP.loop, EMPTY_BLOCK);
    return this;
  }

  if(): this {
    this.bytes.push(OP.if, EMPTY_BLOCK);
    return this;
  }

  br(depth: number): this {
    return this.withIndex('br', depth);
  }

  brIf(depth: number): this {
    return this.withIndex('br_if', depth);
  }

  end(): this {
    return this.op('end');
  }

  /** v128.const of the four bytes in the scratch word, repeated in every lane. */
  private splat(): this {
    this.bytes.push(0xfd);
    writeUnsigned(this.bytes, SIMD['v128.const']);
    for (let lane = 0; lane < 4; lane++) for (let k = 0; k < 4; k++) this.bytes.push(f32Scratch.getUint8(k));
    return this;
  }

  private withIndex(name: PlainInstruction, index: number): this {
    this.bytes.push(OP[name]);
    writeUnsigned(this.bytes, index);
    return this;
  }
}

export interface FunctionSpec {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  /** Local variables after the parameters (their indices follow the parameters'). */
  readonly locals: readonly ValueType[];
  readonly code: Code;
  /** Exported under this name, if given. */
  readonly export?: string;
}

export interface MemorySpec {
  /** Pages of 64 KiB. */
  readonly initial: number;
  readonly maximum: number;
  /** A shared memory (SharedArrayBuffer), for several workers on one set of balls. */
  readonly shared: boolean;
}

/** A module importing `env.memory` and defining `functions` (indices in order). */
export function buildModule(memory: MemorySpec, functions: readonly FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, body: number[]): void => {
    out.push(id);
    writeUnsigned(out, body.length);
    for (const byte of body) out.push(byte);
  };
  const vector = (body: number[], items: readonly number[][]): number[] => {
    writeUnsigned(body, items.length);
    for (const item of items) for (const byte of item) body.push(byte);
    return body;
  };
  const name = (text: string): number[] => {
    const bytes = [...new TextEncoder().encode(text)];
    const named: number[] = [];
    writeUnsigned(named, bytes.length);
    return [...named, ...bytes];
  };

  // Types: one per function (duplicates are allowed and keep the indices simple).
  section(
    1,
    vector(
      [],
      functions.map((fn) => {
        const type: number[] = [0x60];
        vector(
          type,
          fn.params.map((t) => [t]),
        );
        vector(
          type,
          fn.results.map((t) => [t]),
        );
        return type;
      }),
    ),
  );
  // Import: env.memory.
  const limits: number[] = [memory.shared ? 0x03 : 0x01];
  writeUnsigned(limits, memory.initial);
  writeUnsigned(limits, memory.maximum);
  section(2, vector([], [[...name('env'), ...name('memory'), 0x02, ...limits]]));
  // Functions: function i has type i.
  section(
    3,
    vector(
      [],
      functions.map((_, i) => {
        const index: number[] = [];
        writeUnsigned(index, i);
        return index;
      }),
    ),
  );
  // Exports.
  const exported = functions.flatMap((fn, i) => {
    if (fn.export === undefined) return [];
    const entry = [...name(fn.export), 0x00];
    writeUnsigned(entry, i);
    return [entry];
  });
  section(7, vector([], exported));
  // Code.
  section(
    10,
    vector(
      [],
      functions.map((fn) => {
        const body: number[] = [];
        // Locals as runs of one type.
        const runs: number[][] = [];
        for (const type of fn.locals) {
          const last = runs.at(-1);
          if (last && last[1] === type) last[0]!++;
          else runs.push([1, type]);
        }
        writeUnsigned(body, runs.length);
        for (const [count, type] of runs) {
          writeUnsigned(body, count!);
          body.push(type!);
        }
        for (const byte of fn.code.bytes) body.push(byte);
        body.push(OP.end);
        const sized: number[] = [];
        writeUnsigned(sized, body.length);
        return [...sized, ...body];
      }),
    ),
  );
  return new Uint8Array(out);
}

/** A function's locals: the parameters first, then each local as it is asked for. */
export class Locals {
  readonly extra: ValueType[] = [];

  constructor(private readonly params: readonly ValueType[]) {}

  /** A new local of `type`; its index. */
  add(type: ValueType): number {
    this.extra.push(type);
    return this.params.length + this.extra.length - 1;
  }
}
