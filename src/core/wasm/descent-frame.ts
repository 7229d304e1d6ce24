/**
 * The CPU frame (optimizers/frame.ts) in WebAssembly SIMD, around any optimizer's rule
 * (rule-simd.ts): four balls a quad, K steps per call with the quad's values in registers, and
 * each lane's status decided as on the other backends: the settle check on the slope before the
 * move (a flat gradient, or near a known minimum, SETTLE_STEPS steps in a row), the group's
 * gradient noise, the update, the bounds check after it (a diverged ball keeps its last position
 * and its updated state). Lanes that stop are masked, and quads whose balls have all stopped leave
 * the loop.
 *
 * It reads and writes the JavaScript engine's own arrays (float32 positions and state, a byte per
 * status and calm count, a u32 per convergence step), so both kernels run on one memory. A run of
 * any length is taken whole quads first; the last one to three balls go through a quad whose
 * missing lanes are masked and never stored, so threads with neighbouring runs never write each
 * other's balls.
 */
import type { IrValue } from '../expr/ir.ts';
import { pcgHash } from '../noise.ts';
import type { HyperParameters, Optimizer } from '../optimizers/define.ts';
import { ACTIVE, CONVERGED, DIVERGED, SETTLE_STEPS, type SettleCriteria } from '../status.ts';
import { buildModule, Code, F32, F64, I32, Locals, MAX_PAGES, V128, type ValueType } from './binary.ts';
import { gaussianPairSimd } from './noise-simd.ts';
import { advanceCountersSimd, counterLocals, emitRuleSimd } from './rule-simd.ts';
import { emitSimd } from './simd-ir.ts';

export interface DescentFrame {
  /**
   * Advances every active ball of a run of `n` balls by `steps` steps at `learningRate`. Pointers
   * are byte offsets of the run's first ball: `x`, `y` float32, `status` and `calm` a byte each,
   * `convergedAt` u32, and the optimizer's state arrays (float32, `stateNames` order) at `state`,
   * `state + stateStride`, and so on. `stepsDone` is the global step before the first (a ball
   * converging at local step t records stepsDone + t); `counter0` and `counter1` are the counters'
   * values there (define.ts counterStarts); `firstBall` is the run's first ball's index within its
   * group (the noise hash takes it); `list` is room for n u32s of the run's own (the balls still
   * moving, see SEGMENT_STEPS).
   */
  advance(
    x: number,
    y: number,
    status: number,
    calm: number,
    convergedAt: number,
    state: number,
    stateStride: number,
    n: number,
    steps: number,
    learningRate: number,
    stepsDone: number,
    counter0: number,
    counter1: number,
    firstBall: number,
    list: number,
  ): void;
}

/** What a frame is made for: a landscape, its settle and bounds rules, and a group's optimizer. */
export interface FrameSpec {
  /** The landscape's f, d/dx, d/dy (CompiledExpression.float32Ir). */
  readonly ir: readonly [IrValue, IrValue, IrValue];
  readonly criteria: SettleCriteria;
  readonly optimizer: Optimizer;
  readonly params: HyperParameters;
  /** The group's gradient noise (noise.ts), when it has some. */
  readonly noise?: { readonly deviation: number; readonly seed: number } | undefined;
}

/**
 * Quads advanced together by the main loop: their steps are independent, so the processor
 * overlaps one quad's long chain of dependent operations with the others' (one quad at a time
 * waits on each operation's latency), and one branch a step decides for all of them which of
 * three paths the step takes (every ball moving on untouched, some calm counts moving but no ball
 * stopping, or some ball stopping). A second loop takes the quads left over one by one.
 * Measured (a frame alone, 2^20 balls, 50 steps, one thread, same session): with a branch per quad,
 * two quads were 1.4-1.5x one and more hurt; with the one branch, three quads are 1.15-1.4x two
 * (Rosenbrock 860 -> 1,110 M/s, Rastrigin 650 -> 790, bowl 1,340 -> 1,700) and four are no better.
 */
export const INTERLEAVED_QUADS = 3;

// The parameters of `advance`, in order.
const P = {
  x: 0,
  y: 1,
  status: 2,
  calm: 3,
  convergedAt: 4,
  state: 5,
  stateStride: 6,
  n: 7,
  steps: 8,
  learningRate: 9,
  stepsDone: 10,
  counter0: 11,
  firstBall: 13,
  list: 14,
} as const;
const PARAMS: ValueType[] = [I32, I32, I32, I32, I32, I32, I32, I32, I32, F32, I32, F64, F64, I32, I32];

/** The locals of one quad (four balls) while its steps run. */
interface Quad {
  /** The quad's first ball within the run, and 4 times it (the byte offset in 4-byte arrays). */
  readonly index: number;
  readonly offset: number;
  readonly x: number;
  readonly y: number;
  readonly status: number;
  readonly calm: number;
  readonly convergedAt: number;
  readonly active: number;
  readonly state: readonly number[];
  /** Listed quads: the four balls' indices within the run, a vector and each lane. */
  readonly balls: number;
  readonly lanes: readonly number[];
}

/** The module for `spec`, on an imported memory (shared or not). */
export function descentFrameModule(spec: FrameSpec, shared: boolean): Uint8Array<ArrayBuffer> {
  const { optimizer } = spec;
  const locals = new Locals(PARAMS);
  const code = new Code();
  const context: FrameContext = {
    spec,
    values: optimizer.values(spec.params),
    locals,
    code,
    i: locals.add(I32),
    t: locals.add(I32),
    rate: locals.add(V128),
    counters: counterLocals(optimizer.rule, locals),
    narrow: locals.add(V128),
    seedHash: locals.add(I32),
    t0: locals.add(I32),
    tEnd: locals.add(I32),
    segmentCounters: counterLocals(optimizer.rule, locals),
    listed: locals.add(I32),
  };
  const segment = locals.add(I32);
  const before = locals.add(I32);
  const { t0, tEnd, listed, segmentCounters } = context;
  code.get(P.learningRate).simd('f32x4.splat').set(context.rate);
  if (spec.noise) code.i32(pcgHash(spec.noise.seed >>> 0) | 0).set(context.seedHash);
  segmentCounters.forEach((local, k) => {
    code.get(P.counter0 + k).set(local);
  });
  code
    .i32(0)
    .set(t0)
    .i32(SEGMENT_STEPS >> 1)
    .set(segment)
    .get(P.n)
    .set(before)
    .block()
    .loop();
  code.get(t0).get(P.steps).op('i32.ge_s').brIf(1);
  emitScanMoving(context, 'count');
  // No ball moving: nothing left to do in this call.
  code.get(listed).op('i32.eqz').brIf(1);
  // Hardly a ball stopped since the last segment: the next one twice as long (at most
  // LONGEST_SEGMENT steps), so runs where balls seldom stop are loaded seldom; else SEGMENT_STEPS.
  code.get(segment).i32(1).op('i32.shl').tee(segment).i32(LONGEST_SEGMENT).get(segment).i32(LONGEST_SEGMENT);
  code.op('i32.lt_s').op('select').i32(SEGMENT_STEPS);
  code.get(listed).i32(16).op('i32.mul').get(before).i32(15).op('i32.mul').op('i32.gt_u');
  code.op('select').set(segment);
  code.get(listed).set(before);
  // tEnd = min(t0 + segment, steps)
  code.get(t0).get(segment).op('i32.add').tee(tEnd).get(P.steps).get(tEnd).get(P.steps);
  code.op('i32.lt_s').op('select').set(tEnd);
  code.i32(0).set(context.i);
  // Few enough still moving: only they are stepped, four to a vector; else every quad of the run.
  code.get(listed).i32(4).op('i32.mul').get(P.n).i32(3).op('i32.mul').op('i32.lt_u').if();
  emitScanMoving(context, 'list');
  emitQuads(context, INTERLEAVED_QUADS, 'loop', 'list');
  emitQuads(context, 1, 'loop', 'list');
  code.op('else');
  emitQuads(context, INTERLEAVED_QUADS, 'loop', 'run');
  emitQuads(context, 1, 'loop', 'run');
  emitQuads(context, 1, 'tail', 'run');
  code.end();
  // The counters where the next segment starts.
  if (segmentCounters.length > 0) {
    code.get(t0).set(context.t).block().loop();
    code.get(context.t).get(tEnd).op('i32.ge_s').brIf(1);
    advanceCountersSimd(optimizer.rule, context.values, code, segmentCounters);
    code.get(context.t).i32(1).op('i32.add').set(context.t).br(0);
    code.end().end();
  }
  code.get(tEnd).set(t0).br(0);
  code.end().end();
  return buildModule({ initial: 1, maximum: MAX_PAGES, shared }, [
    { params: PARAMS, results: [], locals: locals.extra, code, export: 'advance' },
  ]);
}

interface FrameContext {
  readonly spec: FrameSpec;
  readonly values: readonly number[];
  readonly locals: Locals;
  readonly code: Code;
  /** The next quad's first ball within the run; the step within the call. */
  readonly i: number;
  readonly t: number;
  readonly rate: number;
  readonly counters: readonly number[];
  /** Scratch for narrowing statuses to bytes. */
  readonly narrow: number;
  /** pcgHash(seed), where the noise hash starts. */
  readonly seedHash: number;
  /** The segment's first step and the step after its last (see SEGMENT_STEPS). */
  readonly t0: number;
  readonly tEnd: number;
  /** The counters' values at t0. */
  readonly segmentCounters: readonly number[];
  /** How many balls the list holds. */
  readonly listed: number;
}

/**
 * Steps a call takes at a time. Before each such segment the balls still moving are listed; when
 * a quarter or more of a run has stopped, only they are stepped, gathered four to a vector, so a
 * vector no longer waits on lanes whose balls have stopped (landscapes where balls converge at
 * scattered times, Himmelblau's: 2^20 balls, 50 steps, only 37% of the ball-steps are of moving
 * balls, and quads of a whole run would step 68% of them).
 */
export const SEGMENT_STEPS = 4;
const LONGEST_SEGMENT = 64;

/**
 * Counts the run's balls still moving into `listed` and (`list`) writes their indices within the
 * run to the list.
 */
function emitScanMoving(context: FrameContext, what: 'count' | 'list'): void {
  const { code, locals, listed } = context;
  const j = locals.add(I32);
  const mask = locals.add(I32);
  code.i32(0).set(listed).i32(0).set(j).block().loop();
  code.get(j).get(P.n).op('i32.ge_u').brIf(1);
  // A bit per status byte that is ACTIVE, sixteen at a time (the last ones past n masked off).
  // (ACTIVE is 0, so the zero vector is ACTIVE in every byte.)
  code.get(P.status).get(j).op('i32.add').vector('v128.load').i32x4(ACTIVE).simd('i8x16.eq');
  code.simd('i8x16.bitmask').set(mask);
  code.get(P.n).get(j).op('i32.sub').i32(16).op('i32.lt_u').if();
  code
    .get(mask)
    .i32(1)
    .get(P.n)
    .get(j)
    .op('i32.sub')
    .op('i32.shl')
    .i32(1)
    .op('i32.sub')
    .op('i32.and')
    .set(mask);
  code.end();
  if (what === 'count') {
    code.get(listed).get(mask).op('i32.popcnt').op('i32.add').set(listed);
    code.get(j).i32(16).op('i32.add').set(j).br(0);
    code.end().end();
    return;
  }
  code.block().loop();
  code.get(mask).op('i32.eqz').brIf(1);
  code.get(P.list).get(listed).i32(2).op('i32.shl').op('i32.add');
  code.get(j).get(mask).op('i32.ctz').op('i32.add').memory('i32.store');
  code.get(listed).i32(1).op('i32.add').set(listed);
  code.get(mask).get(mask).i32(1).op('i32.sub').op('i32.and').set(mask).br(0);
  code.end().end();
  code.get(j).i32(16).op('i32.add').set(j).br(0);
  code.end().end();
}

/** The locals of `count` quads; `listed`: with a local per lane for its ball's index. */
function newQuads(context: FrameContext, count: number, listed: boolean): Quad[] {
  const { locals } = context;
  const vector = (): number => locals.add(V128);
  return Array.from({ length: count }, () => ({
    index: locals.add(I32),
    offset: locals.add(I32),
    x: vector(),
    y: vector(),
    status: vector(),
    calm: vector(),
    convergedAt: vector(),
    active: vector(),
    state: context.spec.optimizer.stateNames.map(() => vector()),
    balls: vector(),
    lanes: listed ? [0, 1, 2, 3].map(() => locals.add(I32)) : [],
  }));
}

/**
 * `count` quads from ball i: in a loop while `count` whole quads are left, or (`tail`) once for
 * the one to three balls left, the missing lanes masked.
 */
function emitQuads(
  context: FrameContext,
  count: number,
  kind: 'loop' | 'tail',
  source: 'run' | 'list',
): void {
  if (source === 'list') {
    emitListedQuads(context, count);
    return;
  }
  const { code, i } = context;
  const quads = newQuads(context, count, false);
  const word = (pointer: number, quad: Quad): Code => code.get(pointer).get(quad.offset).op('i32.add');
  const byte = (pointer: number, quad: Quad): Code => code.get(pointer).get(quad.index).op('i32.add');
  const stateAt = (k: number, quad: Quad): Code =>
    code.get(P.state).get(P.stateStride).i32(k).op('i32.mul').op('i32.add').get(quad.offset).op('i32.add');
  const loadBytes = (pointer: number, quad: Quad): Code =>
    byte(pointer, quad).loadZero32().simd('i16x8.extend_low_i8x16_u').simd('i32x4.extend_low_i16x8_u');
  // Lane k's low byte into byte k of `narrow` (values 0-255 here).
  const toBytes = (value: number): Code =>
    code
      .get(value)
      .get(value)
      .simd('i16x8.narrow_i32x4_u')
      .tee(context.narrow)
      .get(context.narrow)
      .simd('i8x16.narrow_i16x8_u');
  const anyActive = (): void => {
    quads.forEach((quad, q) => {
      code.get(quad.active);
      if (q > 0) code.simd('v128.or');
    });
    code.simd('v128.any_true');
  };
  const advanceBy = (balls: number): Code => code.get(i).i32(balls).op('i32.add').set(i);

  if (kind === 'loop') {
    code.block().loop();
    // While `count` quads are left: i + 4 count <= n.
    code
      .get(i)
      .i32(4 * count)
      .op('i32.add')
      .get(P.n)
      .op('i32.gt_u')
      .brIf(1);
  } else {
    // One to three balls left?
    code.block();
    code.get(i).get(P.n).op('i32.ge_u').brIf(0);
  }
  quads.forEach((quad, q) => {
    code
      .get(i)
      .i32(4 * q)
      .op('i32.add')
      .tee(quad.index)
      .i32(2)
      .op('i32.shl')
      .set(quad.offset);
    if (context.spec.noise) {
      code.get(quad.index).simd('i32x4.splat').i32x4Lanes([0, 1, 2, 3]).simd('i32x4.add').set(quad.balls);
    }
    loadBytes(P.status, quad).tee(quad.status).i32x4(ACTIVE).simd('i32x4.eq');
    if (kind === 'tail') {
      // Lanes past the run's end are not ours.
      code.i32x4Lanes([0, 1, 2, 3]).get(P.n).get(i).op('i32.sub').simd('i32x4.splat');
      code.simd('i32x4.lt_s').simd('v128.and');
    }
    code.set(quad.active);
  });
  // Quads with no active ball: nothing to do.
  anyActive();
  code.op('i32.eqz').if();
  // Out of the `if`: on to the next quads (loop), or past the tail (block).
  advanceBy(4 * count).br(1);
  code.end();
  for (const quad of quads) {
    word(P.x, quad).vector('v128.load').set(quad.x);
    word(P.y, quad).vector('v128.load').set(quad.y);
    loadBytes(P.calm, quad).set(quad.calm);
    word(P.convergedAt, quad).vector('v128.load').set(quad.convergedAt);
    quad.state.forEach((local, k) => {
      stateAt(k, quad).vector('v128.load').set(local);
    });
  }
  emitSteps(context, quads);

  if (kind === 'loop') {
    for (const quad of quads) {
      word(P.x, quad).get(quad.x).vector('v128.store');
      word(P.y, quad).get(quad.y).vector('v128.store');
      byte(P.status, quad);
      toBytes(quad.status).storeLane('v128.store32_lane', 0);
      byte(P.calm, quad);
      toBytes(quad.calm).storeLane('v128.store32_lane', 0);
      word(P.convergedAt, quad).get(quad.convergedAt).vector('v128.store');
      quad.state.forEach((local, k) => {
        stateAt(k, quad).get(local).vector('v128.store');
      });
    }
    advanceBy(4 * count).br(0);
    code.end().end();
    return;
  }
  // The tail: lane k is stored when the run has a ball there (lane 0 always).
  const [quad] = quads as [Quad];
  for (let lane = 0; lane < 3; lane++) {
    if (lane > 0) code.get(P.n).get(i).op('i32.sub').i32(lane).op('i32.gt_u').if();
    word(P.x, quad)
      .get(quad.x)
      .storeLane('v128.store32_lane', lane, 4 * lane);
    word(P.y, quad)
      .get(quad.y)
      .storeLane('v128.store32_lane', lane, 4 * lane);
    byte(P.status, quad);
    toBytes(quad.status).storeLane('v128.store8_lane', lane, lane);
    byte(P.calm, quad);
    toBytes(quad.calm).storeLane('v128.store8_lane', lane, lane);
    word(P.convergedAt, quad)
      .get(quad.convergedAt)
      .storeLane('v128.store32_lane', lane, 4 * lane);
    quad.state.forEach((local, k) => {
      stateAt(k, quad)
        .get(local)
        .storeLane('v128.store32_lane', lane, 4 * lane);
    });
    if (lane > 0) code.end();
  }
  code.end();
}

/**
 * `count` quads of listed balls from list position i, in a loop while `count` quads' worth are
 * left; with `count` 1, while any is: the last quad's missing lanes repeat its first ball, whose
 * values they compute and store again, the same.
 */
function emitListedQuads(context: FrameContext, count: number): void {
  const { code, locals, i, listed } = context;
  const vector = (): number => locals.add(V128);
  const quads = newQuads(context, count, true);
  const bytes = vector();
  // Each lane's byte offset in the 4-byte arrays.
  const offsets = quads.map(() => [0, 1, 2, 3].map(() => locals.add(I32)));
  const stateBases = context.spec.optimizer.stateNames.map(() => locals.add(I32));
  stateBases.forEach((base, k) => {
    code.get(P.state).get(P.stateStride).i32(k).op('i32.mul').op('i32.add').set(base);
  });
  const word = (pointer: number, quad: Quad, lane: number): Code =>
    code.get(pointer).get(offsets[quads.indexOf(quad)]![lane]!).op('i32.add');
  const stateWord = (k: number, quad: Quad, lane: number): Code =>
    code.get(stateBases[k]!).get(offsets[quads.indexOf(quad)]![lane]!).op('i32.add');
  const gatherWords = (address: (lane: number) => Code, target: number): void => {
    address(0).loadZero32().set(target);
    for (let lane = 1; lane < 4; lane++)
      address(lane).get(target).loadLane('v128.load32_lane', lane).set(target);
  };
  const gatherBytes = (pointer: number, quad: Quad, target: number): void => {
    code.i32x4(0).set(target);
    quad.lanes.forEach((lane, k) => {
      code
        .get(pointer)
        .get(lane)
        .op('i32.add')
        .get(target)
        .loadLane('v128.load8_lane', 4 * k)
        .set(target);
    });
  };
  const scatterWords = (address: (lane: number) => Code, value: number): void => {
    for (let lane = 0; lane < 4; lane++) address(lane).get(value).storeLane('v128.store32_lane', lane);
  };
  const scatterBytes = (pointer: number, quad: Quad, value: number): void => {
    code
      .get(value)
      .get(value)
      .simd('i16x8.narrow_i32x4_u')
      .tee(context.narrow)
      .get(context.narrow)
      .simd('i8x16.narrow_i16x8_u')
      .set(bytes);
    quad.lanes.forEach((lane, k) => {
      code.get(pointer).get(lane).op('i32.add').get(bytes).storeLane('v128.store8_lane', k);
    });
  };

  code.block().loop();
  if (count > 1)
    code
      .get(i)
      .i32(4 * count)
      .op('i32.add')
      .get(listed)
      .op('i32.gt_u')
      .brIf(1);
  else code.get(i).get(listed).op('i32.ge_u').brIf(1);
  quads.forEach((quad, q) => {
    code
      .get(P.list)
      .get(i)
      .i32(4 * q)
      .op('i32.add')
      .i32(2)
      .op('i32.shl')
      .op('i32.add')
      .vector('v128.load')
      .set(quad.balls);
    if (count === 1) {
      // Lanes past the list's end repeat lane 0.
      code.get(quad.balls).get(quad.balls).simd('i32x4.extract_lane', 0).simd('i32x4.splat');
      code.i32x4Lanes([0, 1, 2, 3]).get(listed).get(i).op('i32.sub').simd('i32x4.splat').simd('i32x4.lt_s');
      code.simd('v128.bitselect').set(quad.balls);
    }
    quad.lanes.forEach((lane, k) => {
      code.get(quad.balls).simd('i32x4.extract_lane', k).tee(lane).i32(2).op('i32.shl').set(offsets[q]![k]!);
    });
    gatherWords((lane) => word(P.x, quad, lane), quad.x);
    gatherWords((lane) => word(P.y, quad, lane), quad.y);
    gatherBytes(P.calm, quad, quad.calm);
    quad.state.forEach((local, k) => {
      gatherWords((lane) => stateWord(k, quad, lane), local);
    });
    // Listed balls are all moving: status ACTIVE and convergence step 0, as every moving ball's.
    code.i32x4(ACTIVE).set(quad.status).i32x4(0).set(quad.convergedAt).i32x4(-1).set(quad.active);
  });
  emitSteps(context, quads);
  for (const quad of quads) {
    scatterWords((lane) => word(P.x, quad, lane), quad.x);
    scatterWords((lane) => word(P.y, quad, lane), quad.y);
    scatterBytes(P.calm, quad, quad.calm);
    // Status and convergence step only where a ball stopped.
    code.get(quad.status).simd('v128.any_true').if();
    scatterBytes(P.status, quad, quad.status);
    scatterWords((lane) => word(P.convergedAt, quad, lane), quad.convergedAt);
    code.end();
    quad.state.forEach((local, k) => {
      scatterWords((lane) => stateWord(k, quad, lane), local);
    });
  }
  code
    .get(i)
    .i32(4 * count)
    .op('i32.add')
    .set(i)
    .br(0);
  code.end().end();
}

/**
 * The segment's steps of `quads` (loaded): all three paths of a step, until the segment ends or
 * every ball of these quads has stopped.
 */
function emitSteps(context: FrameContext, quads: readonly Quad[]): void {
  const { code, t } = context;
  const anyActive = (): void => {
    quads.forEach((quad, q) => {
      code.get(quad.active);
      if (q > 0) code.simd('v128.or');
    });
    code.simd('v128.any_true');
  };
  context.counters.forEach((local, k) => {
    code.get(context.segmentCounters[k]!).set(local);
  });
  code.get(context.t0).set(t).block().loop();
  code.get(t).get(context.tEnd).op('i32.ge_s').brIf(1);
  advanceCountersSimd(context.spec.optimizer.rule, context.values, code, context.counters);
  const moves = quads.map((quad) => emitMove(context, quad));
  // Most steps: every ball of these quads moving, none settled, all in bounds. Then nothing
  // stops, every calm count is 0, the new values are kept as they are, and the next step needs
  // no check of which balls still move.
  quads.forEach((quad, q) => {
    const move = moves[q]!;
    code.get(quad.active).get(move.settled).simd('v128.andnot').get(move.inBounds).simd('v128.and');
    if (q > 0) code.simd('v128.and');
  });
  code.simd('i32x4.all_true').if();
  quads.forEach((quad, q) => {
    emitKeep(context, quad, moves[q]!);
  });
  code.get(t).i32(1).op('i32.add').set(t).br(1);
  code.end();
  // Otherwise the calm counts move on, and most often no ball stops even so (some settle on the way
  // to converging, or stopped before): the moving ones keep their new values, and the next step
  // needs no check either.
  quads.forEach((quad, q) => {
    emitCalm(context, quad, moves[q]!);
  });
  quads.forEach((quad, q) => {
    // active & ~(inBounds & ~converging)
    code.get(quad.active).get(moves[q]!.inBounds);
    code
      .get(quad.calm)
      .i32x4(SETTLE_STEPS - 1)
      .simd('i32x4.gt_s');
    code.simd('v128.andnot').simd('v128.andnot');
    if (q > 0) code.simd('v128.or');
  });
  code.simd('v128.any_true').op('i32.eqz').if();
  quads.forEach((quad, q) => {
    emitFollow(context, quad, moves[q]!);
  });
  code.get(t).i32(1).op('i32.add').set(t).br(1);
  code.end();
  quads.forEach((quad, q) => {
    emitStops(context, quad, moves[q]!);
  });
  // Next step, unless every ball of these quads has stopped.
  code.get(t).i32(1).op('i32.add').set(t);
  anyActive();
  code.brIf(0);
  code.end().end();
}

/** What one step of one quad computes before anything is kept. */
interface Move {
  readonly settled: number;
  readonly inBounds: number;
  readonly nextX: number;
  readonly nextY: number;
  /** The optimizer's state after the update, a local per state array. */
  readonly state: readonly number[];
}

/**
 * One step of one quad up to its decisions: the settle check on the slope before the move, the
 * update for every lane (the rule is pure: lanes that stop keep their values later), and the bounds
 * of where it leads (NaN fails every comparison and lands outside).
 */
function emitMove(context: FrameContext, quad: Quad): Move {
  const { code, locals, spec } = context;
  const { criteria, optimizer } = spec;
  const { x, y, state } = quad;
  const settled = locals.add(V128);
  const inBounds = locals.add(V128);
  const [gx, gy] = emitSimd(spec.ir.slice(1), code, locals, { x, y });
  // Settled: |g|^2 below the tolerance, or within tolerance of a known minimum.
  code.get(gx!).get(gx!).simd('f32x4.mul').get(gy!).get(gy!).simd('f32x4.mul').simd('f32x4.add');
  code.f32x4(criteria.gradientTolSq).simd('f32x4.lt').set(settled);
  if (criteria.minima.length > 0) {
    const nearest = nearestMinimum(context, quad);
    code.get(nearest).f32x4(criteria.minimumTolSq).simd('f32x4.lt').get(settled).simd('v128.or').set(settled);
  }
  const out = emitRuleSimd(optimizer.rule, context.values, code, locals, {
    g: spec.noise ? noisySlope(context, quad, gx!, gy!, spec.noise.deviation) : [gx!, gy!],
    x: [x, y],
    lr: context.rate,
    state,
    counters: context.counters,
  });
  const [nextX, nextY] = out.x;
  code.get(nextX).f32x4(criteria.xLo).simd('f32x4.ge');
  code.get(nextX).f32x4(criteria.xHi).simd('f32x4.le').simd('v128.and');
  code.get(nextY).f32x4(criteria.yLo).simd('f32x4.ge').simd('v128.and');
  code.get(nextY).f32x4(criteria.yHi).simd('f32x4.le').simd('v128.and').set(inBounds);
  return { settled, inBounds, nextX, nextY, state: out.state };
}

/** The squared distance from each ball of `quad` to the nearest known minimum (NaN for NaN). */
function nearestMinimum(context: FrameContext, quad: Quad): number {
  const { code, locals } = context;
  const { minima } = context.spec.criteria;
  const nearest = locals.add(V128);
  const scratch = locals.add(V128);
  for (let k = 0; k < minima.length; k += 2) {
    code.get(quad.x).f32x4(minima[k]!).simd('f32x4.sub').tee(scratch).get(scratch).simd('f32x4.mul');
    code
      .get(quad.y)
      .f32x4(minima[k + 1]!)
      .simd('f32x4.sub')
      .tee(scratch)
      .get(scratch)
      .simd('f32x4.mul')
      .simd('f32x4.add');
    // pmin(d, nearest) = nearest < d ? nearest : d. Equal to or-ing each distance's check: x and y
    // finite give no NaN, and a NaN in either gives NaN from every minimum.
    if (k > 0) code.get(nearest).simd('f32x4.pmin');
    code.set(nearest);
  }
  return nearest;
}

/** A step where all four balls move on: calm counts 0, the new values kept as they are. */
function emitKeep(context: FrameContext, quad: Quad, move: Move): void {
  const { code } = context;
  code.i32x4(0).set(quad.calm);
  move.state.forEach((updated, k) => {
    if (updated !== quad.state[k]) code.get(updated).set(quad.state[k]!);
  });
  code.get(move.nextX).set(quad.x).get(move.nextY).set(quad.y);
}

/** calm: +1 while settled, else 0 (settled is all ones or zeros); only the active lanes count. */
function emitCalm(context: FrameContext, quad: Quad, move: Move): void {
  const { code } = context;
  const { calm, active } = quad;
  code.get(calm).i32x4(1).simd('i32x4.add').get(move.settled).simd('v128.and');
  code.get(calm).get(active).simd('v128.bitselect').set(calm);
}

/** The lanes still moving take their new values; the others keep theirs. */
function emitFollow(context: FrameContext, quad: Quad, move: Move): void {
  const { code } = context;
  const { x, y, active, state } = quad;
  move.state.forEach((updated, k) => {
    if (updated !== state[k])
      code.get(updated).get(state[k]!).get(active).simd('v128.bitselect').set(state[k]!);
  });
  code.get(move.nextX).get(x).get(active).simd('v128.bitselect').set(x);
  code.get(move.nextY).get(y).get(active).simd('v128.bitselect').set(y);
}

/**
 * A step where some ball stops (after emitCalm): which converge (settled SETTLE_STEPS steps in a
 * row, before the move) and which diverge (out of bounds after it), and what each lane keeps.
 */
function emitStops(context: FrameContext, quad: Quad, move: Move): void {
  const { code } = context;
  const { x, y, status, calm, convergedAt, active, state } = quad;
  const { inBounds, nextX, nextY } = move;
  const converging = context.locals.add(V128);
  code
    .get(calm)
    .i32x4(SETTLE_STEPS - 1)
    .simd('i32x4.gt_s')
    .get(active)
    .simd('v128.and')
    .set(converging);
  // An active ball's status and convergence step are 0 (ACTIVE), so the ones that stop now are
  // or-ed in: cheaper than a bitselect, which takes three instructions without AVX.
  code.get(status).i32x4(CONVERGED).get(converging).simd('v128.and').simd('v128.or').set(status);
  code.get(convergedAt).get(P.stepsDone).get(context.t).op('i32.add').simd('i32x4.splat');
  code.get(converging).simd('v128.and').simd('v128.or').set(convergedAt);
  code.get(active).get(converging).simd('v128.andnot').set(active);
  // The state moves on in the lanes still moving, then a ball out of bounds diverges: it keeps
  // its last position and its updated state.
  move.state.forEach((updated, k) => {
    if (updated !== state[k])
      code.get(updated).get(state[k]!).get(active).simd('v128.bitselect').set(state[k]!);
  });
  code.get(status).i32x4(DIVERGED).get(active).get(inBounds).simd('v128.andnot');
  code.simd('v128.and').simd('v128.or').set(status);
  code.get(active).get(inBounds).simd('v128.and').set(active);
  code.get(nextX).get(x).get(active).simd('v128.bitselect').set(x);
  code.get(nextY).get(y).get(active).simd('v128.bitselect').set(y);
}

/** The slope the update follows with noise: the gradient plus deviation times a Gaussian pair. */
function noisySlope(
  context: FrameContext,
  quad: Quad,
  gx: number,
  gy: number,
  deviation: number,
): [number, number] {
  const { code, locals } = context;
  const ball = locals.add(V128);
  const step = locals.add(I32);
  code.get(P.firstBall).simd('i32x4.splat').get(quad.balls).simd('i32x4.add').set(ball);
  code.get(P.stepsDone).get(context.t).op('i32.add').set(step);
  const [noiseX, noiseY] = gaussianPairSimd(code, locals, { seedHash: context.seedHash, ball, step });
  return [gx, gy].map((g, k) => {
    const slope = locals.add(V128);
    code
      .get(k === 0 ? noiseX : noiseY)
      .f32x4(deviation)
      .simd('f32x4.mul')
      .get(g)
      .simd('f32x4.add')
      .set(slope);
    return slope;
  }) as [number, number];
}

export function descentFrame(spec: FrameSpec, memory: WebAssembly.Memory, shared = false): DescentFrame {
  const module = new WebAssembly.Module(descentFrameModule(spec, shared));
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DescentFrame;
}
