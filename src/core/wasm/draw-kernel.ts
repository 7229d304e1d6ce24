/**
 * The balls as the view draws them, in WebAssembly SIMD: four floats a ball (x, y, f(x, y),
 * ballFlags(group, status)), written into the memory the balls live in, so the view hands that
 * memory to the GPU as it is and nothing copies the balls on the way (drawn-balls.ts). The same
 * rule as the JavaScript writer there: a diverged ball, or one whose loss is not finite, is drawn
 * at the landscape's floor, clamped into the domain, as diverged. The loss is the float32 IR's,
 * as the GPU backend computes it for its own drawing.
 */
import type { IrValue } from '../expr/ir.ts';
import { MAX_GROUPS } from '../group-limit.ts';
import type { Domain } from '../landscape.ts';
import { DIVERGED } from '../status.ts';
import { buildModule, Code, I32, Locals, MAX_PAGES, V128, type ValueType } from './binary.ts';
import { emitSimd } from './simd-ir.ts';

export interface DrawKernel {
  /**
   * Writes the `n` balls of one group's run whose x, y (float32) and status (a byte each) start
   * at these byte offsets: 16 bytes a ball from `out`. Balls past `n` are never written.
   */
  draw(x: number, y: number, status: number, out: number, n: number, group: number): void;
}

export interface DrawSpec {
  /** The landscape's f (CompiledExpression.float32Ir[0]). */
  readonly f: IrValue;
  readonly domain: Domain;
  /** The height a diverged ball is drawn at (simulation.ts landscapeFloor). */
  readonly floorLoss: number;
}

// The parameters of `draw`, in order.
const P = { x: 0, y: 1, status: 2, out: 3, n: 4, group: 5 } as const;
const PARAMS: ValueType[] = [I32, I32, I32, I32, I32, I32];

/** The module for `spec`, on an imported memory (shared or not). Throws WasmUnsupported. */
export function drawModule(spec: DrawSpec, shared: boolean): Uint8Array<ArrayBuffer> {
  const locals = new Locals(PARAMS);
  const code = new Code();
  const vector = (): number => locals.add(V128);
  const i = locals.add(I32);
  const x = vector();
  const y = vector();
  const status = vector();
  const lost = vector();
  const flags = vector();
  const low = vector();
  const high = vector();
  const { xMin, xMax, yMin, yMax } = spec.domain;

  code.i32(0).set(i).block().loop();
  code.get(i).get(P.n).op('i32.ge_u').brIf(1);
  code.get(P.x).get(i).i32(2).op('i32.shl').op('i32.add').vector('v128.load').set(x);
  code.get(P.y).get(i).i32(2).op('i32.shl').op('i32.add').vector('v128.load').set(y);
  code.get(P.status).get(i).op('i32.add').loadZero32();
  code.simd('i16x8.extend_low_i8x16_u').simd('i32x4.extend_low_i16x8_u').set(status);
  const [f] = emitSimd([spec.f], code, locals, { x, y });
  // Lost: diverged, or a loss that is not finite (NaN fails the comparison too).
  code.get(status).i32x4(DIVERGED).simd('i32x4.eq');
  code.get(f!).simd('f32x4.abs').f32x4(Number.POSITIVE_INFINITY).simd('f32x4.lt');
  code.simd('v128.not').simd('v128.or').set(lost);
  // Where a lost ball is drawn: a coordinate that is not finite at the low edge, any other
  // clamped into the domain.
  for (const [coordinate, lo, hi] of [
    [x, xMin, xMax],
    [y, yMin, yMax],
  ] as const) {
    code.f32x4(lo).f32x4(hi);
    code.get(coordinate).f32x4(lo).get(coordinate).simd('f32x4.abs').f32x4(Number.POSITIVE_INFINITY);
    code.simd('f32x4.lt').simd('v128.bitselect');
    // pmin(hi, v) = v < hi ? v : hi; pmax(lo, that) = lo < that ? that : lo.
    code.simd('f32x4.pmin').simd('f32x4.pmax');
    code.get(coordinate).get(lost).simd('v128.bitselect').set(coordinate);
  }
  code.f32x4(spec.floorLoss).get(f!).get(lost).simd('v128.bitselect').set(f!);
  code.i32x4(DIVERGED).get(status).get(lost).simd('v128.bitselect');
  code.i32x4(MAX_GROUPS).simd('i32x4.mul').get(P.group).simd('i32x4.splat').simd('i32x4.add');
  code.simd('f32x4.convert_i32x4_s').set(flags);
  // Four balls' x, y, loss, flags: a 4x4 transpose into four vec4s.
  code.get(x).get(y).shuffle32([0, 4, 1, 5]).set(low);
  code.get(f!).get(flags).shuffle32([0, 4, 1, 5]).set(high);
  const rows: number[] = [vector(), vector(), vector(), vector()];
  code.get(low).get(high).shuffle32([0, 1, 4, 5]).set(rows[0]!);
  code.get(low).get(high).shuffle32([2, 3, 6, 7]).set(rows[1]!);
  code.get(x).get(y).shuffle32([2, 6, 3, 7]).set(low);
  code.get(f!).get(flags).shuffle32([2, 6, 3, 7]).set(high);
  code.get(low).get(high).shuffle32([0, 1, 4, 5]).set(rows[2]!);
  code.get(low).get(high).shuffle32([2, 3, 6, 7]).set(rows[3]!);
  // Ball k of the quad is stored when the run has it (ball 0 always).
  rows.forEach((row, k) => {
    if (k > 0) code.get(i).i32(k).op('i32.add').get(P.n).op('i32.lt_u').if();
    code
      .get(P.out)
      .get(i)
      .i32(4)
      .op('i32.shl')
      .op('i32.add')
      .get(row)
      .vector('v128.store', 16 * k);
    if (k > 0) code.end();
  });
  code.get(i).i32(4).op('i32.add').set(i).br(0);
  code.end().end();
  return buildModule({ initial: 1, maximum: MAX_PAGES, shared }, [
    { params: PARAMS, results: [], locals: locals.extra, code, export: 'draw' },
  ]);
}

export function drawKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): DrawKernel {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DrawKernel;
}
