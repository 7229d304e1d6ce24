/**
 * f and its gradient as JavaScript for the CPU backend. The source is printed from the lowered
 * DAG only: the names in it are ours (x, y, out, t0..., Math.<whitelisted function>) and numbers
 * are re-printed from their values, so no character of the typed text reaches `new Function`.
 * `Math` there is a parameter bound to a snapshot of the functions (functions.ts), not the global.
 *
 * Where `new Function` is refused (a Content-Security-Policy without 'unsafe-eval'), the same
 * DAG is run by closures instead: slower, same operations, same results to the bit.
 */

import { generatedFunction } from '../code-generation.ts';
import type { GradientFn, LossFn } from '../landscape.ts';
import { LANDSCAPE_VARIABLES, type Node, type Variable } from './ast.ts';
import { MATH_FUNCTIONS } from './functions.ts';
import { emitProgram, type IrOperation, type IrValue, lowerToIr, type Syntax } from './ir.ts';

export interface CompiledFunctions {
  readonly f: LossFn;
  readonly gradient: GradientFn;
  /** How they were built: generated source, or closures where `new Function` is not allowed. */
  readonly mode: 'function' | 'closures';
}

/** A finite, non-negative JavaScript number as printed by String(): digits, point, exponent. */
const PLAIN_NUMBER = /^\d+(\.\d+)?(e[+-]\d+)?$/;

/** `value` as a JavaScript expression; negative and non-finite values come parenthesised. */
export function jsNumber(value: number): string {
  if (Number.isNaN(value)) return '(0 / 0)';
  if (value === Number.POSITIVE_INFINITY) return '(1 / 0)';
  if (value === Number.NEGATIVE_INFINITY) return '(-1 / 0)';
  if (Object.is(value, -0)) return '(-0)';
  const text = String(Math.abs(value));
  // Cannot fail for a finite number; checked so that nothing else can ever be spliced in.
  if (!PLAIN_NUMBER.test(text)) throw new Error(`expr: cannot print ${text} as a JavaScript number`);
  return value < 0 ? `(-${text})` : text;
}

const OPERATORS: Partial<Record<IrOperation, string>> = { add: '+', sub: '-', mul: '*', div: '/' };

const JS_SYNTAX: Syntax = {
  constant: jsNumber,
  variable: (name) => name,
  operation(op, args) {
    const operator = OPERATORS[op];
    if (operator) return `(${args[0]} ${operator} ${args[1]})`;
    switch (op) {
      case 'neg':
        return `(-${args[0]})`;
      case 'select':
        return `(${args[0]} <= ${args[1]} ? ${args[2]} : ${args[3]})`;
      case 'sinCosTurn':
      case 'sinTurn':
      case 'cosTurn':
      case 'tanTurn':
        throw new Error(`expr: ${op} is WGSL only`);
      default:
        // `op` is a FunctionName here: a key of MATH_FUNCTIONS, never text from the formula.
        return `Math.${op}(${args.join(', ')})`;
    }
  },
};

/** The body of a function returning `{ f, gradient }`, given the snapshot as `Math`. */
export function javascriptSource(root: Node, gradient: readonly [Node, Node]): string {
  const [fValue] = lowerToIr([root], 'js');
  const gradientValues = lowerToIr(gradient, 'js');
  const fProgram = emitProgram([fValue!], JS_SYNTAX);
  const gradientProgram = emitProgram(gradientValues, JS_SYNTAX);
  const declare = (program: ReturnType<typeof emitProgram>): string =>
    program.declarations.map(({ name, text }) => `    const ${name} = ${text};\n`).join('');
  return `'use strict';
return {
  f(x, y) {
${declare(fProgram)}    return ${fProgram.results[0]};
  },
  gradient(x, y, out) {
${declare(gradientProgram)}    out[0] = ${gradientProgram.results[0]};
    out[1] = ${gradientProgram.results[1]};
  },
};
`;
}

/** f and gradient of `root` with its derivative trees `gradient` (d/dx, d/dy). */
export function compileFunctions(root: Node, gradient: readonly [Node, Node]): CompiledFunctions {
  const factory = generatedFunction<(math: typeof MATH_FUNCTIONS) => Omit<CompiledFunctions, 'mode'>>(
    ['Math'],
    javascriptSource(root, gradient),
  );
  if (factory) {
    const { f, gradient: gradientFn } = factory(MATH_FUNCTIONS);
    return { f, gradient: gradientFn, mode: 'function' };
  }
  return compileClosures(root, gradient);
}

/** The same functions without `new Function`: the lowered DAG run step by step. */
export function compileClosures(root: Node, gradient: readonly [Node, Node]): CompiledFunctions {
  const runF = closureProgram(lowerToIr([root], 'js'), LANDSCAPE_VARIABLES);
  const runGradient = closureProgram(lowerToIr(gradient, 'js'), LANDSCAPE_VARIABLES);
  return {
    f: (x, y) => runF(x, y, 0)[0]!,
    gradient: (x, y, out) => {
      const results = runGradient(x, y, 0);
      out[0] = results[0]!;
      out[1] = results[1]!;
    },
    mode: 'closures',
  };
}

/** Writes each root's value into `out`, given the variables' values in their order. */
export type ProgramFn = (a: number, b: number, c: number, out: { [index: number]: number }) => void;

/**
 * `roots` as one function of up to three named variables (a model's x, w and b), by `new
 * Function` where allowed, else by closures: the same operations either way.
 */
export function compileProgram(roots: readonly Node[], variables: readonly Variable[]): ProgramFn {
  if (variables.length > 3) throw new RangeError('expr: at most three variables');
  const values = lowerToIr(roots, 'js');
  const program = emitProgram(values, JS_SYNTAX);
  const declarations = program.declarations.map(({ name, text }) => `  const ${name} = ${text};\n`).join('');
  const stores = program.results.map((text, k) => `  out[${k}] = ${text};\n`).join('');
  // The variables' names are the parser's own (never typed text); the unused ones are `_k`.
  const names = [0, 1, 2].map((k) => variables[k] ?? `_${k}`);
  const source = `'use strict';\nreturn function (${names.join(', ')}, out) {\n${declarations}${stores}};\n`;
  const factory = generatedFunction<(math: typeof MATH_FUNCTIONS) => ProgramFn>(['Math'], source);
  if (factory) return factory(MATH_FUNCTIONS);
  const run = closureProgram(values, variables);
  return (a, b, c, out) => {
    const results = run(a, b, c);
    for (let k = 0; k < results.length; k++) out[k] = results[k]!;
  };
}

type Step = (registers: Float64Array) => void;

/**
 * A function computing `roots` from the values of `variables` (in order): every value gets a
 * register, the operations run in dependency order. Returns the roots' values in a reused array
 * (read it before the next call).
 */
function closureProgram(
  roots: readonly IrValue[],
  variables: readonly Variable[],
): (a: number, b: number, c: number) => Float64Array {
  const register = new Map<number, number>();
  const steps: Step[] = [];
  const constants: Array<[number, number]> = [];
  const variableRegisters = variables.map(() => -1);
  const place = (value: IrValue): number => {
    const known = register.get(value.id);
    if (known !== undefined) return known;
    const args = value.kind === 'op' ? value.args.map(place) : [];
    const at = register.size;
    register.set(value.id, at);
    if (value.kind === 'const') constants.push([at, value.value]);
    else if (value.kind === 'var') variableRegisters[variables.indexOf(value.name)] = at;
    else steps.push(stepFor(value.op, args, at));
    return at;
  };
  const rootRegisters = roots.map(place);
  const registers = new Float64Array(register.size);
  for (const [at, value] of constants) registers[at] = value;
  const results = new Float64Array(roots.length);
  const [r0 = -1, r1 = -1, r2 = -1] = variableRegisters;
  return (a, b, c) => {
    if (r0 >= 0) registers[r0] = a;
    if (r1 >= 0) registers[r1] = b;
    if (r2 >= 0) registers[r2] = c;
    for (const step of steps) step(registers);
    for (let index = 0; index < rootRegisters.length; index++)
      results[index] = registers[rootRegisters[index]!]!;
    return results;
  };
}

function stepFor(op: IrOperation, args: readonly number[], at: number): Step {
  const [a = 0, b = 0, c = 0, d = 0] = args;
  switch (op) {
    case 'neg':
      return (r) => {
        r[at] = -r[a]!;
      };
    case 'add':
      return (r) => {
        r[at] = r[a]! + r[b]!;
      };
    case 'sub':
      return (r) => {
        r[at] = r[a]! - r[b]!;
      };
    case 'mul':
      return (r) => {
        r[at] = r[a]! * r[b]!;
      };
    case 'div':
      return (r) => {
        r[at] = r[a]! / r[b]!;
      };
    case 'select':
      return (r) => {
        r[at] = r[a]! <= r[b]! ? r[c]! : r[d]!;
      };
    case 'sinCosTurn':
    case 'sinTurn':
    case 'cosTurn':
    case 'tanTurn':
      throw new Error(`expr: ${op} is WGSL only`);
    default: {
      const fn = MATH_FUNCTIONS[op];
      if (args.length === 1) {
        return (r) => {
          r[at] = fn(r[a]!);
        };
      }
      return (r) => {
        r[at] = fn(r[a]!, r[b]!);
      };
    }
  }
}
