/**
 * Node constructors that simplify as they build, so symbolic derivatives stay small and readable:
 * number arithmetic is folded, 0 and 1 drop out of sums and products (0 * a is 0, a^1 is a, ...),
 * signs and constant factors move to the front (`-2 * x`, not `x * -1 * 2`).
 *
 * These rules are exact for finite values but not where a dropped term is infinite or NaN
 * (0 * log(0) becomes 0): they are used for derivatives, where a term that is identically zero
 * should vanish. f itself is compiled from the parsed tree, whose constants are only folded.
 * Named constants (pi, e) are not folded here, so printed derivatives keep them.
 */
import { dependsOn, type Node, type NodeFactory } from './ast.ts';
import { applyBinary } from './evaluate.ts';
import type { FunctionName } from './functions.ts';

function numberValue(node: Node): number | undefined {
  return node.kind === 'number' ? node.value : undefined;
}

/**
 * Whether -node can be written without a negate node: a number, or a product or quotient led by
 * one (-(2 * pi) is -2 * pi). Pushing a sign into anything else would only wrap it in a negate,
 * which mul pulls back out.
 */
function absorbsSign(node: Node): boolean {
  if (node.kind === 'number') return true;
  return node.kind === 'binary' && (node.operator === '*' || node.operator === '/') && absorbsSign(node.left);
}

export class Simplifier {
  private readonly memo = new Map<number, Node>();
  private readonly xDependence = new Map<number, boolean>();
  private readonly yDependence = new Map<number, boolean>();

  constructor(readonly factory: NodeFactory) {}

  number(value: number): Node {
    return this.factory.number(value);
  }

  negate(operand: Node): Node {
    const value = numberValue(operand);
    if (value !== undefined) return this.number(-value);
    if (operand.kind === 'negate') return operand.operand;
    if (operand.kind === 'binary') {
      if (operand.operator === '-') return this.sub(operand.right, operand.left);
      // The sign goes into a constant factor: -(2 * x) is -2 * x, -(2 * pi * x) is -2 * pi * x.
      if ((operand.operator === '*' || operand.operator === '/') && absorbsSign(operand.left)) {
        return this.binary(operand.operator, this.negate(operand.left), operand.right);
      }
    }
    return this.factory.negate(operand);
  }

  add(left: Node, right: Node): Node {
    const a = numberValue(left);
    const b = numberValue(right);
    if (a !== undefined && b !== undefined) return this.number(a + b);
    if (a === 0) return right;
    if (b === 0) return left;
    const positiveRight = this.positiveForm(right);
    if (positiveRight) return this.sub(left, positiveRight);
    const positiveLeft = this.positiveForm(left);
    if (positiveLeft) return this.sub(right, positiveLeft);
    if (left === right) return this.mul(this.number(2), left);
    return this.factory.binary('+', left, right);
  }

  sub(left: Node, right: Node): Node {
    const a = numberValue(left);
    const b = numberValue(right);
    if (a !== undefined && b !== undefined) return this.number(a - b);
    if (b === 0) return left;
    if (a === 0) return this.negate(right);
    if (left === right) return this.number(0);
    const positiveRight = this.positiveForm(right);
    if (positiveRight) return this.add(left, positiveRight);
    return this.factory.binary('-', left, right);
  }

  /**
   * Products keep their constant part (numbers, pi, e and products of them) on the left, merged
   * into one factor: `2 * (x * (3 * y))` becomes `6 * (x * y)`. A constant left as it is, like
   * the `2 * pi` of `sin(2 * pi * x)`, keeps the argument in the form the WGSL lowering reads
   * as "x turns".
   */
  mul(left: Node, right: Node): Node {
    const a = numberValue(left);
    const b = numberValue(right);
    if (a !== undefined && b !== undefined) return this.number(a * b);
    if (a === 0 || b === 0) return this.number(0);
    if (a === 1) return right;
    if (b === 1) return left;
    if (a === -1) return this.negate(right);
    if (b === -1) return this.negate(left);
    const leftConstant = this.isConstant(left);
    const rightConstant = this.isConstant(right);
    if (rightConstant && !leftConstant) return this.mul(right, left);
    if (left.kind === 'negate') return this.negate(this.mul(left.operand, right));
    if (right.kind === 'negate') return this.negate(this.mul(left, right.operand));
    if (leftConstant && rightConstant) {
      const inner = right.kind === 'binary' && right.operator === '*' ? numberValue(right.left) : undefined;
      if (a !== undefined && inner !== undefined && right.kind === 'binary') {
        return this.mul(this.number(a * inner), right.right);
      }
      return this.factory.binary('*', left, right);
    }
    const rightFactor = this.constantFactor(right);
    if (leftConstant) {
      if (rightFactor) return this.mul(this.mul(left, rightFactor.factor), rightFactor.rest);
      return this.factory.binary('*', left, right);
    }
    const leftFactor = this.constantFactor(left);
    if (leftFactor) return this.mul(leftFactor.factor, this.mul(leftFactor.rest, right));
    if (rightFactor) return this.mul(rightFactor.factor, this.mul(left, rightFactor.rest));
    return this.factory.binary('*', left, right);
  }

  div(left: Node, right: Node): Node {
    const a = numberValue(left);
    const b = numberValue(right);
    if (a !== undefined && b !== undefined) return this.number(a / b);
    if (a === 0) return this.number(0);
    if (b === 1) return left;
    if (b === -1) return this.negate(left);
    if (left.kind === 'negate') return this.negate(this.div(left.operand, right));
    if (right.kind === 'negate') return this.negate(this.div(left, right.operand));
    const leftFactor = this.constantFactor(left);
    if (b !== undefined) {
      // (6 * x) / 2 is 3 * x and (2 * pi) / 2 is 1 * pi; x / 2 stays as written.
      const numeric = left.kind === 'binary' && left.operator === '*' ? numberValue(left.left) : undefined;
      if (numeric !== undefined && left.kind === 'binary')
        return this.mul(this.number(numeric / b), left.right);
      if (leftFactor) return this.mul(this.div(leftFactor.factor, right), leftFactor.rest);
      return this.factory.binary('/', left, right);
    }
    if (!this.isConstant(right)) {
      if (leftFactor) return this.mul(leftFactor.factor, this.div(leftFactor.rest, right));
      const rightFactor = this.constantFactor(right);
      const k = rightFactor && numberValue(rightFactor.factor);
      if (rightFactor && k !== undefined)
        return this.mul(this.number(1 / k), this.div(left, rightFactor.rest));
    }
    return this.factory.binary('/', left, right);
  }

  pow(base: Node, exponent: Node): Node {
    const a = numberValue(base);
    const b = numberValue(exponent);
    if (a !== undefined && b !== undefined) return this.number(applyBinary('^', a, b));
    if (b === 0) return this.number(1);
    if (b === 1) return base;
    return this.factory.binary('^', base, exponent);
  }

  binary(operator: '+' | '-' | '*' | '/' | '^', left: Node, right: Node): Node {
    switch (operator) {
      case '+':
        return this.add(left, right);
      case '-':
        return this.sub(left, right);
      case '*':
        return this.mul(left, right);
      case '/':
        return this.div(left, right);
      case '^':
        return this.pow(left, right);
    }
  }

  call(name: FunctionName, args: readonly Node[]): Node {
    // ln(e) appears in the derivative of e^u; the rest stays symbolic for reading (`log(2)`).
    if (name === 'log' && args[0]?.kind === 'constant' && args[0].name === 'e') return this.number(1);
    return this.factory.call(name, args);
  }

  select(left: Node, right: Node, whenLessOrEqual: Node, otherwise: Node): Node {
    if (whenLessOrEqual === otherwise) return otherwise;
    const a = numberValue(left);
    const b = numberValue(right);
    if (a !== undefined && b !== undefined) return a <= b ? whenLessOrEqual : otherwise;
    return this.factory.select(left, right, whenLessOrEqual, otherwise);
  }

  /** `node` rebuilt bottom-up through the simplifying constructors. */
  simplify(node: Node): Node {
    const known = this.memo.get(node.id);
    if (known) return known;
    let result: Node;
    switch (node.kind) {
      case 'number':
      case 'variable':
      case 'constant':
        result = node;
        break;
      case 'negate':
        result = this.negate(this.simplify(node.operand));
        break;
      case 'binary':
        result = this.binary(node.operator, this.simplify(node.left), this.simplify(node.right));
        break;
      case 'call':
        result = this.call(
          node.name,
          node.args.map((arg) => this.simplify(arg)),
        );
        break;
      case 'select':
        result = this.select(
          this.simplify(node.left),
          this.simplify(node.right),
          this.simplify(node.whenLessOrEqual),
          this.simplify(node.otherwise),
        );
        break;
    }
    this.memo.set(node.id, result);
    return result;
  }

  /** Whether `node` contains neither x nor y. */
  private isConstant(node: Node): boolean {
    return !dependsOn(node, 'x', this.xDependence) && !dependsOn(node, 'y', this.yDependence);
  }

  /** `c * rest` with a constant c and a non-constant rest: both parts; else undefined. */
  private constantFactor(node: Node): { factor: Node; rest: Node } | undefined {
    if (node.kind !== 'binary' || node.operator !== '*') return undefined;
    if (!this.isConstant(node.left) || this.isConstant(node.right)) return undefined;
    return { factor: node.left, rest: node.right };
  }

  /** `b` when `node` reads as minus b: -b, a negative number, or a product or quotient led by one. */
  private positiveForm(node: Node): Node | undefined {
    if (node.kind === 'negate') return node.operand;
    const value = numberValue(node);
    if (value !== undefined) return value < 0 ? this.number(-value) : undefined;
    if (node.kind === 'binary' && (node.operator === '*' || node.operator === '/')) {
      const positiveLeft = this.positiveForm(node.left);
      if (positiveLeft) return this.binary(node.operator, positiveLeft, node.right);
    }
    return undefined;
  }
}
