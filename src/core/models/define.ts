/**
 * A model with one or two parameters, fitted to data (model=, issue 14): its output for an input
 * x, and the output's slope in each parameter. The landscape the balls roll on is the model's mean
 * loss over the data as a function of its parameters (x axis: the first, y axis: the second).
 */

export type ModelLoss = 'squared' | 'cross-entropy';

/** Where a model writes the output's slope in its parameters: d/dp0 and d/dp1. */
export type ParameterSlope = { [index: number]: number };

export interface Model {
  readonly id: string;
  /** The parameters' names, first on the x axis: `['w']`, `['w', 'b']`. */
  readonly parameters: readonly [string] | readonly [string, string];
  /** As shown, e.g. `y = w·x + b`. */
  readonly formula: string;
  /**
   * `squared`: the output is the prediction, the loss (output − y)²; `cross-entropy`: the output
   * is a logit z, the label y is 0 or 1, the loss log(1 + e^z) − y·z.
   */
  readonly loss: ModelLoss;
  /** The output for input x at parameters (p0, p1); p1 is 0 for a one-parameter model. */
  output(x: number, p0: number, p1: number): number;
  /** The output's slope in each parameter at x (out[1] = 0 for a one-parameter model). */
  outputSlope(x: number, p0: number, p1: number, out: ParameterSlope): void;
  /**
   * The same in WGSL, from the same formula: `fn slopeModel(x: f32, p0: f32, p1: f32) -> vec3f`
   * returning the output and its two slopes (model-wgsl.ts builds the loss around it).
   */
  readonly wgsl: string;
}
