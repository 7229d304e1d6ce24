/**
 * What the parity tests of every backend against the JavaScript engine share
 * (tests/browser/gpu-parity.test.ts, the GPU; tests/unit/wasm-frame.test.ts, WebAssembly): the
 * learning rate each optimizer is compared at on a landscape (200 steps exercise every operation
 * of the kernel, and what is compared is still deterministic), and the ball-by-ball comparison.
 */
import type { Landscape } from '../src/core/landscape.ts';
import type { SimulationSnapshot } from '../src/core/simulation.ts';
import { CONVERGED, DIVERGED } from '../src/core/status.ts';

/**
 * The rate each optimizer is compared at on `landscape`. Gradient descent: the landscape's rate.
 * Momentum and Nesterov: their steady step is lr / (1 - beta), so at 1 - beta = 0.1 of the rate
 * they take the steps that rate was chosen for. AdaGrad, RMSProp, Adam and AdamW divide the slope by its
 * own size, so their steps are ~lr per coordinate whatever the slope (AdaGrad's shrinking as
 * 1 / sqrt(steps)): the landscape's rate, chosen for slopes, means nothing to them, and 1e-3 of
 * the domain's span makes 200 steps cross a good part of a basin (~0.2 of the span) without
 * jumping over it.
 */
export function parityRate(landscape: Landscape, optimizer: string): number {
  if (optimizer === 'momentum' || optimizer === 'nesterov') return landscape.learningRate * 0.1;
  if (optimizer === 'adagrad' || optimizer === 'adam' || optimizer === 'adamw')
    return adaptiveRate(landscape);
  // RMSProp does not settle at a fixed rate: it ends in a limit cycle of steps ~lr about its
  // minimum, and that cycle is chaotic. At 1e-3 of the span the CPU's own float32 and float64 runs
  // end a step length apart (p99 ~8,500 ulps) and disagree on 10% of Rastrigin's statuses; at 1e-4
  // still on 1.7%, at 3e-5 on 0.1%. At 1e-5, 200 steps are the approach (up to ~0.6% of the
  // span): every operation of the kernel is exercised, and what is compared is still deterministic.
  // Lion's steps are exactly lr per coordinate, in the direction of a sign: a ball near a valley
  // floor or a minimum flips that sign on a rounding difference and ends two steps away (seen on
  // the bowl at its rate: 0.2 of the span). At 1e-5 of the span, as RMSProp, 200 steps are the
  // approach.
  if (optimizer === 'rmsprop' || optimizer === 'lion') return adaptiveRate(landscape) * 0.01;
  return landscape.learningRate;
}

export function adaptiveRate(landscape: Landscape): number {
  return (landscape.domain.xMax - landscape.domain.xMin) * 1e-3;
}

export interface Comparison {
  readonly compared: number;
  readonly worst: number;
  readonly p99: number;
  readonly statusAgree: number;
  readonly convergedAtAgree: number;
  readonly convergedBoth: number;
}

/**
 * Compares a backend's balls with the engine's, ball by ball: statuses, convergence steps, and the
 * positions of balls whose status agrees (not diverged ones, which keep a far-off last position;
 * converged ones only if they converged at the same step), as the larger coordinate's deviation
 * over the domain's span.
 */
export function compareSnapshots(
  landscape: Landscape,
  backend: Pick<SimulationSnapshot, 'x' | 'y' | 'status' | 'convergedAt'>,
  engine: Pick<SimulationSnapshot, 'x' | 'y' | 'status' | 'convergedAt'>,
): Comparison {
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const span = Math.max(xMax - xMin, yMax - yMin);
  const deviations: number[] = [];
  let statusAgree = 0;
  let convergedAtAgree = 0;
  let convergedBoth = 0;
  for (let i = 0; i < engine.x.length; i++) {
    const status = backend.status[i]!;
    if (status !== engine.status[i]) continue;
    statusAgree++;
    if (status === CONVERGED) {
      convergedBoth++;
      if (backend.convergedAt[i] !== engine.convergedAt[i]) continue;
      convergedAtAgree++;
    }
    if (status === DIVERGED) continue;
    const dx = Math.abs(backend.x[i]! - engine.x[i]!);
    const dy = Math.abs(backend.y[i]! - engine.y[i]!);
    deviations.push(Math.max(dx, dy) / span);
  }
  deviations.sort((a, b) => a - b);
  return {
    compared: deviations.length,
    worst: deviations.at(-1) ?? 0,
    p99: deviations[Math.floor(0.99 * deviations.length)] ?? 0,
    statusAgree,
    convergedAtAgree,
    convergedBoth,
  };
}
