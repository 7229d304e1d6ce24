/**
 * A model typed as a formula in x, w and b (src/core/models/typed-model.ts): the same outputs and
 * slopes as the hand-written models it types out, slopes against finite differences through the
 * loss over data, and the formulas it refuses, with the compiler's messages.
 */
import { describe, expect, it } from 'vitest';
import { resolveData } from '../../src/core/data/resolve.ts';
import { compileExpression } from '../../src/core/expr/index.ts';
import type { Model } from '../../src/core/models/define.ts';
import { line, line0, neuron } from '../../src/core/models/index.ts';
import { meanLoss, meanLossSlope } from '../../src/core/models/loss.ts';
import { compileModel } from '../../src/core/models/typed-model.ts';

function typed(text: string): Model {
  const result = compileModel(text);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.model;
}

function errorCode(text: string): string {
  const result = compileModel(text);
  return result.ok ? 'ok' : result.error.message.code;
}

describe('a typed model', () => {
  it('gives the outputs and slopes worked out by hand, for a typed model and the named ones', () => {
    type Reference = (x: number, w: number, b: number) => [number, number, number];
    const tanhNeuron: Reference = (x, w, v) => {
      const t = Math.tanh(w * x);
      return [v * t, v * x * (1 - t * t), t];
    };
    const cases: [Model, Reference][] = [
      [typed('w*x + b'), (x, w, b) => [w * x + b, x, 1]],
      [line, (x, w, b) => [w * x + b, x, 1]],
      [typed('x*w'), (x, w) => [w * x, x, 0]],
      [line0, (x, w) => [w * x, x, 0]],
      [typed('b*tanh(w*x)'), tanhNeuron],
      [neuron, tanhNeuron],
    ];
    const slope = [0, 0];
    for (const [model, reference] of cases) {
      for (const [x, w, b] of [
        [0.5, 1.5, -2],
        [-3, 0.25, 4],
        [100, -2, 1],
      ] as const) {
        const q = model.parameters.length === 2 ? b : 0;
        const [output, d0, d1] = reference(x, w, q);
        expect(model.output(x, w, q)).toBeCloseTo(output, 12);
        model.outputSlope(x, w, q, slope);
        expect(slope[0]).toBeCloseTo(d0, 12);
        expect(slope[1]).toBeCloseTo(d1, 12);
      }
    }
    expect(typed('w*x').formula).toBe('y = w * x');
    expect(neuron.parameters).toEqual(['w', 'v']);
  });

  it("its loss's slope over data matches finite differences", () => {
    const result = resolveData({ data: 'linear', seed: 2 });
    if (!result.ok) throw new Error('data');
    const model = typed('w*x^2 + b*sin(x) - exp(-w)');
    const out = [0, 0];
    for (const [w, b] of [
      [0.3, 1],
      [-1.2, 0.5],
    ] as const) {
      meanLossSlope(model, result.data, w, b, out);
      const h = 1e-6;
      const dw = (meanLoss(model, result.data, w + h, b) - meanLoss(model, result.data, w - h, b)) / (2 * h);
      const db = (meanLoss(model, result.data, w, b + h) - meanLoss(model, result.data, w, b - h)) / (2 * h);
      expect(out[0]).toBeCloseTo(dw, 4);
      expect(out[1]).toBeCloseTo(db, 4);
    }
  });

  it('refuses what cannot be a model, saying why', () => {
    expect(errorCode('x^2 + b')).toBe('expr.model-needs-w');
    expect(errorCode('w*y')).toBe('expr.unknown-name');
    expect(errorCode('wx + b')).toBe('expr.unknown-name-product');
    expect(errorCode('W*x')).toBe('expr.unknown-name-case');
    expect(errorCode('w*x +')).not.toBe('ok');
    expect(errorCode(7 as unknown as string)).not.toBe('ok');
  });

  it('leaves landscapes as they were: x and y only', () => {
    const landscape = compileExpression('w*x');
    expect(landscape.ok).toBe(false);
    expect(compileExpression('x*y').ok).toBe(true);
  });
});
