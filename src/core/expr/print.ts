/**
 * Prints a tree back as formula text, with parentheses only where the grammar needs them, so a
 * printed parse tree parses back to the same tree. Derivatives print the same way (their `select`
 * nodes, from min and max, print as `(a <= b ? c : d)`, which is for reading only).
 */
import type { Node } from './ast.ts';

/** Binding strength: + and - 1, * and / 2, unary minus 3, ^ 4, anything atomic 5. */
function precedence(node: Node): number {
  switch (node.kind) {
    case 'number':
      return node.value < 0 || Object.is(node.value, -0) ? 3 : 5;
    case 'negate':
      return 3;
    case 'binary':
      return node.operator === '+' || node.operator === '-' ? 1 : node.operator === '^' ? 4 : 2;
    default:
      return 5;
  }
}

/** Whether `node` prints with a leading minus sign. */
function isSigned(node: Node): boolean {
  return precedence(node) === 3;
}

/** Signals that the output outgrew its budget; caught in printNode. */
class Overflow {}

/**
 * `node` as text. Output longer than `maxLength` characters (a derivative of a long formula can
 * be) is cut there and ends in `…`, without building the rest.
 */
export function printNode(node: Node, maxLength = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string): void => {
    parts.push(text);
    length += text.length;
    if (length > maxLength) throw new Overflow();
  };
  const wrapped = (child: Node, parenthesize: boolean): void => {
    if (parenthesize) emit('(');
    visit(child);
    if (parenthesize) emit(')');
  };
  const visit = (current: Node): void => {
    switch (current.kind) {
      case 'number':
        emit(formatNumber(current.value));
        return;
      case 'variable':
      case 'constant':
        emit(current.name);
        return;
      case 'negate':
        emit('-');
        // `-(-x)` rather than `--x`, which reads like a decrement.
        wrapped(current.operand, precedence(current.operand) < 3 || isSigned(current.operand));
        return;
      case 'binary': {
        const own = precedence(current);
        if (current.operator === '^') {
          wrapped(current.left, precedence(current.left) <= 4);
          emit('^');
          wrapped(current.right, precedence(current.right) < 4);
          return;
        }
        wrapped(current.left, precedence(current.left) < own);
        emit(` ${current.operator} `);
        wrapped(current.right, precedence(current.right) <= own);
        return;
      }
      case 'call':
        emit(`${current.name}(`);
        current.args.forEach((arg, index) => {
          if (index > 0) emit(', ');
          visit(arg);
        });
        emit(')');
        return;
      case 'select':
        emit('(');
        visit(current.left);
        emit(' <= ');
        visit(current.right);
        emit(' ? ');
        visit(current.whenLessOrEqual);
        emit(' : ');
        visit(current.otherwise);
        emit(')');
        return;
    }
  };
  try {
    visit(node);
    return parts.join('');
  } catch (error) {
    if (!(error instanceof Overflow)) throw error;
    return `${parts.join('').slice(0, maxLength)}…`;
  }
}

/**
 * A number as formula text: JavaScript's shortest round-trip form (`0.001`, `1e-7`, `1e+21`),
 * which the lexer reads back to the same value. Non-finite values only arise from folding
 * constants in derivatives (e.g. of `log(0) * x`) and print as words.
 */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return String(value);
}
