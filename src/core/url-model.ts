/**
 * The address's model and data (README: "Learn from data"): `model=`, `data=`, `points=`,
 * `noise=`, `normalise=`, and `expr=` when the model is typed. Read with a warning for each problem
 * and a sensible fallback (the model's own data when the data cannot be used; no model when the
 * model cannot be built); written so that it reads back equal.
 */

import { MAX_POINTS } from './data/data-set.ts';
import { describeExpressionError } from './expression-message.ts';
import type { Landscape } from './landscape.ts';
import { type Message, MessageError, message, truncate } from './message.ts';
import { MODELS } from './models/index.ts';
import { DEFAULT_DATA, type ModelState, resolveModelLandscape } from './models/resolve-model.ts';
import { compileModel } from './models/typed-model.ts';

/** The parameters this module reads (`expr` only with `model=expr`). */
export const MODEL_PARAMETERS = ['model', 'data', 'points', 'noise', 'normalise'] as const;

/** The models `model=` names: the built-in ones, then `expr` (a typed one). */
export const MODEL_IDS: readonly string[] = [...MODELS.map((model) => model.id), 'expr'];

/**
 * The model the address describes and its landscape, or null for none (with warnings for what was
 * given and could not be used). `get` reads a parameter's value (null when absent).
 */
export function readModel(
  get: (name: string) => string | null,
  seed: number,
  warnings: Message[],
): { readonly model: ModelState; readonly landscape: Landscape } | null {
  const id = get('model');
  if (id === null) {
    const stray = MODEL_PARAMETERS.filter((name) => name !== 'model' && get(name) !== null);
    if (stray.length > 0) warnings.push(message('url.data-without-model', { names: stray.join(', ') }));
    return null;
  }
  if (!MODEL_IDS.includes(id)) {
    warnings.push(message('data.model', { value: truncate(id), options: MODEL_IDS.join(', ') }));
    return null;
  }
  let expr: string | undefined;
  if (id === 'expr') {
    const text = get('expr') ?? '';
    const compiled = compileModel(text);
    if (!compiled.ok) {
      warnings.push(message('url.model-expr', { error: describeExpressionError(text, compiled.error) }));
      return null;
    }
    expr = text;
  }
  const fallbackData = DEFAULT_DATA[id] ?? 'linear';
  const points = readNumber(
    get('points'),
    (value) => Number.isInteger(value) && value >= 1 && value <= MAX_POINTS,
    'data.points',
    warnings,
  );
  const noise = readNumber(get('noise'), (value) => value >= 0, 'data.noise', warnings);
  let normalise = false;
  const normaliseText = get('normalise');
  if (normaliseText !== null) {
    if (['1', 'true', ''].includes(normaliseText)) normalise = true;
    else if (!['0', 'false'].includes(normaliseText))
      warnings.push(message('url.normalise', { value: truncate(normaliseText) }));
  }
  const model: ModelState = {
    model: id,
    ...(expr !== undefined ? { expr } : {}),
    data: get('data') ?? fallbackData,
    ...(points !== undefined ? { points } : {}),
    ...(noise !== undefined ? { noise } : {}),
    ...(normalise ? { normalise: true } : {}),
  };
  const first = tryBuild(model, seed);
  if (first.ok) return { model, landscape: first.landscape };
  // The data cannot be used (or does not suit the model): the model's own data instead.
  const own: ModelState = {
    model: id,
    ...(expr !== undefined ? { expr } : {}),
    data: fallbackData,
    ...(normalise ? { normalise: true } : {}),
  };
  const second = tryBuild(own, seed);
  warnings.push(
    message(second.ok ? 'url.data-fallback' : 'url.model-dropped', {
      problem: first.problem,
      data: fallbackData,
    }),
  );
  return second.ok ? { model: own, landscape: second.landscape } : null;
}

/** The address's parameters for a model, in the order they read best (`model`, `expr`, `data`...). */
export function formatModel(model: ModelState): [string, string][] {
  return [
    ['model', model.model],
    ...(model.expr !== undefined ? [['expr', model.expr] as [string, string]] : []),
    ['data', model.data],
    ...(model.points !== undefined ? [['points', String(model.points)] as [string, string]] : []),
    ...(model.noise !== undefined ? [['noise', String(model.noise)] as [string, string]] : []),
    ...(model.normalise ? [['normalise', '1'] as [string, string]] : []),
  ];
}

function tryBuild(
  model: ModelState,
  seed: number,
): { ok: true; landscape: Landscape } | { ok: false; problem: Message } {
  try {
    return { ok: true, landscape: resolveModelLandscape(model, seed) };
  } catch (error) {
    if (error instanceof MessageError) return { ok: false, problem: error.detail };
    throw error;
  }
}

/** A number from the address when `valid`, else undefined (with a warning when one was given). */
function readNumber(
  text: string | null,
  valid: (value: number) => boolean,
  code: 'data.points' | 'data.noise',
  warnings: Message[],
): number | undefined {
  if (text === null) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text.replaceAll('_', ''));
  if (Number.isFinite(value) && valid(value)) return value;
  warnings.push(message(code, { value: truncate(text), max: MAX_POINTS }));
  return undefined;
}
