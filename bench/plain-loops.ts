/**
 * The baseline for the CPU engine: for each benchmarked landscape, one plain hand-written loop
 * with the gradient written inline and the same status rules (settle, escape) as the engine.
 * Whatever the engine's abstractions (landscape objects, optimizer objects, groups) cost shows up
 * as the ratio between the two.
 */
import { SETTLE_STEPS, type SettleCriteria } from '../src/core/status.ts';

export interface PlainBalls {
  x: Float32Array;
  y: Float32Array;
  status: Uint8Array;
  calm: Uint8Array;
  convergedAt: Uint32Array;
}

type Gradient2 = 'bowl' | 'rosenbrock' | 'rastrigin' | 'himmelblau';

const TWO_PI = 2 * Math.PI;

/** Advances every active ball by `steps` steps of plain gradient descent. */
export function plainLoop(
  kind: Gradient2,
  balls: PlainBalls,
  steps: number,
  learningRate: number,
  c: SettleCriteria,
  stepsDone: number,
): void {
  switch (kind) {
    case 'bowl':
      bowlLoop(balls, steps, learningRate, c, stepsDone);
      break;
    case 'rosenbrock':
      rosenbrockLoop(balls, steps, learningRate, c, stepsDone);
      break;
    case 'rastrigin':
      rastriginLoop(balls, steps, learningRate, c, stepsDone);
      break;
    case 'himmelblau':
      himmelblauLoop(balls, steps, learningRate, c, stepsDone);
      break;
  }
}

// The four loops below are deliberately written out in full, each with its gradient inline:
// that is what "hand-written" means for a baseline.

function bowlLoop(b: PlainBalls, steps: number, lr: number, c: SettleCriteria, stepsDone: number): void {
  const { x: xs, y: ys, status, calm, convergedAt } = b;
  const n = xs.length;
  const minima = c.minima;
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let calmSteps = calm[i]!;
    for (let t = 0; t < steps; t++) {
      const gx = 2 * x;
      const gy = 2 * y;
      let settled = gx * gx + gy * gy < c.gradientTolSq;
      for (let k = 0; !settled && k < minima.length; k += 2) {
        const dx = x - minima[k]!;
        const dy = y - minima[k + 1]!;
        settled = dx * dx + dy * dy < c.minimumTolSq;
      }
      if (settled) {
        if (++calmSteps >= SETTLE_STEPS) {
          status[i] = 1;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      const nx = x - lr * gx;
      const ny = y - lr * gy;
      if (!(nx >= c.xLo && nx <= c.xHi && ny >= c.yLo && ny <= c.yHi)) {
        status[i] = 2;
        break;
      }
      xs[i] = nx;
      ys[i] = ny;
      x = xs[i]!;
      y = ys[i]!;
    }
    calm[i] = calmSteps;
  }
}

function rosenbrockLoop(
  b: PlainBalls,
  steps: number,
  lr: number,
  c: SettleCriteria,
  stepsDone: number,
): void {
  const { x: xs, y: ys, status, calm, convergedAt } = b;
  const n = xs.length;
  const minima = c.minima;
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let calmSteps = calm[i]!;
    for (let t = 0; t < steps; t++) {
      const r = y - x * x;
      const gx = -2 * (1 - x) - 400 * x * r;
      const gy = 200 * r;
      let settled = gx * gx + gy * gy < c.gradientTolSq;
      for (let k = 0; !settled && k < minima.length; k += 2) {
        const dx = x - minima[k]!;
        const dy = y - minima[k + 1]!;
        settled = dx * dx + dy * dy < c.minimumTolSq;
      }
      if (settled) {
        if (++calmSteps >= SETTLE_STEPS) {
          status[i] = 1;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      const nx = x - lr * gx;
      const ny = y - lr * gy;
      if (!(nx >= c.xLo && nx <= c.xHi && ny >= c.yLo && ny <= c.yHi)) {
        status[i] = 2;
        break;
      }
      xs[i] = nx;
      ys[i] = ny;
      x = xs[i]!;
      y = ys[i]!;
    }
    calm[i] = calmSteps;
  }
}

function rastriginLoop(b: PlainBalls, steps: number, lr: number, c: SettleCriteria, stepsDone: number): void {
  const { x: xs, y: ys, status, calm, convergedAt } = b;
  const n = xs.length;
  const minima = c.minima;
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let calmSteps = calm[i]!;
    for (let t = 0; t < steps; t++) {
      const gx = 2 * x + 10 * TWO_PI * Math.sin(TWO_PI * x);
      const gy = 2 * y + 10 * TWO_PI * Math.sin(TWO_PI * y);
      let settled = gx * gx + gy * gy < c.gradientTolSq;
      for (let k = 0; !settled && k < minima.length; k += 2) {
        const dx = x - minima[k]!;
        const dy = y - minima[k + 1]!;
        settled = dx * dx + dy * dy < c.minimumTolSq;
      }
      if (settled) {
        if (++calmSteps >= SETTLE_STEPS) {
          status[i] = 1;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      const nx = x - lr * gx;
      const ny = y - lr * gy;
      if (!(nx >= c.xLo && nx <= c.xHi && ny >= c.yLo && ny <= c.yHi)) {
        status[i] = 2;
        break;
      }
      xs[i] = nx;
      ys[i] = ny;
      x = xs[i]!;
      y = ys[i]!;
    }
    calm[i] = calmSteps;
  }
}

function himmelblauLoop(
  b: PlainBalls,
  steps: number,
  lr: number,
  c: SettleCriteria,
  stepsDone: number,
): void {
  const { x: xs, y: ys, status, calm, convergedAt } = b;
  const n = xs.length;
  const minima = c.minima;
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) continue;
    let x = xs[i]!;
    let y = ys[i]!;
    let calmSteps = calm[i]!;
    for (let t = 0; t < steps; t++) {
      const a = x * x + y - 11;
      const d = x + y * y - 7;
      const gx = 4 * x * a + 2 * d;
      const gy = 2 * a + 4 * y * d;
      let settled = gx * gx + gy * gy < c.gradientTolSq;
      for (let k = 0; !settled && k < minima.length; k += 2) {
        const dx = x - minima[k]!;
        const dy = y - minima[k + 1]!;
        settled = dx * dx + dy * dy < c.minimumTolSq;
      }
      if (settled) {
        if (++calmSteps >= SETTLE_STEPS) {
          status[i] = 1;
          convergedAt[i] = stepsDone + t;
          break;
        }
      } else calmSteps = 0;
      const nx = x - lr * gx;
      const ny = y - lr * gy;
      if (!(nx >= c.xLo && nx <= c.xHi && ny >= c.yLo && ny <= c.yHi)) {
        status[i] = 2;
        break;
      }
      xs[i] = nx;
      ys[i] = ny;
      x = xs[i]!;
      y = ys[i]!;
    }
    calm[i] = calmSteps;
  }
}
