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
import { gaussianPair } from './noise.ts';
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
  /**
   * Standard deviation of the Gaussian noise added to each gradient component before the update
   * (not before the settle check, which judges where the ball is); 0 for none.
   */
  readonly noise: number;
  /** The simulation's seed, which the noise is drawn from (see noise.ts). */
  readonly noiseSeed: number;
  readonly gaussianPair: typeof gaussianPair;
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
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
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
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      const nextX = x - learningRate * slopeX;
      const nextY = y - learningRate * slopeY;
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
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
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
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      vxs[i] = beta * vx - learningRate * slopeX;
      vys[i] = beta * vy - learningRate * slopeY;
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

/**
 * Nesterov momentum, in its one-gradient form: v <- beta * v - learningRate * slope;
 * x <- x + beta * v - learningRate * slope. Equivalent to taking the slope at the look-ahead
 * point, with the slope (and so the settle check) at the ball itself.
 */
function nesterovKernel(
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
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
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
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      vxs[i] = beta * vx - learningRate * slopeX;
      vys[i] = beta * vy - learningRate * slopeY;
      vx = vxs[i]!;
      vy = vys[i]!;
      const nextX = x + beta * vx - learningRate * slopeX;
      const nextY = y + beta * vy - learningRate * slopeY;
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
 * AdaGrad: G <- G + slope^2; x <- x - learningRate * slope / (sqrt(G) + epsilon), per coordinate.
 * Each coordinate's step shrinks with all the slope it has seen.
 */
function adagradKernel(
  block: BallBlock,
  steps: number,
  learningRate: number,
  params: HyperParameters,
  env: StepEnvironment,
): void {
  const { x: xs, y: ys, status, calm, convergedAt, count } = block;
  const sxs = block.state[0]!;
  const sys = block.state[1]!;
  const { gradient, criteria, stepsDone, settleSteps, active, converged, diverged } = env;
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
  const g: [number, number] = [0, 0];
  const { looksSettled: settled, isInBounds: inBounds } = env;
  const epsilon = params.epsilon ?? 1e-8;
  for (let i = 0; i < count; i++) {
    if (status[i] !== active) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let sx = sxs[i]!;
    let sy = sys[i]!;
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
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      sxs[i] = sx + slopeX * slopeX;
      sys[i] = sy + slopeY * slopeY;
      sx = sxs[i]!;
      sy = sys[i]!;
      const nextX = x - (learningRate * slopeX) / (Math.sqrt(sx) + epsilon);
      const nextY = y - (learningRate * slopeY) / (Math.sqrt(sy) + epsilon);
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
 * RMSProp: E <- rho * E + (1 - rho) * slope^2; x <- x - learningRate * slope / (sqrt(E) + epsilon).
 * Like AdaGrad, but with a fading memory, so steps do not shrink for good.
 */
function rmspropKernel(
  block: BallBlock,
  steps: number,
  learningRate: number,
  params: HyperParameters,
  env: StepEnvironment,
): void {
  const { x: xs, y: ys, status, calm, convergedAt, count } = block;
  const exs = block.state[0]!;
  const eys = block.state[1]!;
  const { gradient, criteria, stepsDone, settleSteps, active, converged, diverged } = env;
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
  const g: [number, number] = [0, 0];
  const { looksSettled: settled, isInBounds: inBounds } = env;
  const rho = params.rho ?? 0.9;
  const epsilon = params.epsilon ?? 1e-8;
  for (let i = 0; i < count; i++) {
    if (status[i] !== active) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let ex = exs[i]!;
    let ey = eys[i]!;
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
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      exs[i] = rho * ex + (1 - rho) * slopeX * slopeX;
      eys[i] = rho * ey + (1 - rho) * slopeY * slopeY;
      ex = exs[i]!;
      ey = eys[i]!;
      const nextX = x - (learningRate * slopeX) / (Math.sqrt(ex) + epsilon);
      const nextY = y - (learningRate * slopeY) / (Math.sqrt(ey) + epsilon);
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
 * Adam with bias correction (Kingma & Ba): m <- beta1 m + (1 - beta1) slope;
 * v <- beta2 v + (1 - beta2) slope^2; x <- x - learningRate * m^ / (sqrt(v^) + epsilon) with
 * m^ = m / (1 - beta1^k), v^ = v / (1 - beta2^k), k the 1-based step number.
 */
function adamKernel(
  block: BallBlock,
  steps: number,
  learningRate: number,
  params: HyperParameters,
  env: StepEnvironment,
): void {
  const { x: xs, y: ys, status, calm, convergedAt, count } = block;
  const mxs = block.state[0]!;
  const mys = block.state[1]!;
  const vxs = block.state[2]!;
  const vys = block.state[3]!;
  const { gradient, criteria, stepsDone, settleSteps, active, converged, diverged } = env;
  const { noise, noiseSeed, gaussianPair: noisePair } = env;
  const g: [number, number] = [0, 0];
  const { looksSettled: settled, isInBounds: inBounds } = env;
  const beta1 = params.beta1 ?? 0.9;
  const beta2 = params.beta2 ?? 0.999;
  const epsilon = params.epsilon ?? 1e-8;
  for (let i = 0; i < count; i++) {
    if (status[i] !== active) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let mx = mxs[i]!;
    let my = mys[i]!;
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
      // The slope the update follows: the gradient, plus the group's noise when it has some.
      let slopeX = gx;
      let slopeY = gy;
      if (noise !== 0) {
        noisePair(noiseSeed, i, stepsDone + t, g);
        slopeX = gx + noise * g[0]!;
        slopeY = gy + noise * g[1]!;
      }
      mxs[i] = beta1 * mx + (1 - beta1) * slopeX;
      mys[i] = beta1 * my + (1 - beta1) * slopeY;
      vxs[i] = beta2 * vx + (1 - beta2) * slopeX * slopeX;
      vys[i] = beta2 * vy + (1 - beta2) * slopeY * slopeY;
      mx = mxs[i]!;
      my = mys[i]!;
      vx = vxs[i]!;
      vy = vys[i]!;
      const k = stepsDone + t + 1;
      const mCorrection = 1 - beta1 ** k;
      const vCorrection = 1 - beta2 ** k;
      const nextX = x - (learningRate * (mx / mCorrection)) / (Math.sqrt(vx / vCorrection) + epsilon);
      const nextY = y - (learningRate * (my / mCorrection)) / (Math.sqrt(vy / vCorrection) + epsilon);
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

export const nesterov: Optimizer = {
  id: 'nesterov',
  name: 'Nesterov',
  stateNames: ['vx', 'vy'],
  defaults: { beta: 0.9 },
  advance: nesterovKernel,
};

export const adagrad: Optimizer = {
  id: 'adagrad',
  name: 'AdaGrad',
  stateNames: ['gx2', 'gy2'],
  defaults: { epsilon: 1e-8 },
  advance: adagradKernel,
};

export const rmsprop: Optimizer = {
  id: 'rmsprop',
  name: 'RMSProp',
  stateNames: ['ex', 'ey'],
  defaults: { rho: 0.9, epsilon: 1e-8 },
  advance: rmspropKernel,
};

export const adam: Optimizer = {
  id: 'adam',
  name: 'Adam',
  stateNames: ['mx', 'my', 'vx', 'vy'],
  defaults: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  advance: adamKernel,
};

export const OPTIMIZERS: readonly Optimizer[] = [gradientDescent, momentum, nesterov, adagrad, rmsprop, adam];

export function findOptimizer(id: string): Optimizer | undefined {
  return OPTIMIZERS.find((optimizer) => optimizer.id === id);
}
