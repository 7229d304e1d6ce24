/**
 * The CPU frame (optimizers/frame.ts) in WebAssembly SIMD, around any optimizer's rule
 * (rule-simd.ts): four balls a quad, K steps per call with the quad's values in registers, and
 * each lane's status decided as on the other backends: the settle check on the slope before the
 * move (a flat gradient, or near a known minimum, SETTLE_STEPS steps in a row), the update, the
 * bounds check after it (a diverged ball keeps its last position and its updated state). Lanes
 * that stop are masked, and a quad whose four balls have all stopped leaves the loop. Statuses,
 * calm counts and convergence steps are int32 per ball here (the JavaScript engine keeps them in
 * bytes). Not yet here: gradient noise (the JavaScript kernel keeps groups with noise).
 */
import type { IrValue } from '../expr/ir.ts';
import type { HyperParameters, Optimizer } from '../optimizers/define.ts';
import { ACTIVE, CONVERGED, DIVERGED, SETTLE_STEPS, type SettleCriteria } from '../status.ts';
import { buildModule, Code, F32, F64, I32, Locals, MAX_PAGES, V128, type ValueType } from './binary.ts';
import { advanceCountersSimd, counterLocals, emitRuleSimd } from './rule-simd.ts';
import { emitSimd } from './simd-ir.ts';

/** Byte offsets of a block of n balls (n a multiple of 4), each array 16-byte aligned. */
export interface FramePointers {
  readonly x: number;
  readonly y: number;
  readonly status: number;
  readonly calm: number;
  readonly convergedAt: number;
}

export interface DescentFrame {
  /**
   * Advances every active ball of the block by `steps` steps at `learningRate`; `stepsDone` is the
   * global step before the first (a ball converging at local step t records stepsDone + t), and
   * `counter0`, `counter1` the counters' values there (define.ts counterStarts). `state` holds the
   * optimizer's state arrays one after another, n floats each, in `stateNames` order.
   */
  advance(
    x: number,
    y: number,
    status: number,
    calm: number,
    convergedAt: number,
    state: number,
    n: number,
    steps: number,
    learningRate: number,
    stepsDone: number,
    counter0: number,
    counter1: number,
  ): void;
}

/** What a frame is made for: a landscape, its settle and bounds rules, and a group's optimizer. */
export interface FrameSpec {
  /** The landscape's f, d/dx, d/dy (CompiledExpression.float32Ir). */
  readonly ir: readonly [IrValue, IrValue, IrValue];
  readonly criteria: SettleCriteria;
  readonly optimizer: Optimizer;
  readonly params: HyperParameters;
}

/**
 * Quads advanced together by the main loop: their steps are independent, so the processor
 * overlaps one quad's long chain of dependent operations with the other's (one quad at a time
 * waits on each operation's latency). A second loop takes the quads left over one by one.
 * Measured (npm run bench, one thread): two quads 1.4-1.5x one; four helped the polynomial
 * landscapes and hurt the trigonometric ones (too few registers), so two.
 */
export const INTERLEAVED_QUADS = 2;

/** The locals of one quad (four balls) while its steps run. */
interface Quad {
  /** Byte offset of the quad within each array (an i32 local). */
  readonly offset: number;
  readonly x: number;
  readonly y: number;
  readonly status: number;
  readonly calm: number;
  readonly convergedAt: number;
  readonly active: number;
  readonly state: readonly number[];
}

/** The module for `spec`, on an imported memory (shared or not). */
export function descentFrameModule(spec: FrameSpec, shared: boolean): Uint8Array<ArrayBuffer> {
  const { optimizer } = spec;
  // Params: 0 x, 1 y, 2 status, 3 calm, 4 convergedAt, 5 state, 6 n, 7 steps, 8 learning rate,
  // 9 steps done, 10 and 11 the counters.
  const params: ValueType[] = [I32, I32, I32, I32, I32, I32, I32, I32, F32, I32, F64, F64];
  const locals = new Locals(params);
  const code = new Code();
  const context = {
    spec,
    values: optimizer.values(spec.params),
    locals,
    code,
    i: locals.add(I32),
    end: locals.add(I32),
    t: locals.add(I32),
    stride: locals.add(I32),
    rate: locals.add(V128),
    counters: counterLocals(optimizer.rule, locals),
  };
  code.get(6).i32(4).op('i32.mul').tee(context.stride).set(context.end);
  code.get(8).simd('f32x4.splat').set(context.rate);
  code.i32(0).set(context.i);
  emitQuadLoop(context, INTERLEAVED_QUADS);
  emitQuadLoop(context, 1);
  return buildModule({ initial: 1, maximum: MAX_PAGES, shared }, [
    { params, results: [], locals: locals.extra, code, export: 'advance' },
  ]);
}

interface FrameContext {
  readonly spec: FrameSpec;
  readonly values: readonly number[];
  readonly locals: Locals;
  readonly code: Code;
  /** Byte offset of the next quad; the end of the arrays (n * 4); the step; n * 4 again. */
  readonly i: number;
  readonly end: number;
  readonly t: number;
  readonly stride: number;
  readonly rate: number;
  readonly counters: readonly number[];
}

/** A loop taking `count` quads at a time from byte offset `i` while `count` whole quads are left. */
function emitQuadLoop(context: FrameContext, count: number): void {
  const { code, locals, i, end, t } = context;
  const vector = (): number => locals.add(V128);
  const quads: Quad[] = Array.from({ length: count }, () => ({
    offset: locals.add(I32),
    x: vector(),
    y: vector(),
    status: vector(),
    calm: vector(),
    convergedAt: vector(),
    active: vector(),
    state: context.spec.optimizer.stateNames.map(() => vector()),
  }));
  const at = (pointer: number, quad: Quad): Code => code.get(pointer).get(quad.offset).op('i32.add');
  const stateAt = (k: number, quad: Quad): Code =>
    code.get(5).get(context.stride).i32(k).op('i32.mul').op('i32.add').get(quad.offset).op('i32.add');
  const anyActive = (): void => {
    quads.forEach((quad, q) => {
      code.get(quad.active);
      if (q > 0) code.simd('v128.or');
    });
    code.simd('v128.any_true');
  };

  code.block().loop();
  // While `count` quads are left: i + 16 count <= end.
  code
    .get(i)
    .i32(16 * count)
    .op('i32.add')
    .get(end)
    .op('i32.gt_u')
    .brIf(1);
  quads.forEach((quad, q) => {
    code
      .get(i)
      .i32(16 * q)
      .op('i32.add')
      .set(quad.offset);
    at(2, quad).vector('v128.load').tee(quad.status).i32x4(ACTIVE).simd('i32x4.eq').set(quad.active);
  });
  // Quads with no active ball: nothing to do.
  anyActive();
  code.op('i32.eqz').if();
  code
    .get(i)
    .i32(16 * count)
    .op('i32.add')
    .set(i)
    .br(1)
    .end();
  for (const quad of quads) {
    at(0, quad).vector('v128.load').set(quad.x);
    at(1, quad).vector('v128.load').set(quad.y);
    at(3, quad).vector('v128.load').set(quad.calm);
    at(4, quad).vector('v128.load').set(quad.convergedAt);
    quad.state.forEach((local, k) => {
      stateAt(k, quad).vector('v128.load').set(local);
    });
  }
  context.counters.forEach((local, k) => {
    code.get(10 + k).set(local);
  });

  code.i32(0).set(t).block().loop();
  code.get(t).get(7).op('i32.ge_s').brIf(1);
  advanceCountersSimd(context.spec.optimizer.rule, context.values, code, context.counters);
  for (const quad of quads) emitStep(context, quad);
  // Next step, unless every ball of these quads has stopped.
  code.get(t).i32(1).op('i32.add').set(t);
  anyActive();
  code.brIf(0);
  code.end().end();

  for (const quad of quads) {
    at(0, quad).get(quad.x).vector('v128.store');
    at(1, quad).get(quad.y).vector('v128.store');
    at(2, quad).get(quad.status).vector('v128.store');
    at(3, quad).get(quad.calm).vector('v128.store');
    at(4, quad).get(quad.convergedAt).vector('v128.store');
    quad.state.forEach((local, k) => {
      stateAt(k, quad).get(local).vector('v128.store');
    });
  }
  code
    .get(i)
    .i32(16 * count)
    .op('i32.add')
    .set(i)
    .br(0);
  code.end().end();
}

/** One step of one quad: the settle check, the update, the bounds (see the module comment). */
function emitStep(context: FrameContext, quad: Quad): void {
  const { code, locals, spec } = context;
  const { criteria, optimizer } = spec;
  const { x, y, status, calm, convergedAt, active, state } = quad;
  const settled = locals.add(V128);
  const converging = locals.add(V128);
  const inBounds = locals.add(V128);
  const [, gx, gy] = emitSimd(spec.ir, code, locals, { x, y });
  // Settled: |g|^2 below the tolerance, or within tolerance of a known minimum.
  code.get(gx!).get(gx!).simd('f32x4.mul').get(gy!).get(gy!).simd('f32x4.mul').simd('f32x4.add');
  code.f32x4(criteria.gradientTolSq).simd('f32x4.lt').set(settled);
  for (let k = 0; k < criteria.minima.length; k += 2) {
    const dx = locals.add(V128);
    const dy = locals.add(V128);
    code.get(x).f32x4(criteria.minima[k]!).simd('f32x4.sub').set(dx);
    code
      .get(y)
      .f32x4(criteria.minima[k + 1]!)
      .simd('f32x4.sub')
      .set(dy);
    code.get(dx).get(dx).simd('f32x4.mul').get(dy).get(dy).simd('f32x4.mul').simd('f32x4.add');
    code.f32x4(criteria.minimumTolSq).simd('f32x4.lt').get(settled).simd('v128.or').set(settled);
  }
  // calm: +1 while settled, else 0; only the active lanes count.
  code.get(calm).i32x4(1).simd('i32x4.add').i32x4(0).get(settled).simd('v128.bitselect');
  code.get(calm).get(active).simd('v128.bitselect').set(calm);
  // Converged: settled SETTLE_STEPS steps in a row.
  code
    .get(calm)
    .i32x4(SETTLE_STEPS - 1)
    .simd('i32x4.gt_s')
    .get(active)
    .simd('v128.and')
    .set(converging);
  code.i32x4(CONVERGED).get(status).get(converging).simd('v128.bitselect').set(status);
  code.get(9).get(context.t).op('i32.add').simd('i32x4.splat').get(convergedAt).get(converging);
  code.simd('v128.bitselect').set(convergedAt);
  code.get(active).get(converging).simd('v128.andnot').set(active);
  // The update (its state kept only in lanes still moving), then the bounds (NaN fails every
  // comparison and lands outside).
  const out = emitRuleSimd(optimizer.rule, context.values, code, locals, {
    g: [gx!, gy!],
    x: [x, y],
    lr: context.rate,
    state,
    counters: context.counters,
  });
  out.state.forEach((updated, k) => {
    if (updated !== state[k])
      code.get(updated).get(state[k]!).get(active).simd('v128.bitselect').set(state[k]!);
  });
  const [nextX, nextY] = out.x;
  code.get(nextX).f32x4(criteria.xLo).simd('f32x4.ge');
  code.get(nextX).f32x4(criteria.xHi).simd('f32x4.le').simd('v128.and');
  code.get(nextY).f32x4(criteria.yLo).simd('f32x4.ge').simd('v128.and');
  code.get(nextY).f32x4(criteria.yHi).simd('f32x4.le').simd('v128.and').set(inBounds);
  code.i32x4(DIVERGED).get(status).get(active).get(inBounds).simd('v128.andnot');
  code.simd('v128.bitselect').set(status);
  code.get(active).get(inBounds).simd('v128.and').set(active);
  code.get(nextX).get(x).get(active).simd('v128.bitselect').set(x);
  code.get(nextY).get(y).get(active).simd('v128.bitselect').set(y);
}

export function descentFrame(spec: FrameSpec, memory: WebAssembly.Memory, shared = false): DescentFrame {
  const module = new WebAssembly.Module(descentFrameModule(spec, shared));
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DescentFrame;
}
