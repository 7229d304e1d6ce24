/**
 * Models learning from data (src/core/models, src/core/data): the chapter's curve from its four
 * points, every model's slope against finite differences, the least-squares minima against the
 * loss's own slope, logistic regression on separable data (no NaN, the minimum at infinity), the
 * mini-batch draws, and the data sets (named, seeded, written out, and what is refused).
 */
import { describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../src/core/data/data-set.ts';
import { findGenerator, GENERATORS, LINE } from '../../src/core/data/generators.ts';
import { parseInlineData, resolveData } from '../../src/core/data/resolve.ts';
import { findModel, line, line0, logistic, MODELS } from '../../src/core/models/index.ts';
import { leastSquaresLine, leastSquaresLine0 } from '../../src/core/models/least-squares.ts';
import { batchPoint, meanLoss, meanLossSlope } from '../../src/core/models/loss.ts';

function data(id: string, seed = 7) {
  const result = resolveData({ data: id, seed });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

describe('the chapter', () => {
  it("line0's squared error on the chapter's four points is (w - 3)^2 + 2", () => {
    const chapter = data('chapter');
    for (const w of [-4, -1, 0, 1.5, 2.9, 3, 3.1, 5, 10]) {
      expect(meanLoss(line0, chapter, w, 0)).toBeCloseTo((w - 3) ** 2 + 2, 12);
      const out = [0, 0];
      meanLossSlope(line0, chapter, w, 0, out);
      expect(out[0]).toBeCloseTo(2 * (w - 3), 12);
      expect(out[1]).toBe(0);
    }
    expect(leastSquaresLine0(chapter)).toBeCloseTo(3, 14);
  });
});

describe('every model', () => {
  const cases: [string, string][] = [
    ['line0', 'linear'],
    ['line', 'far'],
    ['logistic', 'classes'],
    ['neuron', 'wave'],
  ];
  for (const [modelId, dataId] of cases) {
    it(`${modelId} on ${dataId}: the loss's slope matches finite differences`, () => {
      const model = findModel(modelId)!;
      const points = data(dataId);
      const two = model.parameters.length === 2;
      for (const [p0, p1] of [
        [0.3, -0.7],
        [2.5, 1.2],
        [-1.1, 0.4],
      ] as const) {
        const q1 = two ? p1 : 0;
        const out = [0, 0];
        meanLossSlope(model, points, p0, q1, out);
        const h = 1e-6 * Math.max(1, Math.abs(p0));
        const d0 = (meanLoss(model, points, p0 + h, q1) - meanLoss(model, points, p0 - h, q1)) / (2 * h);
        expect(out[0]).toBeCloseTo(d0, 3);
        if (two) {
          const k = 1e-6 * Math.max(1, Math.abs(q1));
          const d1 = (meanLoss(model, points, p0, q1 + k) - meanLoss(model, points, p0, q1 - k)) / (2 * k);
          expect(out[1]).toBeCloseTo(d1, 3);
        } else {
          expect(out[1]).toBe(0);
        }
      }
    });
  }

  it('are found by id, each with one or two parameters', () => {
    expect(MODELS.map((m) => m.id)).toEqual(['line0', 'line', 'logistic', 'neuron']);
    for (const model of MODELS) expect(findModel(model.id)).toBe(model);
    expect(findModel('nope')).toBeUndefined();
  });
});

describe('least squares', () => {
  it('puts the minimum where the slope of the loss is 0, on random data and on far-off x', () => {
    for (const [dataId, seed] of [
      ['linear', 1],
      ['linear', 2],
      ['far', 3],
      ['far', 4],
    ] as const) {
      const points = data(dataId, seed);
      const fit = leastSquaresLine(points)!;
      const out = [0, 0];
      meanLossSlope(line, points, fit.w, fit.b, out);
      // The slope's scale: x² at the fit (10^4 for far data).
      expect(Math.abs(out[0]!)).toBeLessThan(1e-9 * 1e4);
      expect(Math.abs(out[1]!)).toBeLessThan(1e-9 * 1e2);
      // No other point is lower.
      const best = meanLoss(line, points, fit.w, fit.b);
      for (const [dw, db] of [
        [1e-3, 0],
        [0, 1e-3],
        [-1e-3, 1e-3],
      ] as const)
        expect(meanLoss(line, points, fit.w + dw, fit.b + db)).toBeGreaterThan(best);
      // Close to the line the points scatter around.
      expect(fit.w).toBeCloseTo(LINE.slope, 0);
      const w0 = leastSquaresLine0(points)!;
      meanLossSlope(line0, points, w0, 0, out);
      expect(Math.abs(out[0]!)).toBeLessThan(1e-9 * 1e4);
    }
  });

  it('says when there is no single minimum', () => {
    const same = parseInlineData('1,2;1,3;1,4');
    expect(same.ok && leastSquaresLine(same.data)).toBeNull();
    const zero = parseInlineData('0,2;0,3');
    expect(zero.ok && leastSquaresLine0(zero.data)).toBeNull();
  });
});

describe('logistic regression on separable data', () => {
  it('never gives NaN, and the loss keeps falling as w grows: its minimum is at infinity', () => {
    const points = data('separable');
    let previous = Number.POSITIVE_INFINITY;
    for (const w of [1, 10, 100, 1e4, 1e8, 1e30]) {
      const loss = meanLoss(logistic, points, w, 0);
      const out = [0, 0];
      meanLossSlope(logistic, points, w, 0, out);
      expect(Number.isFinite(loss)).toBe(true);
      expect(Number.isFinite(out[0]) && Number.isFinite(out[1])).toBe(true);
      expect(loss).toBeLessThanOrEqual(previous);
      expect(out[0]).toBeLessThanOrEqual(0);
      previous = loss;
    }
    // Overflowing the other way (every point wrong by a mile) is finite too.
    expect(Number.isFinite(meanLoss(logistic, points, -1e30, 0))).toBe(true);
  });
});

describe('mini-batches', () => {
  it('draw each point about equally often, the same for the same (seed, ball, step, j)', () => {
    const count = 10;
    const seen = new Array(count).fill(0);
    for (let ball = 0; ball < 200; ball++)
      for (let step = 0; step < 50; step++) {
        const point = batchPoint(1, ball, step, 0, count);
        expect(point).toBeGreaterThanOrEqual(0);
        expect(point).toBeLessThan(count);
        seen[point]++;
      }
    for (const times of seen) expect(Math.abs(times - 1000)).toBeLessThan(150);
    expect(batchPoint(5, 3, 4, 2, 1000)).toBe(batchPoint(5, 3, 4, 2, 1000));
    const draws = new Set(Array.from({ length: 8 }, (_, j) => batchPoint(5, 3, 4, j, MAX_POINTS)));
    expect(draws.size).toBeGreaterThan(4);
    expect(batchPoint(1, 0, 0, 0, MAX_POINTS)).toBeLessThan(MAX_POINTS);
  });
});

describe('data sets', () => {
  it('are made from the seed, with their points and labels', () => {
    for (const generator of GENERATORS) {
      const a = resolveData({ data: generator.id, seed: 3 });
      const b = resolveData({ data: generator.id, seed: 3 });
      expect(a.ok && b.ok).toBe(true);
      if (!a.ok || !b.ok) continue;
      expect([...a.data.x]).toEqual([...b.data.x]);
      expect(a.data.x.length).toBe(generator.points);
      expect(a.labels).toBe(generator.labels);
      expect([...a.data.x, ...a.data.y].every(Number.isFinite)).toBe(true);
    }
    const other = resolveData({ data: 'linear', seed: 4 });
    expect(other.ok && other.data.x[0]).not.toBe(data('linear', 3).x[0]);
    const sized = resolveData({ data: 'classes', points: 500, noise: 0.2, seed: 1 });
    expect(sized.ok && sized.data.x.length).toBe(500);
  });

  it('separable: every class on its own side of a gap', () => {
    const points = data('separable');
    for (let i = 0; i < points.x.length; i++) {
      if (points.y[i] === 1) expect(points.x[i]).toBeGreaterThanOrEqual(0.5);
      else expect(points.x[i]).toBeLessThanOrEqual(-0.5);
    }
  });

  it('far: x around 100', () => {
    const points = data('far');
    expect(points.x.every((x) => x > 98 && x < 102)).toBe(true);
    expect(findGenerator('far')!.labels).toBe(false);
  });

  it('takes points written out, and says what is wrong with the ones it cannot use', () => {
    const written = resolveData({ data: '1,2; -3.5,4e-1;0,1;', seed: 1 });
    expect(written.ok && [...written.data.x]).toEqual([1, -3.5, 0]);
    expect(written.ok && [...written.data.y]).toEqual([2, 0.4, 1]);
    expect(written.ok && written.labels).toBe(false);
    const labelled = parseInlineData('-1,0;1,1');
    expect(labelled.ok && labelled.labels).toBe(true);

    const code = (text: string) => {
      const result = resolveData({ data: text, seed: 1 });
      return result.ok ? 'ok' : result.error.code;
    };
    expect(code('1,2;3')).toBe('data.point');
    expect(code('1,2;a,b')).toBe('data.point');
    expect(code('1,2;3,4,5')).toBe('data.point');
    expect(code('1,;2,3')).toBe('data.point');
    expect(code('1,2;Infinity,3')).toBe('data.point');
    expect(code(';')).toBe('data.empty');
    expect(code('nope')).toBe('data.unknown');
    expect(code('')).toBe('data.unknown');
    expect(code(`${'1,1;'.repeat(MAX_POINTS)}1,1`)).toBe('data.too-many');
    expect(code(`${'1,1;'.repeat(MAX_POINTS - 1)}1,1`)).toBe('ok');
    const bad = (points?: number, noise?: number) => {
      const result = resolveData({ data: 'linear', points, noise, seed: 1 });
      return result.ok ? 'ok' : result.error.code;
    };
    expect(bad(0)).toBe('data.points');
    expect(bad(1.5)).toBe('data.points');
    expect(bad(MAX_POINTS + 1)).toBe('data.points');
    expect(bad(undefined, -1)).toBe('data.noise');
    expect(bad(undefined, Number.NaN)).toBe('data.noise');
    expect(bad(MAX_POINTS, 0)).toBe('ok');
  });
});
