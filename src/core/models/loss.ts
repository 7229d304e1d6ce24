/**
 * A model's loss over data and its slope in the parameters, in float64: over every point (the
 * landscape as drawn, full-batch descent) or over a mini-batch of points drawn per ball and step.
 * The CPU reference the other backends are checked against.
 */
import type { DataSet } from '../data/data-set.ts';
import { noiseHash } from '../noise.ts';
import type { Model, ParameterSlope } from './define.ts';

/** The loss of one point given the model's output there, and its slope in that output. */
export function pointLoss(model: Model, output: number, target: number): number {
  if (model.loss === 'squared') {
    const residual = output - target;
    return residual * residual;
  }
  // log(1 + e^z) - y·z, written so that no exponential overflows.
  return Math.max(output, 0) + Math.log1p(Math.exp(-Math.abs(output))) - target * output;
}

export function pointLossSlope(model: Model, output: number, target: number): number {
  if (model.loss === 'squared') return 2 * (output - target);
  // σ(z) - y, with e^-|z| so that it never overflows.
  const e = Math.exp(-Math.abs(output));
  const sigmoid = output >= 0 ? 1 / (1 + e) : e / (1 + e);
  return sigmoid - target;
}

/** The mean loss over every point of `data` at parameters (p0, p1). */
export function meanLoss(model: Model, data: DataSet, p0: number, p1: number): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) {
    sum += pointLoss(model, model.output(data.x[i]!, p0, p1), data.y[i]!);
  }
  return sum / data.x.length;
}

const scratch = new Float64Array(2);

/** Adds point i's loss slope in (p0, p1) to sums[0] and sums[1]. */
function addPointSlope(
  model: Model,
  data: DataSet,
  i: number,
  p0: number,
  p1: number,
  sums: Float64Array,
): void {
  const x = data.x[i]!;
  const slope = pointLossSlope(model, model.output(x, p0, p1), data.y[i]!);
  model.outputSlope(x, p0, p1, scratch);
  sums[0]! += slope * scratch[0]!;
  sums[1]! += slope * scratch[1]!;
}

const sums = new Float64Array(2);

/** The mean loss's slope in (p0, p1) over every point, into out. */
export function meanLossSlope(
  model: Model,
  data: DataSet,
  p0: number,
  p1: number,
  out: ParameterSlope,
): void {
  sums.fill(0);
  for (let i = 0; i < data.x.length; i++) addPointSlope(model, data, i, p0, p1, sums);
  out[0] = sums[0]! / data.x.length;
  out[1] = sums[1]! / data.x.length;
}

/**
 * The mean loss's slope in (p0, p1) over the `batch` points ball `ball` draws at step `step`
 * (batchPoint), into out.
 */
export function batchLossSlope(
  model: Model,
  data: DataSet,
  p0: number,
  p1: number,
  out: ParameterSlope,
  seed: number,
  ball: number,
  step: number,
  batch: number,
): void {
  sums.fill(0);
  for (let j = 0; j < batch; j++) {
    addPointSlope(model, data, batchPoint(seed, ball, step, j, data.x.length), p0, p1, sums);
  }
  out[0] = sums[0]! / batch;
  out[1] = sums[1]! / batch;
}

/** Hash components of the batch's draws, clear of the gradient noise's (0 and 1). */
export const BATCH_COMPONENT = 0x100;

/**
 * The point a ball draws as the j-th of its mini-batch at a step: from the counter-based hash of
 * (seed, ball, step, j), the same on every backend, uniform over `count` points (count <= 65,536:
 * the top 16 bits of the hash times count, divided by 65,536, stays within u32 on the GPU).
 */
export function batchPoint(seed: number, ball: number, step: number, j: number, count: number): number {
  return ((noiseHash(seed, ball, step, BATCH_COMPONENT + j) >>> 16) * count) >>> 16;
}
