/**
 * The reference meaning of a tree: a plain recursive walk in float64 with JavaScript's arithmetic
 * and Math functions. Slow, and deliberately simple: the compiled CPU and GPU code are tested
 * against it.
 */
import type { BinaryOperator, Node } from './ast.ts';
import { applyFunction, MATH_FUNCTIONS } from './functions.ts';

/** `left operator right` in float64, `^` being Math.pow (also used to fold constants). */
export function applyBinary(operator: BinaryOperator, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '^':
      return MATH_FUNCTIONS.pow(left, right);
  }
}

/** The value of `node` at (x, y). */
export function evaluate(node: Node, x: number, y: number): number {
  switch (node.kind) {
    case 'number':
    case 'constant':
      return node.value;
    case 'variable':
      return node.name === 'x' ? x : y;
    case 'negate':
      return -evaluate(node.operand, x, y);
    case 'binary':
      return applyBinary(node.operator, evaluate(node.left, x, y), evaluate(node.right, x, y));
    case 'call':
      return applyFunction(
        node.name,
        node.args.map((arg) => evaluate(arg, x, y)),
      );
    case 'select':
      return evaluate(node.left, x, y) <= evaluate(node.right, x, y)
        ? evaluate(node.whenLessOrEqual, x, y)
        : evaluate(node.otherwise, x, y);
  }
}
