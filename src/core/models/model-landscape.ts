/**
 * A model's loss over its data as a landscape's mathematics (issue 14): f and its gradient over
 * the parameters, where to show it, its minima and a learning rate, all in float64 on the CPU.
 * - y = w·x and y = w·x + b: the minimum is the least-squares solution (least-squares.ts), and the
 *   domain reaches 5 either way of it (the chapter's curve is shown over w in [-2, 8]);
 * - the others: a fixed domain per model, and the minima found by the multi-start search typed
 *   formulas use (find-minima.ts). Logistic regression on separable data has none: the loss keeps
 *   falling towards infinity.
 * What it does not hold yet is a way for the GPU and the WebAssembly frames to loop over the data:
 * the step before a model runs on every backend.
 */

import { eigen, hessianAt } from '../curvature.ts';
import { gradientToleranceFor, wantsLogHeight } from '../custom-landscape.ts';
import type { DataSet } from '../data/data-set.ts';
import { findMinima, landscapeScale } from '../find-minima.ts';
import type { Domain, GradientFn, Landscape, LossFn, Minimum } from '../landscape.ts';
import { suggestLearningRate } from '../suggest-rate.ts';
import type { Model } from './define.ts';
import { leastSquaresLine, leastSquaresLine0 } from './least-squares.ts';
import { batchLossSlope, meanLoss, meanLossSlope } from './loss.ts';
import { modelLandscapeWgsl } from './model-wgsl.ts';

export interface ModelLandscape {
  readonly model: Model;
  readonly data: DataSet;
  /** 1 for a one-parameter model (a curve over w), 2 otherwise. */
  readonly dimensions: 1 | 2;
  readonly f: LossFn;
  readonly gradient: GradientFn;
  readonly domain: Domain;
  readonly minima: readonly Minimum[];
  readonly learningRate: number;
  readonly gradientTolerance: number;
  readonly logHeight: boolean;
}

/** How far the domain reaches either way of a least-squares minimum (at least). */
const LEAST_SQUARES_REACH = 5;

/** Where the models without a closed-form minimum are shown. */
const MODEL_DOMAINS: Readonly<Record<string, Domain>> = {
  logistic: { xMin: -10, xMax: 10, yMin: -10, yMax: 10 },
  neuron: { xMin: -4, xMax: 4, yMin: -4, yMax: 4 },
};
const FALLBACK_DOMAIN: Domain = { xMin: -5, xMax: 5, yMin: -5, yMax: 5 };

export function modelLandscape(model: Model, data: DataSet): ModelLandscape {
  const dimensions = model.parameters.length === 2 ? 2 : 1;
  const f: LossFn = (p0, p1) => meanLoss(model, data, p0, dimensions === 2 ? p1 : 0);
  const gradient: GradientFn = (p0, p1, out) => {
    meanLossSlope(model, data, p0, dimensions === 2 ? p1 : 0, out);
    if (dimensions === 1) out[1] = 0;
  };
  const exact = leastSquaresMinimum(model, data);
  const domain = exact ? around(exact, dimensions) : (MODEL_DOMAINS[model.id] ?? FALLBACK_DOMAIN);
  // The least-squares minimum and its curvature, or the search's.
  const span = Math.max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
  const search = exact
    ? {
        minima: [{ x: exact[0], y: exact[1], value: f(exact[0], exact[1]), global: true }],
        curvatures: [eigen(hessianAt(gradient, exact[0], exact[1], dimensions, span)).max],
      }
    : findMinima(f, gradient, domain, dimensions);
  const minima: readonly Minimum[] = search.minima;
  const scale = landscapeScale(f, gradient, domain, dimensions);
  return {
    model,
    data,
    dimensions,
    f,
    gradient,
    domain,
    minima,
    learningRate: suggestLearningRate(f, gradient, domain, dimensions, search.curvatures, scale),
    gradientTolerance: gradientToleranceFor(scale),
    logHeight: wantsLogHeight(f, domain, dimensions),
  };
}

/** The `id` of every landscape made from a model and data. */
export const MODEL_LANDSCAPE_ID = 'model';

/**
 * The model's landscape in the shape the engine runs: on the CPU full batch or mini-batch
 * (`batchGradient`), on the GPU full batch (its WGSL loops over `modelPoints`, model-wgsl.ts). It
 * has no formula for the WebAssembly frames, so the CPU runs JavaScript.
 */
export function dataLandscape(landscape: ModelLandscape): Landscape {
  const { model, data, dimensions } = landscape;
  const two = dimensions === 2;
  return {
    id: MODEL_LANDSCAPE_ID,
    name: model.formula,
    dimensions,
    formula: model.formula,
    f: landscape.f,
    gradient: landscape.gradient,
    batchGradient:
      (batch, seed) =>
      (p0, p1, out, ball = 0, step = 0) => {
        batchLossSlope(model, data, p0, two ? p1 : 0, out, seed, ball, step, batch);
        if (!two) out[1] = 0;
      },
    domain: landscape.domain,
    minima: landscape.minima,
    learningRate: landscape.learningRate,
    logHeight: landscape.logHeight,
    gradientTolerance: landscape.gradientTolerance,
    wgsl: modelLandscapeWgsl(model, dimensions),
    modelPoints: Float32Array.from(
      { length: 2 * data.x.length },
      (_, k) => (k % 2 === 0 ? data.x : data.y)[k >> 1]!,
    ),
  };
}

/** (w, b) of the least-squares fit for the line models (b = 0 for y = w·x); null for the others. */
function leastSquaresMinimum(model: Model, data: DataSet): [number, number] | null {
  if (model.loss !== 'squared') return null;
  if (model.id === 'line0') {
    const w = leastSquaresLine0(data);
    return w === null ? null : [w, 0];
  }
  if (model.id === 'line') {
    const fit = leastSquaresLine(data);
    return fit === null ? null : [fit.w, fit.b];
  }
  return null;
}

function around([w, b]: [number, number], dimensions: 1 | 2): Domain {
  const reach = Math.max(LEAST_SQUARES_REACH, Math.abs(w) / 2, Math.abs(b) / 2);
  return dimensions === 1
    ? { xMin: w - reach, xMax: w + reach, yMin: 0, yMax: 0 }
    : { xMin: w - reach, xMax: w + reach, yMin: b - reach, yMax: b + reach };
}
