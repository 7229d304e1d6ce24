/**
 * A typed expression as a landscape, like a preset: f, its gradient and its WGSL from the
 * compiler (src/core/expr), and what a preset's author would have chosen by hand found from them
 * numerically: the minima (find-minima.ts), a learning rate (suggest-rate.ts), whether heights
 * read better on a log scale, and the gradient tolerance of "converged".
 *
 * Everything here is deterministic: the main thread (for the statistics table) and the worker
 * (for the run) build the same landscape from the same text and domain.
 */

import {
  type CompiledExpression,
  type CompileResult,
  compileExpression,
  type ExpressionError,
} from './expr/index.ts';
import { findMinima, type LandscapeScale, landscapeScale, sampleGrid } from './find-minima.ts';
import { DEFAULT_GRADIENT_TOLERANCE, type Domain, type Landscape, type LossFn } from './landscape.ts';
import { message } from './message.ts';
import { suggestLearningRate } from './suggest-rate.ts';

/** The `id` of every typed landscape (its URL form is `expr=`, not `fn=`). */
export const CUSTOM_LANDSCAPE_ID = 'custom';

/** Where a typed landscape is shown without `domain=`: wide enough for most textbook formulas. */
export const DEFAULT_EXPRESSION_DOMAIN_2D: Domain = { xMin: -5, xMax: 5, yMin: -5, yMax: 5 };
export const DEFAULT_EXPRESSION_DOMAIN_1D: Domain = { xMin: -5, xMax: 5, yMin: 0, yMax: 0 };

/**
 * Heights go on a log scale when the upper tenth of f (above its minimum) over the domain is this
 * many times the lower tenth, in 2D. Set between the presets: Rosenbrock (107), Beale and
 * Goldstein–Price (hundreds to thousands) want it; six-hump camel (50) and Himmelblau (15) do not.
 */
const LOG_HEIGHT_RATIO = 80;

/**
 * A float32 gradient carries rounding of ~1e-7 of the terms it sums, and the steepest gradients
 * over the domain bound those terms: a tolerance under that would never be met on the GPU
 * (Goldstein–Price's preset uses 0.1 for that reason).
 */
const FLOAT32_GRADIENT_NOISE = 1e-7;

/** The default domain of a typed landscape with this many dimensions. */
export function defaultExpressionDomain(dimensions: 1 | 2): Domain {
  return dimensions === 1 ? DEFAULT_EXPRESSION_DOMAIN_1D : DEFAULT_EXPRESSION_DOMAIN_2D;
}

/**
 * The landscape of a compiled expression over `domain` (default: defaultExpressionDomain). The
 * minima are searched for in that domain, so a different domain can give different minima. Takes
 * well under 100 ms for a typical formula.
 */
export function expressionLandscape(expression: CompiledExpression, domain?: Domain): Landscape {
  const dimensions = expression.dimensions;
  const shown = domain ?? defaultExpressionDomain(dimensions);
  const { f, gradient } = expression;
  const search = findMinima(f, gradient, shown, dimensions);
  const scale = landscapeScale(f, gradient, shown, dimensions);
  return {
    id: CUSTOM_LANDSCAPE_ID,
    name: `${dimensions === 1 ? 'f(x)' : 'f(x, y)'} = ${expression.source}`,
    dimensions,
    formula: expression.source,
    expression: expression.source,
    f,
    gradient,
    wgsl: expression.wgsl,
    domain: shown,
    minima: search.minima,
    learningRate: suggestLearningRate(f, gradient, shown, dimensions, search.curvatures, scale),
    logHeight: wantsLogHeight(f, shown, dimensions),
    gradientTolerance: gradientToleranceFor(scale),
  };
}

/** The gradient tolerance of "converged" for a landscape found numerically: above float32's noise. */
export function gradientToleranceFor(scale: LandscapeScale): number {
  return Math.max(DEFAULT_GRADIENT_TOLERANCE, FLOAT32_GRADIENT_NOISE * scale.steepGradient);
}

export type CustomLandscapeResult =
  | { readonly ok: true; readonly landscape: Landscape; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly error: ExpressionError };

/** Most recently built typed landscapes, by text and domain: the panel and the URL ask often. */
const cache = new Map<string, CustomLandscapeResult>();
const CACHE_SIZE = 8;

/**
 * Compiles `text` and builds its landscape over `domain` (null: the default), or gives the
 * compiler's error. Never throws. Remembers the last few landscapes built, so asking again for the
 * same text and domain (every panel edit re-reads the state) costs nothing.
 */
export function customLandscape(text: string, domain: Domain | null): CustomLandscapeResult {
  const key = JSON.stringify([text, domain]);
  const known = cache.get(key);
  if (known) return known;
  const compiled = compileSafely(text);
  const result: CustomLandscapeResult = compiled.ok
    ? {
        ok: true,
        landscape: expressionLandscape(compiled.expression, domain ?? undefined),
        expression: compiled.expression,
      }
    : { ok: false, error: compiled.error };
  // A failure is cheap to find again, and its message is in the language of the moment.
  if (!result.ok) return result;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/**
 * compileExpression, and should it ever throw after all (its contract is never to: but the text
 * can come from any URL, and a page must survive it), an error for the whole text instead.
 */
export function compileSafely(text: string): CompileResult {
  try {
    return compileExpression(text);
  } catch {
    return {
      ok: false,
      error: { message: message('expr.unreadable'), position: 0, length: Math.max(1, text.length) },
    };
  }
}

/** Whether f's values above its minimum span about two orders of magnitude (see LOG_HEIGHT_RATIO). */
export function wantsLogHeight(f: LossFn, domain: Domain, dimensions: 1 | 2): boolean {
  const values: number[] = [];
  for (const [x, y] of sampleGrid(domain, dimensions, 33)) {
    const value = f(x, y);
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length < 10) return false;
  values.sort((a, b) => a - b);
  const lowest = values[0]!;
  const at = (share: number): number => values[Math.floor((values.length - 1) * share)]! - lowest;
  const low = at(0.1);
  // A lower tenth that is flat at the minimum (a plateau) says nothing about the scale.
  if (!(low > 0)) return false;
  // Near a minimum f grows like the distance squared, and the share of the domain within a
  // distance r like r^dimensions: the same bowl gives a ratio of 9 in 2D and 81 in 1D. Its
  // dimensions/2-th power compares them on one scale.
  return (at(0.9) / low) ** (dimensions / 2) >= LOG_HEIGHT_RATIO;
}
