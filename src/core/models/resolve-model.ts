/**
 * `{ model, data }` as a landscape, for createSimulation (Node and tests): a named model or a typed
 * one (`model: 'expr'` with `expr` in x, w and b), on a named data set or points written out,
 * made from the run's seed. Throws a MessageError saying what cannot be used.
 */
import type { DataSet } from '../data/data-set.ts';
import { resolveData } from '../data/resolve.ts';
import type { Landscape } from '../landscape.ts';
import { MessageError, message } from '../message.ts';
import type { Model } from './define.ts';
import { findModel, MODELS } from './index.ts';
import { dataLandscape, modelLandscape } from './model-landscape.ts';
import { compileModel } from './typed-model.ts';

export interface ModelConfig {
  /** `line0`, `line`, `logistic`, `neuron`, or `expr` (with `expr`). */
  readonly model: string;
  /** For `model: 'expr'`: the prediction in x, w and (optionally) b, e.g. `w*x^2 + b`. */
  readonly expr?: string;
  /** A named data set (generators.ts), points written out (`x,y;x,y`), or a DataSet. */
  readonly data: string | DataSet;
  /** For a named data set: how many points and how much noise (its defaults otherwise). */
  readonly points?: number;
  readonly noise?: number;
}

export function isModelConfig(value: unknown): value is ModelConfig {
  return typeof value === 'object' && value !== null && 'model' in value && 'data' in value;
}

export function resolveModelLandscape(config: ModelConfig, seed: number): Landscape {
  const model = resolveModel(config);
  let data: DataSet;
  if (typeof config.data === 'string') {
    const result = resolveData({ data: config.data, points: config.points, noise: config.noise, seed });
    if (!result.ok) throw new MessageError(result.error);
    data = result.data;
  } else {
    data = config.data;
  }
  if (data.x.length === 0 || data.x.length !== data.y.length) throw new MessageError(message('data.empty'));
  if (model.loss === 'cross-entropy' && !data.y.every((label) => label === 0 || label === 1))
    throw new MessageError(message('data.labels', { model: model.id }));
  return dataLandscape(modelLandscape(model, data));
}

function resolveModel(config: ModelConfig): Model {
  if (config.model === 'expr') {
    const compiled = compileModel(config.expr ?? '');
    if (!compiled.ok) throw new MessageError(compiled.error.message);
    return compiled.model;
  }
  const model = findModel(config.model);
  if (!model)
    throw new MessageError(
      message('data.model', {
        value: String(config.model),
        options: [...MODELS.map((m) => m.id), 'expr'].join(', '),
      }),
    );
  return model;
}
