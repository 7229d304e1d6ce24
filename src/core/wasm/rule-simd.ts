/**
 * An optimizer's update rule (src/core/optimizers/rule.ts) as WebAssembly SIMD, the fourth thing
 * printed from the one rule: both axes of four balls, in the statements' order, as the JavaScript
 * and WGSL do. Hyper-parameters and host constants are float32 constants (as in WGSL); counters
 * (Adam's bias corrections) advance in float64 scalars, as the JavaScript's do, and enter the
 * lanes rounded to float32.
 */
import type { Rule, RuleExpression } from '../optimizers/rule.ts';
import { type Code, F64, type Locals, V128 } from './binary.ts';

export interface RuleInputs {
  /** v128 locals: the slope and the position per axis, and the rate of this step. */
  readonly g: readonly [number, number];
  readonly x: readonly [number, number];
  readonly lr: number;
  /** v128 locals of the state, value k of axis a at 2k + a (optimizer.stateNames order). */
  readonly state: readonly number[];
  /** f64 locals of the counters (advanced by `advanceCountersSimd`). */
  readonly counters: readonly number[];
}

export interface RuleOutputs {
  /** v128 locals of the new position per axis. */
  readonly x: readonly [number, number];
  /** v128 locals of the new state, in `state`'s order (a state the rule leaves is its input). */
  readonly state: readonly number[];
}

/** Appends code advancing the counters one step, in float64, in order (as advanceCounters). */
export function advanceCountersSimd(
  rule: Rule,
  values: readonly number[],
  code: Code,
  counters: readonly number[],
): void {
  const scalar = (expression: RuleExpression): void => {
    switch (expression.kind) {
      case 'number':
        code.f64(expression.value);
        return;
      case 'name': {
        const slot = rule.names.values.indexOf(expression.name);
        if (slot >= 0) code.f64(values[slot]!);
        else code.get(counters[rule.names.counters.indexOf(expression.name)]!);
        return;
      }
      case 'negate':
        scalar(expression.operand);
        code.op('f64.neg');
        return;
      case 'binary':
        scalar(expression.left);
        scalar(expression.right);
        code.op(
          ({ '+': 'f64.add', '-': 'f64.sub', '*': 'f64.mul', '/': 'f64.div' } as const)[expression.operator],
        );
        return;
      case 'call':
        if (expression.name === 'sign') throw new Error('rule: sign in a counter has no f64 code');
        scalar(expression.argument);
        code.op(expression.name === 'sqrt' ? 'f64.sqrt' : 'f64.abs');
    }
  };
  rule.counters.forEach((next, k) => {
    scalar(next);
    code.set(counters[k]!);
  });
}

/** Appends the rule for both axes; returns where the new position and state are. */
export function emitRuleSimd(
  rule: Rule,
  values: readonly number[],
  code: Code,
  locals: Locals,
  inputs: RuleInputs,
): RuleOutputs {
  const { state: stateNames, counters: counterNames } = rule.names;
  const state = [...inputs.state];
  const temporaries = new Map<string, [number, number]>();
  // The counters, rounded to float32, in every lane.
  const counterLanes = inputs.counters.map((counter) => {
    const lanes = locals.add(V128);
    code.get(counter).op('f32.demote_f64').simd('f32x4.splat').set(lanes);
    return lanes;
  });
  const moved: [number, number] = [inputs.x[0], inputs.x[1]];
  const push = (expression: RuleExpression, axis: 0 | 1): void => {
    switch (expression.kind) {
      case 'number':
        code.f32x4(expression.value);
        return;
      case 'name': {
        const { name } = expression;
        const slot = rule.names.values.indexOf(name);
        if (slot >= 0) code.f32x4(values[slot]!);
        else if (counterNames.includes(name)) code.get(counterLanes[counterNames.indexOf(name)]!);
        else if (name === 'lr') code.get(inputs.lr);
        else if (name === 'g') code.get(inputs.g[axis]);
        else if (name === 'x') code.get(inputs.x[axis]);
        else if (stateNames.includes(name)) code.get(state[2 * stateNames.indexOf(name) + axis]!);
        else code.get(temporaries.get(name)![axis]);
        return;
      }
      case 'negate':
        push(expression.operand, axis);
        code.simd('f32x4.neg');
        return;
      case 'binary':
        push(expression.left, axis);
        push(expression.right, axis);
        code.simd(
          ({ '+': 'f32x4.add', '-': 'f32x4.sub', '*': 'f32x4.mul', '/': 'f32x4.div' } as const)[
            expression.operator
          ],
        );
        return;
      case 'call': {
        push(expression.argument, axis);
        if (expression.name === 'sqrt') code.simd('f32x4.sqrt');
        else if (expression.name === 'abs') code.simd('f32x4.abs');
        else {
          // Math.sign: 1 above 0, -1 below, and ±0 and NaN as they are.
          const value = locals.add(V128);
          code.set(value).f32x4(1).f32x4(-1).get(value).get(value).f32x4(0).simd('f32x4.lt');
          code.simd('v128.bitselect').get(value).f32x4(0).simd('f32x4.gt').simd('v128.bitselect');
        }
      }
    }
  };
  for (const statement of rule.statements) {
    const results: number[] = [];
    for (const axis of [0, 1] as const) {
      push(statement.value, axis);
      const result = locals.add(V128);
      code.set(result);
      results.push(result);
    }
    const pair: [number, number] = [results[0]!, results[1]!];
    if (statement.kind === 'let') temporaries.set(statement.target, pair);
    else if (statement.kind === 'state') {
      const slot = stateNames.indexOf(statement.target);
      state[2 * slot] = pair[0];
      state[2 * slot + 1] = pair[1];
    } else {
      moved[0] = pair[0];
      moved[1] = pair[1];
    }
  }
  return { x: moved, state };
}

/** f64 locals for a rule's counters. */
export function counterLocals(rule: Rule, locals: Locals): number[] {
  return rule.names.counters.map(() => locals.add(F64));
}
