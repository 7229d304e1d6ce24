/**
 * The CPU kernel: what every optimizer's step shares, written once around the update its rule
 * compiles to (define.ts `compileUpdate`). It advances a block of balls by K steps in a tight loop
 * (ball outer, step inner, like the GPU shader): the settle check on the slope before the move,
 * the group's gradient noise, the update, the bounds check, and the store.
 *
 * The frame is self-contained: everything it uses arrives through its arguments (no imports, no
 * module variables), so `specializeKernel` can give every group its own copy. V8 then sees one
 * landscape at each copy's gradient call and one update at its update call and inlines both,
 * instead of one shared loop slowing down for every landscape once several have run
 * (bench/cpu.ts measures this).
 */
import { generatedFunction } from '../code-generation.ts';
import type { GradientFn } from '../landscape.ts';
import { gaussianPair } from '../noise.ts';
import {
  ACTIVE,
  CONVERGED,
  DIVERGED,
  isInBounds,
  looksSettled,
  SETTLE_STEPS,
  type SettleCriteria,
} from '../status.ts';
import type { UpdateFunction } from './rule.ts';

/** Float32Array for the app (matches the GPU), Float64Array for exact reference runs. */
export type FloatArray = Float32Array | Float64Array;

/** The balls of one group, structure-of-arrays. */
export interface BallBlock {
  readonly count: number;
  readonly x: FloatArray;
  readonly y: FloatArray;
  readonly status: Uint8Array;
  /** Consecutive steps the ball has looked settled (see SETTLE_STEPS). */
  readonly calm: Uint8Array;
  /** Global step at which the ball converged, 0 while it has not. */
  readonly convergedAt: Uint32Array;
  /** One array per entry of the optimizer's `stateNames`, all zero at the start. */
  readonly state: readonly FloatArray[];
}

/** A group's update and its counters (define.ts): what the frame calls at every step. */
export interface GroupUpdate {
  readonly update: UpdateFunction;
  /** Fills `out` with each counter's value at `stepsDone`. */
  readonly counterStarts: (stepsDone: number, out: Float64Array) => void;
}

/** Everything a kernel needs besides its balls; the status rules travel with it (see above). */
export interface StepEnvironment {
  readonly gradient: GradientFn;
  readonly criteria: SettleCriteria;
  /** Steps done before this call; a ball converging at local step t gets `stepsDone + t`. */
  readonly stepsDone: number;
  readonly looksSettled: typeof looksSettled;
  readonly isInBounds: typeof isInBounds;
  readonly settleSteps: number;
  readonly active: number;
  readonly converged: number;
  readonly diverged: number;
  /**
   * Standard deviation of the Gaussian noise added to each gradient component before the update
   * (not before the settle check, which judges where the ball is); 0 for none.
   */
  readonly noise: number;
  /** The simulation's seed, which the noise is drawn from (see noise.ts). */
  readonly noiseSeed: number;
  readonly gaussianPair: typeof gaussianPair;
}

/** Advances every active ball of `block` by `steps` steps at `learningRate`. Self-contained. */
export type AdvanceKernel = (
  block: BallBlock,
  steps: number,
  learningRate: number,
  group: GroupUpdate,
  env: StepEnvironment,
) => void;

/** The parts of a StepEnvironment that never change; no noise unless `noise` is given. */
export function stepEnvironment(
  gradient: GradientFn,
  criteria: SettleCriteria,
  stepsDone: number,
  noise = 0,
  noiseSeed = 0,
): StepEnvironment {
  return {
    gradient,
    criteria,
    stepsDone,
    looksSettled,
    isInBounds,
    settleSteps: SETTLE_STEPS,
    active: ACTIVE,
    converged: CONVERGED,
    diverged: DIVERGED,
    noise,
    noiseSeed,
    gaussianPair,
  };
}

/**
 * Every optimizer's kernel. Positions and state are stored back into the typed arrays after every
 * step and read back, so a Float32Array rounds them each step exactly like the GPU does, whatever
 * K is.
 */
export function advanceBlock(
  block: BallBlock,
  steps: number,
  learningRate: number,
  group: GroupUpdate,
  env: StepEnvironment,
): void {
  const { x: xs, y: ys, status, calm, convergedAt, count, state } = block;
  const { gradient, criteria, stepsDone, settleSteps, active, converged, diverged } = env;
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
  const { looksSettled: settled, isInBounds: inBounds } = env;
  const { update } = group;
  // Unused slots get an empty array: the update of an optimizer with less state never reads them.
  const none = state[0] ?? xs.subarray(0, 0);
  const s0 = state[0] ?? none;
  const s1 = state[1] ?? none;
  const s2 = state[2] ?? none;
  const s3 = state[3] ?? none;
  const starts = new Float64Array(2);
  group.counterStarts(stepsDone, starts);
  const counters = new Float64Array(2);
  // Plain local arrays, not shared typed ones: once the gradient and the update are inlined V8
  // keeps their two values in registers (a Float64Array for g cost 15% on the bowl).
  const g: [number, number] = [0, 0];
  const next: [number, number] = [0, 0];
  for (let i = 0; i < count; i++) {
    if (status[i] !== active) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let calmSteps = calm[i]!;
    counters[0] = starts[0]!;
    counters[1] = starts[1]!;
    for (let t = 0; t < steps; t++) {
      gradient(x, y, g, i, stepsDone + t);
      const gx = g[0]!;
      const gy = g[1]!;
      if (settled(x, y, gx, gy, criteria)) {
        if (++calmSteps >= settleSteps) {
          status[i] = converged;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      update(s0, s1, s2, s3, i, x, y, slopeX, slopeY, learningRate, counters, next);
      const nextX = next[0];
      const nextY = next[1];
      // A diverged ball keeps its last in-bounds position (and the updated optimizer state).
      if (!inBounds(nextX, nextY, criteria)) {
        status[i] = diverged;
        break;
      }
      xs[i] = nextX;
      ys[i] = nextY;
      x = xs[i]!;
      y = ys[i]!;
    }
    calm[i] = calmSteps;
  }
}

let copies = 0;

/**
 * A private copy of the kernel, compiled from its source, so that its call sites only ever see the
 * one landscape and update it is used with. Falls back to the shared kernel where the page forbids
 * compiling code (a Content-Security-Policy without 'unsafe-eval'): slower, same results.
 */
export function specializeKernel(kernel: AdvanceKernel = advanceBlock): AdvanceKernel {
  // Every copy's source differs (the comment): V8 caches code compiled from the same text with
  // its type feedback, so identical copies would share one call site again (measured: Rosenbrock
  // at a third of its speed after the other landscapes had run).
  const factory = generatedFunction<() => AdvanceKernel>(
    [],
    `"use strict"; return (${kernel.toString()}); // copy ${++copies}`,
  );
  return factory ? factory() : kernel;
}
