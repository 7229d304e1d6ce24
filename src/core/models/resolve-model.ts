/**
 * `{ model, data }` as a landscape, for createSimulation (Node and tests): a named model or a typed
 * one (`model: 'expr'` with `expr` in x, w and b), on a named data set or points written out,
 * made from the run's seed. Throws a MessageError saying what cannot be used.
 */
import { type DataSet, normaliseX } from '../data/data-set.ts';
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
  /** Standardise x before fitting (the "normalise x" switch): data/data-set.ts normaliseX. */
  readonly normalise?: boolean;
}

/** A model config as the page's state holds it: the data named or written out, never an object. */
export type ModelState = ModelConfig & { readonly data: string };

/** The data a model starts on when the address names none: what it was made for. */
export const DEFAULT_DATA: Readonly<Record<string, string>> = {
  line0: 'chapter',
  line: 'linear',
  logistic: 'classes',
  neuron: 'wave',
  expr: 'linear',
};

export function isModelConfig(value: unknown): value is ModelConfig {
  return typeof value === 'object' && value !== null && 'model' in value && 'data' in value;
}

/** Landscapes built lately from data named or written out, by config and seed: both the page and its worker build each one, and a rebuild (a new rate, a new count) keeps the data. */
const built = new Map<string, Landscape>();
const KEEP_BUILT = 4;

export function resolveModelLandscape(config: ModelConfig, seed: number): Landscape {
  if (typeof config.data !== 'string') return buildModelLandscape(config, seed);
  const key = JSON.stringify([
    config.model,
    config.expr,
    config.data,
    config.points,
    config.noise,
    config.normalise,
    seed,
  ]);
  const known = built.get(key);
  if (known) return known;
  const landscape = buildModelLandscape(config, seed);
  built.set(key, landscape);
  if (built.size > KEEP_BUILT) built.delete(built.keys().next().value!);
  return landscape;
}

function buildModelLandscape(config: ModelConfig, seed: number): Landscape {
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
  if (config.normalise) data = normaliseX(data);
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
