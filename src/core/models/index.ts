/**
 * The named models of `model=`: y = w·x, y = w·x + b, logistic regression, and the smallest neural
 * network, v·tanh(w·x) (two symmetric minima and a saddle between them).
 */
import type { Model } from './define.ts';

export const line0: Model = {
  id: 'line0',
  parameters: ['w'],
  formula: 'y = w·x',
  loss: 'squared',
  output: (x, w) => w * x,
  outputSlope: (x, _w, _b, out) => {
    out[0] = x;
    out[1] = 0;
  },
};

export const line: Model = {
  id: 'line',
  parameters: ['w', 'b'],
  formula: 'y = w·x + b',
  loss: 'squared',
  output: (x, w, b) => w * x + b,
  outputSlope: (x, _w, _b, out) => {
    out[0] = x;
    out[1] = 1;
  },
};

export const logistic: Model = {
  id: 'logistic',
  parameters: ['w', 'b'],
  formula: 'p = σ(w·x + b)',
  loss: 'cross-entropy',
  output: (x, w, b) => w * x + b,
  outputSlope: (x, _w, _b, out) => {
    out[0] = x;
    out[1] = 1;
  },
};

export const neuron: Model = {
  id: 'neuron',
  parameters: ['w', 'v'],
  formula: 'y = v·tanh(w·x)',
  loss: 'squared',
  output: (x, w, v) => v * Math.tanh(w * x),
  outputSlope: (x, w, v, out) => {
    const t = Math.tanh(w * x);
    out[0] = v * x * (1 - t * t);
    out[1] = t;
  },
};

export const MODELS: readonly Model[] = [line0, line, logistic, neuron];

export function findModel(id: string): Model | undefined {
  return MODELS.find((model) => model.id === id);
}
