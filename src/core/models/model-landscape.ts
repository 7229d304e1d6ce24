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
import { createRng } from '../rng.ts';
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

/**
 * Points the numerical searches (minima, scale, rate) use at most: a sample of larger data, so that a search costs the same whatever the data's size (each evaluation loops over the
 * points: 65,536 of them made the search take minutes). The minima found on the sample are then
 * polished on every point by Newton's method, so the marked minimum is the data's own.
 */
export const SEARCH_POINTS = 250;
const SAMPLE_SEED = 1;
/** Newton steps that polish a minimum found on the sample (quadratic from a close start). */
const POLISH_STEPS = 8;
/** Minima whose values differ by less than this share are all global. */
const GLOBAL_SHARE = 1e-6;

export function modelLandscape(model: Model, data: DataSet): ModelLandscape {
  const dimensions = model.parameters.length === 2 ? 2 : 1;
  const { f, gradient } = lossFunctions(model, data, dimensions);
  const sampled = data.x.length > SEARCH_POINTS;
  const searched = sampled ? lossFunctions(model, sample(data, SEARCH_POINTS), dimensions) : { f, gradient };
  const exact = leastSquaresMinimum(model, data);
  const domain = exact ? around(exact, dimensions) : (MODEL_DOMAINS[model.id] ?? FALLBACK_DOMAIN);
  const span = Math.max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
  // The least-squares minimum, or the search's (polished on every point when it ran on a sample).
  const points: [number, number][] = exact
    ? [exact]
    : findMinima(searched.f, searched.gradient, domain, dimensions).minima.map((minimum) =>
        sampled ? polish(gradient, minimum.x, minimum.y, dimensions, span) : [minimum.x, minimum.y],
      );
  const values = points.map(([x, y]) => f(x, y));
  const lowest = Math.min(...values);
  const minima: readonly Minimum[] = points.map(([x, y], k) => ({
    x,
    y,
    value: values[k]!,
    global: values[k]! - lowest <= GLOBAL_SHARE * Math.max(1, Math.abs(lowest)),
  }));
  const curvatures = points.map(([x, y]) => eigen(hessianAt(gradient, x, y, dimensions, span)).max);
  const scale = landscapeScale(searched.f, searched.gradient, domain, dimensions);
  return {
    model,
    data,
    dimensions,
    f,
    gradient,
    domain,
    minima,
    learningRate: suggestLearningRate(searched.f, searched.gradient, domain, dimensions, curvatures, scale),
    gradientTolerance: gradientToleranceFor(scale),
    logHeight: wantsLogHeight(searched.f, domain, dimensions),
  };
}

function lossFunctions(model: Model, data: DataSet, dimensions: 1 | 2): { f: LossFn; gradient: GradientFn } {
  return {
    f: (p0, p1) => meanLoss(model, data, p0, dimensions === 2 ? p1 : 0),
    gradient: (p0, p1, out) => {
      meanLossSlope(model, data, p0, dimensions === 2 ? p1 : 0, out);
      if (dimensions === 1) out[1] = 0;
    },
  };
}

/**
 * `count` points of `data` drawn without replacement (a seeded shuffle, so every call picks the
 * same): a stride would pick one class only from data whose labels alternate.
 */
function sample(data: DataSet, count: number): DataSet {
  const order = Uint32Array.from({ length: data.x.length }, (_, k) => k);
  const rng = createRng(SAMPLE_SEED);
  for (let k = 0; k < count; k++) {
    const other = k + Math.floor(rng.next() * (order.length - k));
    [order[k], order[other]] = [order[other]!, order[k]!];
  }
  const picked = order.subarray(0, count);
  return { x: Float64Array.from(picked, (i) => data.x[i]!), y: Float64Array.from(picked, (i) => data.y[i]!) };
}

/** Newton's method from (x, y) on `gradient`; stops where the curvature is not a minimum's. */
function polish(
  gradient: GradientFn,
  x0: number,
  y0: number,
  dimensions: 1 | 2,
  span: number,
): [number, number] {
  const g = [0, 0];
  let x = x0;
  let y = y0;
  for (let step = 0; step < POLISH_STEPS; step++) {
    gradient(x, y, g);
    const h = hessianAt(gradient, x, y, dimensions, span);
    let dx: number;
    let dy = 0;
    if (dimensions === 1) {
      if (!(h.xx > 0)) break;
      dx = g[0]! / h.xx;
    } else {
      const det = h.xx * h.yy - h.xy * h.xy;
      if (!(det > 0 && h.xx > 0)) break;
      dx = (h.yy * g[0]! - h.xy * g[1]!) / det;
      dy = (h.xx * g[1]! - h.xy * g[0]!) / det;
    }
    if (!(Number.isFinite(dx) && Number.isFinite(dy))) break;
    x -= dx;
    y -= dy;
    if (Math.abs(dx) + Math.abs(dy) <= 1e-12 * span) break;
  }
  return [x, y];
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
    fit: { model, data },
    variables: [model.parameters[0], model.parameters[1] ?? 'y'],
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
