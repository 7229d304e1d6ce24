/**
 * The language an optimizer's update rule is written in, once, and the three things made from it:
 * JavaScript for the CPU kernel, WGSL for the GPU's step pass, and an interpreter (the inspector's
 * next step, and the CPU kernel where a Content-Security-Policy forbids compiling code).
 *
 * A rule is a few statements for one coordinate of one ball; both coordinates run it alike:
 *
 * ```
 * m = beta1 * m + oneMinusBeta1 * g     state update (m is per-ball state, one value per axis)
 * let u = sign(m)                       a temporary
 * x = x - lr * u                        the new position: the last statement, and only there
 * ```
 *
 * Names: `g` (the slope the ball follows, noise included), `x` (the position), `lr` (the rate of
 * this step, schedule included), the optimizer's state, temporaries, and its scalars: its
 * hyper-parameters, constants computed from them on the host, and counters (a per-step scalar such
 * as Adam's bias correction, advanced before every step by its own expression). Operators
 * `+ - * /`, unary minus, parentheses, and `sqrt`, `sign`, `abs`. Printed code is fully
 * parenthesised, so the JavaScript, the interpreter and the WGSL apply the same operations in the
 * same order (the JavaScript and the interpreter agree to the bit).
 */

import { applyBinary } from '../expr/evaluate.ts';
import { MATH_FUNCTIONS } from '../expr/functions.ts';

/** The functions a rule may call: the expression compiler's of the same names. */
export type RuleFunction = 'sqrt' | 'sign' | 'abs';

export type RuleExpression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: RuleExpression }
  | {
      readonly kind: 'binary';
      readonly operator: '+' | '-' | '*' | '/';
      readonly left: RuleExpression;
      readonly right: RuleExpression;
    }
  | { readonly kind: 'call'; readonly name: RuleFunction; readonly argument: RuleExpression };

export interface RuleStatement {
  /** `let`: a temporary; `state`: one of the optimizer's state values; `move`: the new x. */
  readonly kind: 'let' | 'state' | 'move';
  readonly target: string;
  readonly value: RuleExpression;
}

/** What the names of a rule stand for (the rule's optimizer declares them). */
export interface RuleNames {
  /** Per-ball state, one value per axis, in storage order. */
  readonly state: readonly string[];
  /** Hyper-parameters, then host-computed constants: the scalar slots, in this order. */
  readonly values: readonly string[];
  /** Per-step scalars (at most two). */
  readonly counters: readonly string[];
}

/** A parsed, checked rule and its counters' next-value expressions. */
export interface Rule {
  readonly names: RuleNames;
  readonly statements: readonly RuleStatement[];
  /** One expression per counter (names.counters order); scalar-only. */
  readonly counters: readonly RuleExpression[];
}

const FUNCTIONS: ReadonlySet<string> = new Set<RuleFunction>(['sqrt', 'sign', 'abs']);
/** Names every rule has. */
const BUILT_IN = ['g', 'x', 'lr'] as const;

/** Parses and checks `statements` (newline- or `;`-separated) and the counters' expressions. */
export function parseRule(statements: string, counters: readonly string[], names: RuleNames): Rule {
  const parsed = statements
    .split(/[\n;]/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(parseStatement);
  const rule: Rule = { names, statements: parsed, counters: counters.map(parseExpression) };
  checkRule(rule);
  return rule;
}

function parseStatement(text: string): RuleStatement {
  const match = /^(let\s+)?([A-Za-z_]\w*)\s*=(.*)$/.exec(text);
  if (!match) throw new SyntaxError(`rule: not a statement: "${text}"`);
  const target = match[2]!;
  const kind = match[1] ? 'let' : target === 'x' ? 'move' : 'state';
  return { kind, target, value: parseExpression(match[3]!) };
}

/** Recursive descent over `+ -`, `* /`, unary minus, atoms. */
export function parseExpression(text: string): RuleExpression {
  const tokens = text.match(/\d+(?:\.\d*)?(?:e[+-]?\d+)?|[A-Za-z_]\w*|\S/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new SyntaxError(`rule: expected ${expected ?? 'more'} in "${text}"`);
    }
    return token;
  };
  const sum = (): RuleExpression => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const operator = take() as '+' | '-';
      left = { kind: 'binary', operator, left, right: product() };
    }
    return left;
  };
  const product = (): RuleExpression => {
    let left = unary();
    while (peek() === '*' || peek() === '/') {
      const operator = take() as '*' | '/';
      left = { kind: 'binary', operator, left, right: unary() };
    }
    return left;
  };
  const unary = (): RuleExpression => {
    if (peek() === '-') {
      take();
      return { kind: 'negate', operand: unary() };
    }
    return atom();
  };
  const atom = (): RuleExpression => {
    const token = take();
    if (token === '(') {
      const inner = sum();
      take(')');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (!/^[A-Za-z_]/.test(token)) throw new SyntaxError(`rule: unexpected "${token}" in "${text}"`);
    if (peek() !== '(') return { kind: 'name', name: token };
    if (!FUNCTIONS.has(token)) throw new SyntaxError(`rule: unknown function "${token}" in "${text}"`);
    take('(');
    const argument = sum();
    take(')');
    return { kind: 'call', name: token as RuleFunction, argument };
  };
  const expression = sum();
  if (at !== tokens.length) throw new SyntaxError(`rule: unexpected "${peek()}" in "${text}"`);
  return expression;
}

function namesIn(expression: RuleExpression, out: string[] = []): string[] {
  switch (expression.kind) {
    case 'name':
      out.push(expression.name);
      break;
    case 'negate':
      namesIn(expression.operand, out);
      break;
    case 'binary':
      namesIn(expression.left, out);
      namesIn(expression.right, out);
      break;
    case 'call':
      namesIn(expression.argument, out);
      break;
    default:
      break;
  }
  return out;
}

/** Throws unless every name is known when used, and x is assigned once, last. */
function checkRule(rule: Rule): void {
  const { state, values, counters } = rule.names;
  const all = [...BUILT_IN, ...state, ...values, ...counters];
  if (new Set(all).size !== all.length)
    throw new Error(`rule: a name is declared twice in ${all.join(', ')}`);
  if (counters.length !== rule.counters.length) throw new Error('rule: one expression per counter');
  const scalars = new Set([...values, ...counters]);
  for (const next of rule.counters) {
    for (const name of namesIn(next)) {
      if (!scalars.has(name)) throw new Error(`rule: a counter may only use scalars, not "${name}"`);
    }
  }
  const known = new Set(all);
  rule.statements.forEach((statement, index) => {
    for (const name of namesIn(statement.value)) {
      if (!known.has(name)) throw new Error(`rule: "${name}" is not defined where it is used`);
    }
    const last = index === rule.statements.length - 1;
    if ((statement.kind === 'move') !== last)
      throw new Error('rule: the last statement, and only it, sets x');
    if (statement.kind === 'state' && !state.includes(statement.target)) {
      throw new Error(`rule: "${statement.target}" is not state; declare it, or write "let"`);
    }
    if (statement.kind === 'let') {
      if (known.has(statement.target)) throw new Error(`rule: "${statement.target}" is already defined`);
      known.add(statement.target);
    }
  });
  if (rule.statements.length === 0) throw new Error('rule: no statements');
}

/** How a target prints one name, number and function; binaries and negation are shared. */
interface Printer {
  name(name: string): string;
  number(value: number): string;
  call(name: RuleFunction, argument: string): string;
}

function print(expression: RuleExpression, printer: Printer): string {
  switch (expression.kind) {
    case 'number':
      return printer.number(expression.value);
    case 'name':
      return printer.name(expression.name);
    case 'negate':
      return `(-${print(expression.operand, printer)})`;
    case 'binary':
      return `(${print(expression.left, printer)} ${expression.operator} ${print(expression.right, printer)})`;
    case 'call':
      return printer.call(expression.name, print(expression.argument, printer));
  }
}

/** A finite number as JavaScript source (the values are the host's, never text from a user). */
function jsNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`rule: cannot print ${value}`);
  return Object.is(value, -0) || value < 0 ? `(${value})` : String(value);
}

/**
 * The update as the source of a JavaScript function `(s0, s1, s2, s3, i, x, y, gx, gy, lr, c,
 * out)`: state value k of axis a is `s[2k + a][i]`, stored and read back after every assignment
 * (so a Float32Array rounds it as the GPU does), counters live in `c`, and the new position goes
 * to out[0], out[1]. `values` are printed into the source as numbers.
 */
export function ruleToJs(rule: Rule, values: readonly number[]): string {
  const { state, counters } = rule.names;
  const lines: string[] = [];
  const scalar = (name: string): string | undefined => {
    const slot = rule.names.values.indexOf(name);
    if (slot >= 0) return jsNumber(values[slot]!);
    const counter = counters.indexOf(name);
    return counter >= 0 ? `c[${counter}]` : name === 'lr' ? 'lr' : undefined;
  };
  const printer = (axis: 0 | 1): Printer => ({
    name(name) {
      const known = scalar(name);
      if (known !== undefined) return known;
      if (name === 'g') return axis === 0 ? 'gx' : 'gy';
      if (name === 'x') return axis === 0 ? 'x' : 'y';
      const slot = state.indexOf(name);
      return slot >= 0 ? `s${2 * slot + axis}[i]` : `t_${name}_${axis}`;
    },
    number: jsNumber,
    call: (name, argument) => `Math.${name}(${argument})`,
  });
  rule.counters.forEach((next, k) => {
    lines.push(`c[${k}] = ${print(next, printer(0))};`);
  });
  for (const statement of rule.statements) {
    for (const axis of [0, 1] as const) {
      const value = print(statement.value, printer(axis));
      if (statement.kind === 'let') lines.push(`const t_${statement.target}_${axis} = ${value};`);
      else if (statement.kind === 'state') {
        lines.push(`s${2 * state.indexOf(statement.target) + axis}[i] = ${value};`);
      } else lines.push(`out[${axis}] = ${value};`);
    }
  }
  return `function update(s0, s1, s2, s3, i, x, y, gx, gy, lr, c, out) {\n  ${lines.join('\n  ')}\n}`;
}

/** An f32 WGSL literal (always with a `.` or an exponent, so it types as f32). */
function wgslNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`rule: cannot print ${value}`);
  const text = String(Math.abs(value));
  const literal = /[.e]/.test(text) ? text : `${text}.0`;
  return value < 0 || Object.is(value, -0) ? `(-${literal})` : literal;
}

/**
 * The update as a WGSL block over vec2f: `g` is `slope`, `x` is `position`, state slot k is
 * `*first` (k = 0) or `*second` (k = 1), counters are `(*counters).x` and `.y`, scalar slot j is
 * `values[j / 4]` component j % 4 of the `array<vec4f, …>` named `values`, and the block ends in
 * `return` of the new position. Names are prefixed, so none can clash with the shader's own.
 */
export function ruleToWgsl(rule: Rule): string {
  const { state, counters, values } = rule.names;
  const usedValues = new Set<string>();
  const printer: Printer = {
    name(name) {
      if (name === 'g') return 'slope';
      if (name === 'x') return 'position';
      if (name === 'lr') return 'learningRate';
      const counter = counters.indexOf(name);
      if (counter >= 0) return `(*counters).${'xy'[counter]}`;
      const slot = state.indexOf(name);
      if (slot >= 0) return slot === 0 ? '(*first)' : '(*second)';
      if (values.includes(name)) usedValues.add(name);
      return `opt_${name}`;
    },
    number: wgslNumber,
    call: (name, argument) => `${name}(${argument})`,
  };
  const body: string[] = [];
  rule.counters.forEach((next, k) => {
    body.push(`(*counters).${'xy'[k]} = ${print(next, printer)};`);
  });
  for (const statement of rule.statements) {
    const value = print(statement.value, printer);
    if (statement.kind === 'let') body.push(`let opt_${statement.target} = ${value};`);
    else if (statement.kind === 'state') {
      body.push(`${state.indexOf(statement.target) === 0 ? '*first' : '*second'} = ${value};`);
    } else body.push(`return ${value};`);
  }
  const reads = values
    .map((name, slot) => ({ name, slot }))
    .filter(({ name }) => usedValues.has(name))
    .map(({ name, slot }) => `let opt_${name} = values[${slot >> 2}].${'xyzw'[slot & 3]};`);
  return [...reads, ...body].join('\n');
}

/** An update: the signature of ruleToJs's function. */
export type UpdateFunction = (
  s0: ArrayLike<number> & { [index: number]: number },
  s1: ArrayLike<number> & { [index: number]: number },
  s2: ArrayLike<number> & { [index: number]: number },
  s3: ArrayLike<number> & { [index: number]: number },
  i: number,
  x: number,
  y: number,
  gx: number,
  gy: number,
  lr: number,
  c: Float64Array,
  out: number[],
) => void;

function evaluate(expression: RuleExpression, lookup: (name: string) => number): number {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'name':
      return lookup(expression.name);
    case 'negate':
      return -evaluate(expression.operand, lookup);
    case 'binary':
      return applyBinary(
        expression.operator,
        evaluate(expression.left, lookup),
        evaluate(expression.right, lookup),
      );
    case 'call':
      return MATH_FUNCTIONS[expression.name](evaluate(expression.argument, lookup));
  }
}

/**
 * The update run by walking the rule: what ruleToJs's function does, operation for operation, so
 * the two agree to the bit. Slower; for the inspector and for pages that cannot compile code.
 */
export function interpretRule(rule: Rule, values: readonly number[]): UpdateFunction {
  const { state, counters } = rule.names;
  return (s0, s1, s2, s3, i, x, y, gx, gy, lr, c, out) => {
    const arrays = [s0, s1, s2, s3];
    const temporaries = [new Map<string, number>(), new Map<string, number>()];
    const lookup =
      (axis: 0 | 1) =>
      (name: string): number => {
        const slot = rule.names.values.indexOf(name);
        if (slot >= 0) return values[slot]!;
        const counter = counters.indexOf(name);
        if (counter >= 0) return c[counter]!;
        if (name === 'lr') return lr;
        if (name === 'g') return axis === 0 ? gx : gy;
        if (name === 'x') return axis === 0 ? x : y;
        const stateSlot = state.indexOf(name);
        if (stateSlot >= 0) return arrays[2 * stateSlot + axis]![i]!;
        return temporaries[axis]!.get(name)!;
      };
    advanceCounters(rule, values, c);
    for (const statement of rule.statements) {
      for (const axis of [0, 1] as const) {
        const value = evaluate(statement.value, lookup(axis));
        if (statement.kind === 'let') temporaries[axis]!.set(statement.target, value);
        else if (statement.kind === 'state') arrays[2 * state.indexOf(statement.target) + axis]![i] = value;
        else out[axis] = value;
      }
    }
  };
}

/**
 * Advances the counters `c` by one step, as the update does before its statements (the same
 * operations, so the same bits as ruleToJs's function).
 */
export function advanceCounters(rule: Rule, values: readonly number[], c: Float64Array): void {
  const lookup = (name: string): number => {
    const slot = rule.names.values.indexOf(name);
    return slot >= 0 ? values[slot]! : c[rule.names.counters.indexOf(name)]!;
  };
  rule.counters.forEach((next, k) => {
    c[k] = evaluate(next, lookup);
  });
}
