/**
 * The expression tree. Nodes are immutable and interned by a NodeFactory: two structurally equal
 * subtrees built by one factory are the same object with the same `id`. That makes the derivative
 * (which refers to pieces of f many times) a DAG of shared nodes rather than a tree that grows with
 * every product rule, and lets memo tables key on `id`.
 */
import type { FunctionName } from './functions.ts';

/** A variable's name: `x` and `y` in a landscape's formula; `x`, `w` and `b` in a model's. */
export type Variable = string;

/** The variables of a landscape's formula. */
export const LANDSCAPE_VARIABLES: readonly Variable[] = ['x', 'y'];
export type NamedConstant = 'pi' | 'e';
export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export const NAMED_CONSTANT_VALUES: Readonly<Record<NamedConstant, number>> = { pi: Math.PI, e: Math.E };

export interface NumberNode {
  readonly kind: 'number';
  readonly id: number;
  readonly value: number;
}

export interface VariableNode {
  readonly kind: 'variable';
  readonly id: number;
  readonly name: Variable;
}

/** `pi` or `e`: kept by name (not folded into a number) so printed derivatives read `2 * pi`. */
export interface ConstantNode {
  readonly kind: 'constant';
  readonly id: number;
  readonly name: NamedConstant;
  readonly value: number;
}

export interface NegateNode {
  readonly kind: 'negate';
  readonly id: number;
  readonly operand: Node;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly id: number;
  readonly operator: BinaryOperator;
  readonly left: Node;
  readonly right: Node;
}

export interface CallNode {
  readonly kind: 'call';
  readonly id: number;
  readonly name: FunctionName;
  readonly args: readonly Node[];
}

/**
 * `left <= right ? whenLessOrEqual : otherwise`. Never parsed: only the derivatives of min and max
 * use it (the derivative of whichever argument is selected).
 */
export interface SelectNode {
  readonly kind: 'select';
  readonly id: number;
  readonly left: Node;
  readonly right: Node;
  readonly whenLessOrEqual: Node;
  readonly otherwise: Node;
}

export type Node = NumberNode | VariableNode | ConstantNode | NegateNode | BinaryNode | CallNode | SelectNode;

/** A key that tells -0 from 0 (String(-0) is "0") so that both are interned separately. */
function numberKey(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Builds interned nodes, exactly as asked (no simplification: see simplify.ts for that). */
export class NodeFactory {
  private readonly nodes = new Map<string, Node>();

  /** Distinct nodes built so far. */
  get size(): number {
    return this.nodes.size;
  }

  number(value: number): NumberNode {
    return this.intern(`n${numberKey(value)}`, (id) => ({ kind: 'number', id, value }));
  }

  variable(name: Variable): VariableNode {
    return this.intern(`v${name}`, (id) => ({ kind: 'variable', id, name }));
  }

  constant(name: NamedConstant): ConstantNode {
    return this.intern(`c${name}`, (id) => ({
      kind: 'constant',
      id,
      name,
      value: NAMED_CONSTANT_VALUES[name],
    }));
  }

  negate(operand: Node): NegateNode {
    return this.intern(`-${operand.id}`, (id) => ({ kind: 'negate', id, operand }));
  }

  binary(operator: BinaryOperator, left: Node, right: Node): BinaryNode {
    return this.intern(`${operator}${left.id},${right.id}`, (id) => ({
      kind: 'binary',
      id,
      operator,
      left,
      right,
    }));
  }

  call(name: FunctionName, args: readonly Node[]): CallNode {
    const key = `f${name}(${args.map((arg) => arg.id).join(',')})`;
    return this.intern(key, (id) => ({ kind: 'call', id, name, args: [...args] }));
  }

  select(left: Node, right: Node, whenLessOrEqual: Node, otherwise: Node): SelectNode {
    const key = `?${left.id},${right.id},${whenLessOrEqual.id},${otherwise.id}`;
    return this.intern(key, (id) => ({ kind: 'select', id, left, right, whenLessOrEqual, otherwise }));
  }

  private intern<T extends Node>(key: string, build: (id: number) => T): T {
    const existing = this.nodes.get(key);
    if (existing) return existing as T;
    const node = build(this.nodes.size);
    this.nodes.set(key, node);
    return node;
  }
}

/** The children of a node, in order. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'number':
    case 'variable':
    case 'constant':
      return [];
    case 'negate':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
    case 'select':
      return [node.left, node.right, node.whenLessOrEqual, node.otherwise];
  }
}

/** Whether `variable` occurs in the tree under `node`. */
export function dependsOn(node: Node, variable: Variable, memo = new Map<number, boolean>()): boolean {
  const known = memo.get(node.id);
  if (known !== undefined) return known;
  const result =
    node.kind === 'variable'
      ? node.name === variable
      : childrenOf(node).some((child) => dependsOn(child, variable, memo));
  memo.set(node.id, result);
  return result;
}
