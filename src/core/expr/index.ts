/**
 * Typed formulas as landscapes: `compileExpression('(1 - x)^2 + 100 * (y - x^2)^2')` parses the
 * text, differentiates it symbolically and compiles f and its gradient to JavaScript (CPU backend)
 * and WGSL (GPU backend).
 *
 * Hand-written rather than mathjs: the grammar is small (parser.ts), and owning the tree gives
 * exact control over the code we generate (integer powers as products, NaN where WGSL would be
 * undefined, float32-accurate sines) while adding a few kilobytes to the first page instead of
 * a lazily loaded chunk ten times that size.
 *
 * Safety: the text only ever becomes tokens and a tree; code is printed from the tree, with names
 * from a whitelist and numbers re-printed from their values. Input length, nesting depth and
 * tree size are capped while parsing, and `compileExpression` never throws.
 *
 * ```ts
 * const result = compileExpression('x^2 + y^2');
 * if (result.ok) result.expression.gradient(1, 2, out); // out = [2, 4]
 * else showError(result.error.message, result.error.position);
 * ```
 */

import type { GradientFn, LossFn } from '../landscape.ts';
import { message } from '../message.ts';
import { dependsOn } from './ast.ts';
import { gradientTrees } from './differentiate.ts';
import { type ExpressionError, expressionError } from './errors.ts';
import { type IrValue, lowerToIr } from './ir.ts';
import { compileFunctions } from './js-codegen.ts';
import { parseExpression } from './parser.ts';
import { printNode } from './print.ts';
import { generateWgsl } from './wgsl-codegen.ts';

export type { ExpressionError } from './errors.ts';
export { EXPRESSION_FUNCTIONS, type ExpressionFunction } from './functions.ts';
export { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_NODES } from './parser.ts';

export interface CompiledExpression {
  /** The text as given. */
  readonly source: string;
  /** The parsed tree printed back, with parentheses only where needed, e.g. `2 * x^2 + 1`. */
  readonly canonical: string;
  /** 1 when y does not appear in the formula. */
  readonly dimensions: 1 | 2;
  readonly f: LossFn;
  /** Writes d/dx into out[0] and d/dy into out[1] (0 for a 1D formula); allocates nothing. */
  readonly gradient: GradientFn;
  /** Defines `fn f`, `fn gradient` and their `slopeExpr...` helpers, like a preset's `wgsl`. */
  readonly wgsl: string;
  /** f, d/dx and d/dy lowered for the float32 targets (WGSL's and WebAssembly's). */
  readonly float32Ir: readonly [IrValue, IrValue, IrValue];
  /** d/dx and d/dy as formula text, for display (cut with `…` past DERIVATIVE_TEXT_LIMIT). */
  readonly derivativeText: readonly [string, string];
}

export type CompileResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly error: ExpressionError };

/** Longest derivative text kept for display; a long formula's derivative can run much longer. */
export const DERIVATIVE_TEXT_LIMIT = 2000;

/**
 * Parses and compiles `text` (takes about a millisecond for a typical formula). Never throws: a
 * bad formula, or anything unforeseen, comes back as `{ ok: false, error }` with a position.
 */
export function compileExpression(text: string): CompileResult {
  try {
    return compile(text);
  } catch (error) {
    // Nothing is expected to get here; if it does, the page must still get an answer.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: expressionError(message('expr.internal', { detail }), 0, 0) };
  }
}

function compile(text: string): CompileResult {
  // Also guards callers without types, e.g. a value straight from a URL parser.
  if (typeof text !== 'string') return { ok: false, error: expressionError(message('expr.not-text'), 0, 0) };
  const parsed = parseExpression(text);
  if (!parsed.ok) return parsed;
  const { node, factory } = parsed;
  const dimensions = dependsOn(node, 'y') ? 2 : 1;
  const [dx, dy] = gradientTrees(node, factory);
  const gradient = [dx, dimensions === 1 ? factory.number(0) : dy] as const;
  const { f, gradient: gradientFn } = compileFunctions(node, gradient);
  const expression: CompiledExpression = {
    source: text,
    canonical: printNode(node),
    dimensions,
    f,
    gradient: gradientFn,
    wgsl: generateWgsl(node, gradient),
    float32Ir: lowerToIr([node, gradient[0], gradient[1]], 'float32') as [IrValue, IrValue, IrValue],
    derivativeText: [
      printNode(gradient[0], DERIVATIVE_TEXT_LIMIT),
      printNode(gradient[1], DERIVATIVE_TEXT_LIMIT),
    ],
  };
  return { ok: true, expression: Object.freeze(expression) };
}
