/**
 * The functions a typed formula may call: the whitelist the parser checks names against, the list
 * the help text shows, and their JavaScript meaning (every one is a `Math` method of the same name,
 * so the CPU code, the reference evaluator and constant folding agree to the last bit).
 */

export interface ExpressionFunction {
  readonly name: string;
  /** Number of arguments. */
  readonly arity: number;
  /** One line for the help text. */
  readonly description: string;
}

const FUNCTION_TABLE = [
  { name: 'sin', arity: 1, description: 'sine (radians)' },
  { name: 'cos', arity: 1, description: 'cosine (radians)' },
  { name: 'tan', arity: 1, description: 'tangent (radians)' },
  { name: 'asin', arity: 1, description: 'arcsine, NaN outside [-1, 1]' },
  { name: 'acos', arity: 1, description: 'arccosine, NaN outside [-1, 1]' },
  { name: 'atan', arity: 1, description: 'arctangent' },
  { name: 'atan2', arity: 2, description: 'atan2(y, x): angle of the point (x, y)' },
  { name: 'sinh', arity: 1, description: 'hyperbolic sine' },
  { name: 'cosh', arity: 1, description: 'hyperbolic cosine' },
  { name: 'tanh', arity: 1, description: 'hyperbolic tangent' },
  { name: 'exp', arity: 1, description: 'e to the power of the argument' },
  { name: 'expm1', arity: 1, description: 'exp(x) - 1, exact near 0' },
  { name: 'log', arity: 1, description: 'natural logarithm (ln), NaN below 0' },
  { name: 'log2', arity: 1, description: 'base-2 logarithm' },
  { name: 'log10', arity: 1, description: 'base-10 logarithm' },
  { name: 'sqrt', arity: 1, description: 'square root, NaN below 0' },
  { name: 'abs', arity: 1, description: 'absolute value' },
  { name: 'sign', arity: 1, description: '-1, 0 or 1' },
  { name: 'min', arity: 2, description: 'smaller of two values' },
  { name: 'max', arity: 2, description: 'larger of two values' },
  { name: 'pow', arity: 2, description: 'pow(a, b) = a^b' },
  { name: 'floor', arity: 1, description: 'round down (gradient 0)' },
  { name: 'ceil', arity: 1, description: 'round up (gradient 0)' },
  { name: 'round', arity: 1, description: 'round to nearest, halves up (gradient 0)' },
] as const satisfies readonly ExpressionFunction[];

export type FunctionName = (typeof FUNCTION_TABLE)[number]['name'];

/** Every function a formula may call, in the order the help lists them. */
export const EXPRESSION_FUNCTIONS: readonly ExpressionFunction[] = FUNCTION_TABLE;

/**
 * Name to arity. A Map, not an object literal: a plain object would answer for `constructor`,
 * `toString` or `__proto__` through its prototype.
 */
const ARITY: ReadonlyMap<string, number> = new Map(FUNCTION_TABLE.map((fn) => [fn.name, fn.arity]));

/** The function called `name`, if it is on the whitelist. */
export function lookupFunction(name: string): { name: FunctionName; arity: number } | undefined {
  const arity = ARITY.get(name);
  return arity === undefined ? undefined : { name: name as FunctionName, arity };
}

type MathFunction = (...args: number[]) => number;

/**
 * The `Math` methods the formulas use, taken once when this module loads: code compiled later
 * calls these, so a page script that replaces `Math.sin` afterwards cannot change a landscape.
 */
export const MATH_FUNCTIONS: Readonly<Record<FunctionName, MathFunction>> = Object.freeze({
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  atan2: Math.atan2,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  min: Math.min,
  max: Math.max,
  pow: Math.pow,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
});

/** `name(...args)` with JavaScript's semantics (NaN and infinities included). */
export function applyFunction(name: FunctionName, args: readonly number[]): number {
  const fn = MATH_FUNCTIONS[name];
  return args.length === 1 ? fn(args[0]!) : fn(args[0]!, args[1]!);
}
