/**
 * The named models of `model=`: y = w·x, y = w·x + b, logistic regression, and the smallest neural
 * network, v·tanh(w·x) (two symmetric minima and a saddle between them). Each is its formula, so its
 * slope in the parameters comes from the expression compiler, as a typed model's does.
 */
import type { Model } from './define.ts';
import { defineModel } from './typed-model.ts';

export const line0 = defineModel({
  id: 'line0',
  expression: 'w*x',
  parameters: ['w'],
  loss: 'squared',
  formula: 'y = w·x',
});

export const line = defineModel({
  id: 'line',
  expression: 'w*x + b',
  parameters: ['w', 'b'],
  loss: 'squared',
  formula: 'y = w·x + b',
});

export const logistic = defineModel({
  id: 'logistic',
  expression: 'w*x + b',
  parameters: ['w', 'b'],
  loss: 'cross-entropy',
  formula: 'p = σ(w·x + b)',
});

export const neuron = defineModel({
  id: 'neuron',
  expression: 'v*tanh(w*x)',
  parameters: ['w', 'v'],
  loss: 'squared',
  formula: 'y = v·tanh(w·x)',
});

export const MODELS: readonly Model[] = [line0, line, logistic, neuron];

export function findModel(id: string): Model | undefined {
  return MODELS.find((model) => model.id === id);
}
