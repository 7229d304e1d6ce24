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
import { generateWgslFunction } from '../expr/wgsl-codegen.ts';
import { message } from '../message.ts';
import type { Model, ModelLoss } from './define.ts';

/** The names a typed model's formula may use: the input, then the parameters. */
export const MODEL_VARIABLES = ['x', 'w', 'b'] as const;

export type TypedModelResult =
  | { readonly ok: true; readonly model: Model }
  | { readonly ok: false; readonly error: ExpressionError };

export interface ModelSpec {
  readonly id: string;
  /** The prediction (or, for cross-entropy, the logit) in the input x and the parameters. */
  readonly expression: string;
  /** The parameters' names in the formula, first on the x axis. */
  readonly parameters: readonly [string] | readonly [string, string];
  readonly loss: ModelLoss;
  /** As shown; `y = ` and the formula when absent. */
  readonly formula?: string;
}

/** A typed model: parameters w and (when the formula uses it) b, squared error. */
export function compileModel(text: string): TypedModelResult {
  const parsed = parseExpression(typeof text === 'string' ? text : '', MODEL_VARIABLES);
  if (!parsed.ok) return parsed;
  if (!dependsOn(parsed.node, 'w'))
    return { ok: false, error: expressionError(message('expr.model-needs-w'), 0, 0) };
  return compileSpec(
    {
      id: 'expr',
      expression: text,
      parameters: dependsOn(parsed.node, 'b') ? ['w', 'b'] : ['w'],
      loss: 'squared',
    },
    parsed,
  );
}

/** A model defined by its formula (the named ones, models/index.ts). Throws on a bad formula. */
export function defineModel(spec: ModelSpec): Model {
  const result = compileSpec(spec, parseExpression(spec.expression, ['x', ...spec.parameters]));
  if (!result.ok) throw new Error(`model ${spec.id}: ${JSON.stringify(result.error)}`);
  return result.model;
}

function compileSpec(spec: ModelSpec, parsed: ReturnType<typeof parseExpression>): TypedModelResult {
  if (!parsed.ok) return parsed;
  const { node, factory } = parsed;
  const [first, second = 'unusedParameter'] = spec.parameters;
  const two = spec.parameters.length === 2;
  const [d0, d1] = gradientTrees(node, factory, [first, second]);
  const program = compileProgram([node, d0, d1], ['x', first, second]);
  const wgsl = generateWgslFunction('slopeModel', [node, d0, d1], ['x', first, second]);
  const values = new Float64Array(3);
  const model: Model = {
    id: spec.id,
    parameters: spec.parameters,
    formula: spec.formula ?? `y = ${printNode(node)}`,
    loss: spec.loss,
    wgsl,
    output: (x, p0, p1) => {
      program(x, p0, two ? p1 : 0, values);
      return values[0]!;
    },
    outputSlope: (x, p0, p1, out) => {
      program(x, p0, two ? p1 : 0, values);
      out[0] = values[1]!;
      out[1] = two ? values[2]! : 0;
    },
  };
  return { ok: true, model };
}
