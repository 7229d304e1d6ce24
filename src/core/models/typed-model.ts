/**
 * A model typed as a formula (`model=expr&expr=w*x^2 + b`): the prediction in the input x and the
 * parameters w and (optionally) b, differentiated in w and b by the same compiler as a typed
 * landscape (src/core/expr), so its slope needs no hand-written derivative. Its loss is the squared
 * error. Never throws: a formula that cannot be a model comes back as an error with a position.
 */
import { dependsOn } from '../expr/ast.ts';
import { gradientTrees } from '../expr/differentiate.ts';
import { type ExpressionError, expressionError } from '../expr/errors.ts';
import { compileProgram } from '../expr/js-codegen.ts';
import { parseExpression } from '../expr/parser.ts';
import { printNode } from '../expr/print.ts';
import { message } from '../message.ts';
import type { Model } from './define.ts';

/** The names a model's formula may use: the input, then the parameters. */
export const MODEL_VARIABLES = ['x', 'w', 'b'] as const;

export type TypedModelResult =
  | { readonly ok: true; readonly model: Model }
  | { readonly ok: false; readonly error: ExpressionError };

export function compileModel(text: string): TypedModelResult {
  const parsed = parseExpression(typeof text === 'string' ? text : '', MODEL_VARIABLES);
  if (!parsed.ok) return parsed;
  const { node, factory } = parsed;
  if (!dependsOn(node, 'w'))
    return { ok: false, error: expressionError(message('expr.model-needs-w'), 0, 0) };
  const two = dependsOn(node, 'b');
  const [dw, db] = gradientTrees(node, factory, ['w', 'b']);
  const program = compileProgram([node, dw, db], MODEL_VARIABLES);
  const values = new Float64Array(3);
  const model: Model = {
    id: 'expr',
    parameters: two ? ['w', 'b'] : ['w'],
    formula: `y = ${printNode(node)}`,
    loss: 'squared',
    output: (x, w, b) => {
      program(x, w, two ? b : 0, values);
      return values[0]!;
    },
    outputSlope: (x, w, b, out) => {
      program(x, w, two ? b : 0, values);
      out[0] = values[1]!;
      out[1] = two ? values[2]! : 0;
    },
  };
  return { ok: true, model };
}
