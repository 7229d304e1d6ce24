/**
 * Optimizers: how a ball turns the slope under it into a step. Each one is a kernel that advances
 * a block of balls by K steps in a tight loop (ball outer, step inner, like the GPU shader),
 * keeping its own state per ball. Adding an optimizer means adding an entry to OPTIMIZERS; the
 * simulation loop does not change.
 *
 * Kernels are self-contained: everything they use arrives through their arguments (no imports,
 * no module variables), so `specializeKernel` can give every simulation its own copy. V8 then
 * sees a single landscape at each copy's gradient call and inlines it, instead of one shared
 * loop slowing down for every landscape once several have run (bench/cpu.ts measures this).
 */
import type { GradientFn } from './landscape.ts';
import {
  ACTIVE,
  CONVERGED,
  DIVERGED,
  isInBounds,
  looksSettled,
  SETTLE_STEPS,
  type SettleCriteria,
} from './status.ts';

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
}

export type HyperParameters = Readonly<Record<string, number>>;

/** Advances every active ball of `block` by `steps` steps at `learningRate`. Self-contained. */
export type AdvanceKernel = (
  block: BallBlock,
  steps: number,
  learningRate: number,
  params: HyperParameters,
  env: StepEnvironment,
) => void;

export interface Optimizer {
  readonly id: string;
  readonly name: string;
  /** Names of the per-ball state arrays, e.g. velocity components. */
  readonly stateNames: readonly string[];
  /** Hyper-parameters besides the learning rate, with their standard defaults. */
  readonly defaults: HyperParameters;
  readonly advance: AdvanceKernel;
}

/** The parts of a StepEnvironment that never change. */
export function stepEnvironment(
  gradient: GradientFn,
  criteria: SettleCriteria,
  stepsDone: number,
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
  };
}

/**
 * A private copy of a kernel, compiled from its source, so that its call sites only ever see the
 * one landscape and optimizer it is used with. Falls back to the shared kernel where the page
 * forbids compiling code (a Content-Security-Policy without 'unsafe-eval'): slower, same results.
 */
export function specializeKernel(kernel: AdvanceKernel): AdvanceKernel {
  try {
    const copy: unknown = new Function(`"use strict"; return (${kernel.toString()});`)();
    return typeof copy === 'function' ? (copy as AdvanceKernel) : kernel;
  } catch {
    return kernel;
  }
}

/**
 * Plain gradient descent, the chapter's rule: x <- x - learningRate * slope.
 *
 * Positions are stored back into the typed arrays after every step and read back, so a
 * Float32Array rounds them each step exactly like the GPU does, whatever K is.
 */
function gradientDescentKernel(
  block: BallBlock,
  steps: number,
  learningRate: number,
  _params: HyperParameters,
  env: StepEnvironment,
): void {
  const { x: xs, y: ys, status, calm, convergedAt, count } = block;
  const { gradient, criteria, stepsDone, settleSteps, active, converged, diverged } = env;
  // A plain local array, not a shared typed one: once the gradient is inlined V8 keeps its two
  // values in registers (a Float64Array here cost 15% on the bowl).
  const g: [number, number] = [0, 0];
  const { looksSettled: settled, isInBounds: inBounds } = env;
  for (let i = 0; i < count; i++) {
    if (status[i] !== active) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let calmSteps = calm[i]!;
    for (let t = 0; t < steps; t++) {
      gradient(x, y, g);
      const gx = g[0]!;
      const gy = g[1]!;
      if (settled(x, y, gx, gy, criteria)) {
        if (++calmSteps >= settleSteps) {
          status[i] = converged;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      const nextX = x - learningRate * gx;
      const nextY = y - learningRate * gy;
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

/**
 * Heavy-ball momentum (Polyak): v <- beta * v - learningRate * slope; x <- x + v.
 * The velocity remembers past slopes, so the ball keeps rolling along a ravine's floor.
 */
function momentumKernel(
  block: BallBlock,
  steps: number,
  learningRate: number,
  params: HyperParameters,
  env: StepEnvironment,
): void {
  const { x: xs, y: ys, status, calm, convergedAt, count } = block;
  const vxs = block.state[0]!;
  const vys = block.state[1]!;
  const { gradient, criteria, stepsDone, settleSteps, active, converged, diverged } = env;
  // A plain local array, not a shared typed one: once the gradient is inlined V8 keeps its two
  // values in registers (a Float64Array here cost 15% on the bowl).
  const g: [number, number] = [0, 0];
  const { looksSettled: settled, isInBounds: inBounds } = env;
  const beta = params.beta ?? 0.9;
  for (let i = 0; i < count; i++) {
    if (status[i] !== active) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let vx = vxs[i]!;
    let vy = vys[i]!;
    let calmSteps = calm[i]!;
    for (let t = 0; t < steps; t++) {
      gradient(x, y, g);
      const gx = g[0]!;
      const gy = g[1]!;
      if (settled(x, y, gx, gy, criteria)) {
        if (++calmSteps >= settleSteps) {
          status[i] = converged;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      vxs[i] = beta * vx - learningRate * gx;
      vys[i] = beta * vy - learningRate * gy;
      vx = vxs[i]!;
      vy = vys[i]!;
      const nextX = x + vx;
      const nextY = y + vy;
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

export const gradientDescent: Optimizer = {
  id: 'gd',
  name: 'Gradient descent',
  stateNames: [],
  defaults: {},
  advance: gradientDescentKernel,
};

export const momentum: Optimizer = {
  id: 'momentum',
  name: 'Momentum',
  stateNames: ['vx', 'vy'],
  defaults: { beta: 0.9 },
  advance: momentumKernel,
};

export const OPTIMIZERS: readonly Optimizer[] = [gradientDescent, momentum];

export function findOptimizer(id: string): Optimizer | undefined {
  return OPTIMIZERS.find((optimizer) => optimizer.id === id);
}
