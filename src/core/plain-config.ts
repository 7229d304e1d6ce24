/**
 * A simulation config as plain data, the form that lives in the URL and crosses to the worker:
 * the landscape named by a preset id, or given as the text of a typed expression. Each side turns
 * it into a landscape object with resolveConfig; the compiler is deterministic, so both get the
 * same landscape.
 */
import { customLandscape } from './custom-landscape.ts';
import { describeExpressionError } from './expression-message.ts';
import type { Landscape } from './landscape.ts';
import { findPreset } from './landscapes/index.ts';
import { MessageError } from './message.ts';
import { type ModelState, resolveModelLandscape } from './models/resolve-model.ts';
import type { SimulationConfig } from './simulation.ts';

export type PlainConfig = SimulationConfig & {
  /** A preset id; ignored when `expression` is given (it is then `custom`). */
  readonly landscape: string;
  /** A typed f(x, y) or f(x) (README: "Type your own landscape"); wins over `landscape`. */
  readonly expression?: string;
  /** A model fitted to data (README: "Learn from data"); wins over both. */
  readonly model?: ModelState;
};

/** A config whose landscape is the object itself. */
export type ResolvedConfig = SimulationConfig & { readonly landscape: Landscape };

/**
 * The landscape a plain config names, its domain taken into account for a typed one (its minima
 * are searched there). Throws a RangeError naming the problem: an unknown preset, or (a
 * MessageError, for the page to translate) the compiler's message with the mistake marked.
 */
export function resolveConfig(config: PlainConfig): ResolvedConfig {
  const { expression, model, ...rest } = config;
  if (model !== undefined)
    return { ...rest, landscape: resolveModelLandscape(model, (config.seed ?? 1) >>> 0) };
  if (expression !== undefined) {
    const built = customLandscape(expression, config.domain ?? null);
    if (!built.ok) {
      throw new MessageError(describeExpressionError(expression, built.error));
    }
    return { ...rest, landscape: built.landscape };
  }
  const preset = findPreset(config.landscape);
  if (!preset) throw new RangeError(`landscape: no preset called "${config.landscape}"`);
  return { ...rest, landscape: preset };
}

/**
 * Whether two plain configs name the same landscape, whatever its domain (same preset, same
 * expression text, or the same model on the same data).
 */
export function sameLandscapeSource(a: PlainConfig, b: PlainConfig): boolean {
  if (a.model !== undefined || b.model !== undefined)
    return JSON.stringify(a.model) === JSON.stringify(b.model) && a.seed === b.seed;
  return a.expression !== undefined || b.expression !== undefined
    ? a.expression === b.expression
    : a.landscape === b.landscape;
}
