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
import { buildModule, Code, F32, F64, I32, Locals, V128, type ValueType } from './binary.ts';
import { MAX_PAGES } from './gradient-kernel.ts';
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

/** The module for `spec`, on an imported memory (shared or not). */
export function descentFrameModule(spec: FrameSpec, shared: boolean): Uint8Array<ArrayBuffer> {
  const { ir, criteria, optimizer } = spec;
  const values = optimizer.values(spec.params);
  // Params: 0 x, 1 y, 2 status, 3 calm, 4 convergedAt, 5 state, 6 n, 7 steps, 8 learning rate,
  // 9 steps done, 10 and 11 the counters.
  const params: ValueType[] = [I32, I32, I32, I32, I32, I32, I32, I32, F32, I32, F64, F64];
  const locals = new Locals(params);
  const int = (): number => locals.add(I32);
  const vector = (): number => locals.add(V128);
  const [i, end, t] = [int(), int(), int()];
  const [rate, x, y, status, calm, convergedAt, active] = [
    vector(),
    vector(),
    vector(),
    vector(),
    vector(),
    vector(),
    vector(),
  ];
  const [settled, converging, inBounds] = [vector(), vector(), vector()];
  const stride = int();
  const state = optimizer.stateNames.map(() => vector());
  const counters = counterLocals(optimizer.rule, locals);
  const stateAt = (k: number): Code =>
    code.get(5).get(stride).i32(k).op('i32.mul').op('i32.add').get(i).op('i32.add');
  const code = new Code();
  const at = (pointer: number): Code => code.get(pointer).get(i).op('i32.add');

  code.get(6).i32(4).op('i32.mul').tee(stride).set(end);
  code.get(8).simd('f32x4.splat').set(rate);
  code.i32(0).set(i).block().loop();
  code.get(i).get(end).op('i32.ge_u').brIf(1);
  at(2).vector('v128.load').tee(status).i32x4(ACTIVE).simd('i32x4.eq').tee(active);
  // A quad with no active ball: nothing to do (a `block` to skip to).
  code.simd('v128.any_true').op('i32.eqz').if();
  code.get(i).i32(16).op('i32.add').set(i).br(1).end();
  at(0).vector('v128.load').set(x);
  at(1).vector('v128.load').set(y);
  at(3).vector('v128.load').set(calm);
  at(4).vector('v128.load').set(convergedAt);
  state.forEach((local, k) => {
    stateAt(k).vector('v128.load').set(local);
  });
  counters.forEach((local, k) => {
    code.get(10 + k).set(local);
  });

  code.i32(0).set(t).block().loop();
  code.get(t).get(7).op('i32.ge_s').brIf(1);
  const [, gx, gy] = emitSimd(ir, code, locals, { x, y });
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
  code.get(9).get(t).op('i32.add').simd('i32x4.splat').get(convergedAt).get(converging);
  code.simd('v128.bitselect').set(convergedAt);
  code.get(active).get(converging).simd('v128.andnot').set(active);
  // The update (its state kept only in lanes still moving), then the bounds (NaN fails every
  // comparison and lands outside).
  advanceCountersSimd(optimizer.rule, values, code, counters);
  const out = emitRuleSimd(optimizer.rule, values, code, locals, {
    g: [gx!, gy!],
    x: [x, y],
    lr: rate,
    state,
    counters,
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
  // Next step, unless all four have stopped.
  code.get(t).i32(1).op('i32.add').set(t);
  code.get(active).simd('v128.any_true').brIf(0);
  code.end().end();

  at(0).get(x).vector('v128.store');
  at(1).get(y).vector('v128.store');
  at(2).get(status).vector('v128.store');
  at(3).get(calm).vector('v128.store');
  at(4).get(convergedAt).vector('v128.store');
  state.forEach((local, k) => {
    stateAt(k).get(local).vector('v128.store');
  });
  code.get(i).i32(16).op('i32.add').set(i).br(0);
  code.end().end();

  return buildModule({ initial: 1, maximum: MAX_PAGES, shared }, [
    { params, results: [], locals: locals.extra, code, export: 'advance' },
  ]);
}

export function descentFrame(spec: FrameSpec, memory: WebAssembly.Memory, shared = false): DescentFrame {
  const module = new WebAssembly.Module(descentFrameModule(spec, shared));
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DescentFrame;
}
