/**
 * Symbolic differentiation of a tree: d/dx and d/dy as trees of the same grammar (plus `select`
 * for min and max), built through the simplifying constructors. Memoised per node, so a subtree
 * that f uses many times is differentiated once and the result is a DAG of shared nodes.
 *
 * Where the derivative does not exist the rules pick a one-sided or conventional value: abs'(0)
 * is sign(0) = 0, min/max take the first argument's derivative on a tie, floor, ceil, round and
 * sign have derivative 0 (their jumps are invisible to a gradient).
 */
import { type BinaryOperator, dependsOn, type Node, type NodeFactory, type Variable } from './ast.ts';
import type { FunctionName } from './functions.ts';
import { Simplifier } from './simplify.ts';

/**
 * d/dx and d/dy of `root` (or the derivatives in two other variables), sharing the factory (and so
 * the nodes) of `root`.
 */
export function gradientTrees(
  root: Node,
  factory: NodeFactory,
  variables: readonly [Variable, Variable] = ['x', 'y'],
): readonly [Node, Node] {
  const simplifier = new Simplifier(factory);
  // Folding f first keeps numbers like the 2 - 1 of x^(3 - 1) out of the derivative.
  const simplified = simplifier.simplify(root);
  return [
    new Differentiator(simplifier, variables[0]).derivative(simplified),
    new Differentiator(simplifier, variables[1]).derivative(simplified),
  ];
}

class Differentiator {
  private readonly memo = new Map<number, Node>();
  private readonly dependence = new Map<number, boolean>();

  constructor(
    private readonly s: Simplifier,
    private readonly variable: Variable,
  ) {}

  derivative(node: Node): Node {
    const known = this.memo.get(node.id);
    if (known) return known;
    const result = this.depends(node) ? this.rule(node) : this.s.number(0);
    this.memo.set(node.id, result);
    return result;
  }

  private depends(node: Node): boolean {
    return dependsOn(node, this.variable, this.dependence);
  }

  /** The derivative of a node that depends on the variable. */
  private rule(node: Node): Node {
    const s = this.s;
    switch (node.kind) {
      case 'number':
      case 'constant':
        return s.number(0);
      case 'variable':
        return s.number(1);
      case 'negate':
        return s.negate(this.derivative(node.operand));
      case 'select':
        return s.select(
          node.left,
          node.right,
          this.derivative(node.whenLessOrEqual),
          this.derivative(node.otherwise),
        );
      case 'binary':
        return this.binary(node.operator, node.left, node.right);
      case 'call':
        return this.call(node.name, node.args);
    }
  }

  private binary(operator: BinaryOperator, a: Node, b: Node): Node {
    const s = this.s;
    switch (operator) {
      case '+':
        return s.add(this.derivative(a), this.derivative(b));
      case '-':
        return s.sub(this.derivative(a), this.derivative(b));
      case '*':
        return s.add(s.mul(this.derivative(a), b), s.mul(a, this.derivative(b)));
      case '/':
        if (!this.depends(b)) return s.div(this.derivative(a), b);
        // (a' - (a/b) b') / b: reuses f's quotient and never squares b (which could overflow).
        return s.div(s.sub(this.derivative(a), s.mul(s.div(a, b), this.derivative(b))), b);
      case '^':
        return this.power(a, b);
    }
  }

  /**
   * d(a^b). A constant exponent gets n a^(n-1) a', which (unlike the general rule's ln a) is
   * right for a < 0 with an integer n; the general rule is split into the same two terms, each
   * dropped when its factor a' or b' is zero.
   */
  private power(a: Node, b: Node): Node {
    const s = this.s;
    const powerTerm = (): Node => {
      const lowered = s.pow(a, b.kind === 'number' ? s.number(b.value - 1) : s.sub(b, s.number(1)));
      return s.mul(s.mul(b, lowered), this.derivative(a));
    };
    const exponentialTerm = (): Node => s.mul(s.mul(s.pow(a, b), s.call('log', [a])), this.derivative(b));
    if (!this.depends(b)) return powerTerm();
    if (!this.depends(a)) return exponentialTerm();
    return s.add(powerTerm(), exponentialTerm());
  }

  /**
   * A logarithm's derivative where the logarithm exists, NaN where its argument is negative (or
   * NaN): `u'/u` alone has a value there, so a ball in the hole of `log(x)` would keep rolling on
   * a slope of a function that is not defined under it (towards the pole at 0) instead of
   * diverging as f says it should.
   */
  private onLogDomain(argument: Node, derivative: Node): Node {
    const s = this.s;
    return s.select(s.number(0), argument, derivative, s.number(Number.NaN));
  }

  private call(name: FunctionName, args: readonly Node[]): Node {
    const s = this.s;
    const a = args[0]!;
    const square = (node: Node): Node => s.pow(node, s.number(2));
    const chain = (outer: Node): Node => s.mul(outer, this.derivative(a));
    switch (name) {
      case 'sin':
        return chain(s.call('cos', [a]));
      case 'cos':
        return s.negate(chain(s.call('sin', [a])));
      case 'tan':
        return chain(s.add(s.number(1), square(s.call('tan', [a]))));
      case 'asin':
        return s.div(this.derivative(a), s.call('sqrt', [s.sub(s.number(1), square(a))]));
      case 'acos':
        return s.negate(s.div(this.derivative(a), s.call('sqrt', [s.sub(s.number(1), square(a))])));
      case 'atan':
        return s.div(this.derivative(a), s.add(s.number(1), square(a)));
      case 'atan2': {
        // atan2(u, v) is the angle of (v, u): (v u' - u v') / (u^2 + v^2).
        const v = args[1]!;
        const numerator = s.sub(s.mul(v, this.derivative(a)), s.mul(a, this.derivative(v)));
        return s.div(numerator, s.add(square(a), square(v)));
      }
      case 'sinh':
        return chain(s.call('cosh', [a]));
      case 'cosh':
        return chain(s.call('sinh', [a]));
      case 'tanh':
        return chain(s.sub(s.number(1), square(s.call('tanh', [a]))));
      case 'exp':
      case 'expm1':
        return chain(s.call('exp', [a]));
      case 'log':
        return this.onLogDomain(a, s.div(this.derivative(a), a));
      case 'log2':
        return this.onLogDomain(a, s.div(this.derivative(a), s.mul(a, s.call('log', [s.number(2)]))));
      case 'log10':
        return this.onLogDomain(a, s.div(this.derivative(a), s.mul(a, s.call('log', [s.number(10)]))));
      case 'sqrt': {
        // Where u > 0, u' / (2 sqrt(u)). Where u = 0 the quotient is 0 / 0 at the tip of a cone
        // (sqrt(x^2 + y^2) at the origin, u' = 0 too), whose every direction's slope is finite:
        // the tip counts as flat, 0, as a subgradient would; with u' != 0 it is the infinite
        // slope of sqrt(x) at 0. Where u < 0 (or NaN), NaN, as sqrt itself: the ball is in a hole.
        const inner = this.derivative(a);
        const quotient = s.div(inner, s.mul(s.number(2), s.call('sqrt', [a])));
        if (inner.kind === 'number' && inner.value !== 0) return quotient;
        const atZero = s.select(s.mul(inner, inner), s.number(0), s.number(0), quotient);
        return s.select(a, s.number(0), this.onLogDomain(a, atZero), quotient);
      }
      case 'abs':
        return chain(s.call('sign', [a]));
      case 'min': {
        const b = args[1]!;
        return s.select(a, b, this.derivative(a), this.derivative(b));
      }
      case 'max': {
        const b = args[1]!;
        return s.select(b, a, this.derivative(a), this.derivative(b));
      }
      case 'pow':
        return this.power(a, args[1]!);
      case 'sign':
      case 'floor':
      case 'ceil':
      case 'round':
        return s.number(0);
    }
  }
}
