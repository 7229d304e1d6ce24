/**
 * The form code is generated from: the expression trees lowered to a DAG of operations, per
 * target. Lowering
 * - folds every constant subtree into one number (so WGSL never sees a constant expression, whose
 *   NaN, infinity or overflow would be a shader-creation error);
 * - interns values, so a subexpression used twice (in f, or across d/dx and d/dy) is computed once;
 * - writes small integer powers as products (x^3 = x * x * x: faster than pow, and right for x < 0,
 *   where WGSL's pow is undefined) and e^u as exp(u);
 * - on WGSL, turns sin, cos and tan into float32-accurate polynomials in turns (turn-trig.ts),
 *   reading `sin(2 * pi * x)` as "x turns" exactly, and x^0.5 into sqrt. sin and cos of the same
 *   angle come from one `sinCosTurn` (one range reduction, both polynomials), as a gradient
 *   needs both (d/dx sin u = cos u u').
 *
 * `emitProgram` then prints a DAG through a target's syntax, binding shared values to temporaries.
 */
import type { Node, Variable } from './ast.ts';
import { applyBinary } from './evaluate.ts';
import { applyFunction, type FunctionName } from './functions.ts';

/** `js`: JavaScript's float64; `float32`: WGSL and WebAssembly SIMD (trig in turns, x^0.5 as sqrt). */
export type Target = 'js' | 'float32';

/**
 * WGSL only. `sinCosTurn(t)` is the pair (sin 2πt, cos 2πt); `sinTurn` and `cosTurn` take their
 * half of a `sinCosTurn` value; `tanTurn(t)` is tan 2πt.
 */
export type TurnOperation = 'sinCosTurn' | 'sinTurn' | 'cosTurn' | 'tanTurn';

/** `select` is `args[0] <= args[1] ? args[2] : args[3]`. */
export type IrOperation = 'neg' | 'add' | 'sub' | 'mul' | 'div' | 'select' | FunctionName | TurnOperation;

export type IrValue =
  | { readonly kind: 'const'; readonly id: number; readonly value: number }
  | { readonly kind: 'var'; readonly id: number; readonly name: Variable }
  | { readonly kind: 'op'; readonly id: number; readonly op: IrOperation; readonly args: readonly IrValue[] };

export type IrOp = IrValue & { readonly kind: 'op' };

/** Integer powers up to this size become products (at most 2 log2(n) multiplications). */
const MAX_EXPANDED_POWER = 16;

const TWO_PI = 2 * Math.PI;

/** The value of `op` applied to numbers, with JavaScript's semantics: used to fold constants. */
export function applyOperation(op: IrOperation, args: readonly number[]): number {
  const [a = Number.NaN, b = Number.NaN] = args;
  switch (op) {
    case 'neg':
      return -a;
    case 'add':
      return applyBinary('+', a, b);
    case 'sub':
      return applyBinary('-', a, b);
    case 'mul':
      return applyBinary('*', a, b);
    case 'div':
      return applyBinary('/', a, b);
    case 'select':
      return a <= b ? args[2]! : args[3]!;
    // As a number, a `sinCosTurn` value is its angle in turns, which its halves then read.
    case 'sinCosTurn':
      return a;
    case 'sinTurn':
      return Math.sin(TWO_PI * a);
    case 'cosTurn':
      return Math.cos(TWO_PI * a);
    case 'tanTurn':
      return Math.tan(TWO_PI * a);
    default:
      return applyFunction(op, args);
  }
}

const BINARY_OPERATIONS = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const;

/** Lowers `roots` (trees of one NodeFactory) for `target`; the result has one value per root. */
export function lowerToIr(roots: readonly Node[], target: Target): readonly IrValue[] {
  const builder = new IrBuilder(target);
  return roots.map((root) => builder.lower(root));
}

class IrBuilder {
  private readonly values = new Map<string, IrValue>();
  private readonly lowered = new Map<number, IrValue>();

  constructor(private readonly target: Target) {}

  lower(node: Node): IrValue {
    const known = this.lowered.get(node.id);
    if (known) return known;
    const value = this.lowerNode(node);
    this.lowered.set(node.id, value);
    return value;
  }

  private lowerNode(node: Node): IrValue {
    switch (node.kind) {
      case 'number':
      case 'constant':
        return this.constant(node.value);
      case 'variable':
        return this.intern(`v${node.name}`, (id) => ({ kind: 'var', id, name: node.name }));
      case 'negate':
        return this.op('neg', [this.lower(node.operand)]);
      case 'binary': {
        const left = this.lower(node.left);
        const right = this.lower(node.right);
        return node.operator === '^'
          ? this.power(left, right)
          : this.op(BINARY_OPERATIONS[node.operator], [left, right]);
      }
      case 'select':
        return this.op('select', [
          this.lower(node.left),
          this.lower(node.right),
          this.lower(node.whenLessOrEqual),
          this.lower(node.otherwise),
        ]);
      case 'call': {
        const args = node.args.map((arg) => this.lower(arg));
        if (node.name === 'pow') return this.power(args[0]!, args[1]!);
        if (this.target === 'float32' && args[0]!.kind !== 'const') {
          if (node.name === 'sin') return this.op('sinTurn', [this.op('sinCosTurn', [this.turns(args[0]!)])]);
          if (node.name === 'cos') return this.op('cosTurn', [this.op('sinCosTurn', [this.turns(args[0]!)])]);
          if (node.name === 'tan') return this.op('tanTurn', [this.turns(args[0]!)]);
        }
        return this.op(node.name, args);
      }
    }
  }

  private power(base: IrValue, exponent: IrValue): IrValue {
    if (exponent.kind === 'const') {
      const n = exponent.value;
      if (base.kind === 'const') return this.constant(applyBinary('^', base.value, n));
      if (Number.isInteger(n) && Math.abs(n) <= MAX_EXPANDED_POWER) {
        if (n === 0) return this.constant(1); // Math.pow(anything, 0) is 1, NaN included.
        const product = this.product(base, Math.abs(n));
        return n > 0 ? product : this.op('div', [this.constant(1), product]);
      }
      // WGSL's sqrt is exact to 1 ulp where its pow is exp2(0.5 log2 a); JavaScript keeps pow,
      // whose pow(-Infinity, 0.5) is Infinity where sqrt gives NaN.
      if (n === 0.5 && this.target === 'float32') return this.op('sqrt', [base]);
    }
    if (base.kind === 'const' && base.value === Math.E) return this.op('exp', [exponent]);
    return this.op('pow', [base, exponent]);
  }

  /** base^n for an integer n >= 1 by repeated squaring; interning shares the squares. */
  private product(base: IrValue, n: number): IrValue {
    if (n === 1) return base;
    if (n % 2 === 0) {
      const half = this.product(base, n / 2);
      return this.op('mul', [half, half]);
    }
    return this.op('mul', [this.product(base, n - 1), base]);
  }

  /** The angle `radians` in turns; `k * u` with k = 2π is exactly u turns. */
  private turns(radians: IrValue): IrValue {
    if (radians.kind === 'op' && radians.op === 'mul' && radians.args[0]!.kind === 'const') {
      const scale = radians.args[0]!.value / TWO_PI;
      return scale === 1 ? radians.args[1]! : this.op('mul', [this.constant(scale), radians.args[1]!]);
    }
    return this.op('mul', [this.constant(1 / TWO_PI), radians]);
  }

  private constant(value: number): IrValue {
    const key = Object.is(value, -0) ? 'c-0' : `c${value}`;
    return this.intern(key, (id) => ({ kind: 'const', id, value }));
  }

  private op(op: IrOperation, args: readonly IrValue[]): IrValue {
    if (args.every((arg) => arg.kind === 'const')) {
      return this.constant(
        applyOperation(
          op,
          args.map((arg) => (arg as { value: number }).value),
        ),
      );
    }
    return this.intern(`${op}(${args.map((arg) => arg.id).join(',')})`, (id) => ({
      kind: 'op',
      id,
      op,
      args,
    }));
  }

  private intern(key: string, build: (id: number) => IrValue): IrValue {
    const existing = this.values.get(key);
    if (existing) return existing;
    const value = build(this.values.size);
    this.values.set(key, value);
    return value;
  }
}

/** How a target writes values; every `operation` text must be self-delimiting (parenthesised). */
export interface Syntax {
  constant(value: number): string;
  variable(name: Variable): string;
  operation(op: IrOperation, args: readonly string[]): string;
}

export interface EmittedProgram {
  /** Temporaries in dependency order: `name` is bound to `text`. */
  readonly declarations: readonly { readonly name: string; readonly text: string }[];
  /** One expression per root, in terms of the temporaries. */
  readonly results: readonly string[];
}

/**
 * Inline expressions nest at most this deep before a temporary is cut: shader compilers limit
 * expression depth (Tint's parser stops at a few hundred levels) and `((((a + b) + c) + ...)` of a
 * long sum would get there.
 */
const MAX_INLINE_DEPTH = 12;

/**
 * Prints the DAG under `roots` through `syntax`. A value used more than once becomes a temporary
 * `t0`, `t1`, ... computed once, before its first use.
 */
export function emitProgram(roots: readonly IrValue[], syntax: Syntax): EmittedProgram {
  const uses = countUses(roots);
  const declarations: { name: string; text: string }[] = [];
  const emitted = new Map<number, { text: string; depth: number }>();
  const emit = (value: IrValue): { text: string; depth: number } => {
    const known = emitted.get(value.id);
    if (known) return known;
    let result: { text: string; depth: number };
    if (value.kind === 'const') {
      result = { text: syntax.constant(value.value), depth: 0 };
    } else if (value.kind === 'var') {
      result = { text: syntax.variable(value.name), depth: 0 };
    } else {
      const args = value.args.map(emit);
      const text = syntax.operation(
        value.op,
        args.map((arg) => arg.text),
      );
      const depth = 1 + Math.max(...args.map((arg) => arg.depth));
      if ((uses.get(value.id) ?? 0) > 1 || depth > MAX_INLINE_DEPTH) {
        const name = `t${declarations.length}`;
        declarations.push({ name, text });
        result = { text: name, depth: 0 };
      } else {
        result = { text, depth };
      }
    }
    emitted.set(value.id, result);
    return result;
  };
  const results = roots.map((root) => emit(root).text);
  return { declarations, results };
}

/** How many times each value is used as an argument or a root. */
function countUses(roots: readonly IrValue[]): Map<number, number> {
  const uses = new Map<number, number>();
  const visit = (value: IrValue): void => {
    const count = (uses.get(value.id) ?? 0) + 1;
    uses.set(value.id, count);
    if (count === 1 && value.kind === 'op') value.args.forEach(visit);
  };
  roots.forEach(visit);
  return uses;
}
