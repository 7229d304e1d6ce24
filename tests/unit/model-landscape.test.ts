/**
 * A model's loss as a landscape (src/core/models/model-landscape.ts): the chapter's curve with its
 * domain and minimum, the least-squares minimum marked and reached by gradient descent at the
 * suggested rate, the `far` data's long thin valley, logistic regression's one minimum (none on
 * separable data) and the neuron's two symmetric minima.
 */
import { describe, expect, it } from 'vitest';
import { eigen, hessianAt } from '../../src/core/curvature.ts';
import { resolveData } from '../../src/core/data/resolve.ts';
import { line, line0, logistic, neuron } from '../../src/core/models/index.ts';
import { leastSquaresLine } from '../../src/core/models/least-squares.ts';
import { type ModelLandscape, modelLandscape } from '../../src/core/models/model-landscape.ts';

function data(id: string, seed = 5) {
  const result = resolveData({ data: id, seed });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

/** Plain gradient descent at the landscape's rate from (w, b), `steps` steps. */
function descend(landscape: ModelLandscape, w: number, b: number, steps: number): [number, number] {
  const g = [0, 0];
  let p0 = w;
  let p1 = b;
  for (let t = 0; t < steps; t++) {
    landscape.gradient(p0, p1, g);
    p0 -= landscape.learningRate * g[0]!;
    p1 -= landscape.learningRate * g[1]!;
  }
  return [p0, p1];
}

function condition(landscape: ModelLandscape): number {
  const [minimum] = landscape.minima;
  const span = landscape.domain.xMax - landscape.domain.xMin;
  const h = eigen(hessianAt(landscape.gradient, minimum!.x, minimum!.y, 2, span));
  return h.max / h.min;
}

describe('a model as a landscape', () => {
  it("y = w·x on the chapter's points is the chapter's curve, shown over [-2, 8]", () => {
    const curve = modelLandscape(line0, data('chapter'));
    expect(curve.dimensions).toBe(1);
    expect(curve.domain).toEqual({ xMin: -2, xMax: 8, yMin: 0, yMax: 0 });
    expect(curve.minima).toHaveLength(1);
    expect(curve.minima[0]!.x).toBeCloseTo(3, 12);
    expect(curve.minima[0]!.value).toBeCloseTo(2, 12);
    for (const w of [-2, 0, 3, 5.5, 8]) expect(curve.f(w, 0)).toBeCloseTo((w - 3) ** 2 + 2, 12);
    const g = [0, 0];
    curve.gradient(5, 123, g);
    expect(g).toEqual([4, 0]);
    // Descent at the suggested rate reaches w = 3.
    expect(descend(curve, -2, 0, 200)[0]).toBeCloseTo(3, 6);
  });

  it('y = w·x + b: the least-squares fit is the minimum, and descent at the suggested rate reaches it', () => {
    const points = data('linear');
    const fit = leastSquaresLine(points)!;
    const landscape = modelLandscape(line, points);
    expect(landscape.minima).toEqual([
      { x: fit.w, y: fit.b, value: landscape.f(fit.w, fit.b), global: true },
    ]);
    const { xMin, xMax, yMin, yMax } = landscape.domain;
    expect(xMin < fit.w && fit.w < xMax && yMin < fit.b && fit.b < yMax).toBe(true);
    for (const [w, b] of [
      [xMin, yMin],
      [xMax, yMax],
      [xMin, yMax],
    ] as const) {
      const [p0, p1] = descend(landscape, w, b, 2000);
      expect(Math.hypot(p0 - fit.w, p1 - fit.b)).toBeLessThan(1e-3);
    }
    expect(condition(landscape)).toBeLessThan(10);
  });

  it('far-off x make a long thin valley: the same descent creeps along it', () => {
    const landscape = modelLandscape(line, data('far'));
    const [minimum] = landscape.minima;
    expect(condition(landscape)).toBeGreaterThan(1e4);
    const { xMin, yMin } = landscape.domain;
    const [p0, p1] = descend(landscape, xMin, yMin, 2000);
    // Stable (no blow-up at the suggested rate), lower, but still far from the minimum along b.
    expect(landscape.f(p0, p1)).toBeLessThan(landscape.f(xMin, yMin));
    expect(Number.isFinite(p0) && Number.isFinite(p1)).toBe(true);
    expect(Math.abs(p1 - minimum!.y)).toBeGreaterThan(1);
  });

  it('logistic regression: one minimum on overlapping classes, none on separable ones', () => {
    const classes = modelLandscape(logistic, data('classes'));
    expect(classes.minima.length).toBeGreaterThanOrEqual(1);
    expect(classes.minima[0]!.x).toBeGreaterThan(0);
    expect(classes.minima.filter((m) => m.global)).toHaveLength(1);
    const separable = modelLandscape(logistic, data('separable'));
    expect(separable.minima).toEqual([]);
    expect(Number.isFinite(separable.learningRate) && separable.learningRate > 0).toBe(true);
  });

  it('the neuron v·tanh(w·x): two minima, mirror images of each other', () => {
    const landscape = modelLandscape(neuron, data('wave'));
    const globals = landscape.minima.filter((m) => m.global);
    expect(globals).toHaveLength(2);
    const [a, b] = globals as [(typeof globals)[0], (typeof globals)[0]];
    expect(a.x).toBeCloseTo(-b.x, 4);
    expect(a.y).toBeCloseTo(-b.y, 4);
    expect(Math.abs(a.x)).toBeCloseTo(1.5, 0);
    expect(Math.abs(a.y)).toBeCloseTo(2, 0);
  });

  it('large data: the search runs on a sample, and the minimum is polished on every point', () => {
    const classes = resolveData({ data: 'classes', points: 20_000, seed: 2 });
    if (!classes.ok) throw new Error('data');
    const landscape = modelLandscape(logistic, classes.data);
    expect(landscape.minima).toHaveLength(1);
    const [minimum] = landscape.minima;
    const g = [0, 0];
    landscape.gradient(minimum!.x, minimum!.y, g);
    expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(1e-9);
    const wave = resolveData({ data: 'wave', points: 5000, seed: 2 });
    if (!wave.ok) throw new Error('data');
    const neuronLandscape = modelLandscape(neuron, wave.data);
    const globals = neuronLandscape.minima.filter((m) => m.global);
    expect(globals).toHaveLength(2);
    expect(globals[0]!.x).toBeCloseTo(-globals[1]!.x, 6);
    expect(globals[0]!.value).toBeCloseTo(globals[1]!.value, 10);
    // 25,000 points looped over by every evaluation: room on a busy machine (not a speed check).
  }, 30_000);
});
