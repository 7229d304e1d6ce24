/**
 * What an optimizer is: one definition (`defineOptimizer`) from which every backend takes what it
 * needs. Its hyper-parameters with their defaults, ranges and URL keys; its per-ball state; and its
 * update rule (rule.ts), from which come the CPU kernel's update (compiled JavaScript, see
 * `compileUpdate`), the GPU's WGSL branch (src/gpu/optimizer-wgsl.ts) and the inspector's next
 * step (`nextStep`). Adding an optimizer is one module in this folder and one line in index.ts.
 */
import { generatedFunction } from '../code-generation.ts';
import { type CounterClock, counterClock } from './counter-clock.ts';
import { interpretRule, parseRule, type Rule, ruleToJs, ruleToWgsl, type UpdateFunction } from './rule.ts';

export type HyperParameters = Readonly<Record<string, number>>;

/** One hyper-parameter: its URL key is its name in `params`. */
export interface ParameterSpec {
  readonly default: number;
  /** Smallest value allowed (inclusive). */
  readonly min: number;
  /** Largest value allowed; `below: true` makes it exclusive (a decay rate below 1). */
  readonly max?: number;
  readonly below?: boolean;
}

/**
 * A per-step scalar, the same for every ball: its value at step 0, and the rule expression of its
 * next value (it may use the scalars and the counters). Its value at any step is the recurrence
 * run from step 0 (counter-clock.ts), so a run split into calls anywhere sees the same numbers.
 */
export interface CounterSpec {
  readonly initial: number;
  readonly next: string;
}

export interface OptimizerSpec<P extends string, C extends string> {
  /** The URL and API id, e.g. `adam`. */
  readonly id: string;
  /** Its proper name, e.g. `Adam`: shown where the string tables have no translation. */
  readonly name: string;
  readonly params: Readonly<Record<P, ParameterSpec>>;
  /** Scalars computed once on the host (float64) from the parameters, e.g. 1 - beta. */
  readonly constants?: Readonly<Record<C, (params: Readonly<Record<NoInfer<P>, number>>) => number>>;
  readonly counters?: Readonly<Record<string, CounterSpec>>;
  /** Per-ball state, one value per axis each (at most two). */
  readonly state: readonly string[];
  /** The state that is the ball's velocity (the inspector shows it), if any: the first one. */
  readonly velocity?: string;
  /** The update rule (rule.ts). */
  readonly rule: string;
}

export interface Optimizer {
  readonly id: string;
  readonly name: string;
  readonly params: Readonly<Record<string, ParameterSpec>>;
  /** Each hyper-parameter's default. */
  readonly defaults: HyperParameters;
  /** The per-ball state arrays in storage order: each state's x then y value (`mx`, `my`, …). */
  readonly stateNames: readonly string[];
  /** Whether the first state (stateNames 0 and 1) is the ball's velocity. */
  readonly hasVelocity: boolean;
  readonly rule: Rule;
  /** The scalar slots for `params` (defaults filled): the parameters, then the constants. */
  values(params: HyperParameters): number[];
  /** Each counter's value at step 0. */
  readonly counterInitials: readonly number[];
  /** The update's WGSL block (rule.ts `ruleToWgsl`). */
  readonly wgsl: string;
}

/** Most state values per ball (two per state) and scalar slots: the GPU's layout holds these. */
export const MAX_STATE_ARRAYS = 4;
export const MAX_VALUE_SLOTS = 8;
export const MAX_COUNTERS = 2;

export function defineOptimizer<P extends string, C extends string = never>(
  spec: OptimizerSpec<P, C>,
): Optimizer {
  const paramNames = Object.keys(spec.params) as P[];
  const constants = Object.entries(spec.constants ?? {}) as [C, (params: Record<P, number>) => number][];
  const counters = Object.entries(spec.counters ?? {});
  const names = {
    state: spec.state,
    values: [...paramNames, ...constants.map(([name]) => name)],
    counters: counters.map(([name]) => name),
  };
  if (spec.state.length * 2 > MAX_STATE_ARRAYS || names.values.length > MAX_VALUE_SLOTS) {
    throw new Error(`optimizer ${spec.id}: more state or scalars than the GPU layout holds`);
  }
  if (spec.velocity !== undefined && spec.velocity !== spec.state[0]) {
    throw new Error(
      `optimizer ${spec.id}: the velocity must be the first state (the tracked values hold it)`,
    );
  }
  if (counters.length > MAX_COUNTERS)
    throw new Error(`optimizer ${spec.id}: at most ${MAX_COUNTERS} counters`);
  const rule = parseRule(
    spec.rule,
    counters.map(([, counter]) => counter.next),
    names,
  );
  const defaults = Object.fromEntries(paramNames.map((name) => [name, spec.params[name].default]));
  const filled = (params: HyperParameters): Record<P, number> =>
    Object.fromEntries(paramNames.map((name) => [name, params[name] ?? defaults[name]!])) as Record<
      P,
      number
    >;
  const stateNames = spec.state.flatMap((name) => [`${name}x`, `${name}y`]);
  return {
    id: spec.id,
    name: spec.name,
    params: spec.params,
    defaults,
    stateNames,
    hasVelocity: spec.velocity !== undefined,
    rule,
    values(params) {
      const full = filled(params);
      return [...paramNames.map((name) => full[name]), ...constants.map(([, compute]) => compute(full))];
    },
    counterInitials: counters.map(([, counter]) => counter.initial),
    wgsl: ruleToWgsl(rule),
  };
}

/** A decay rate: how much of a running value a step keeps, from 0 up to (not including) 1. */
export function decayRate(defaultValue: number): ParameterSpec {
  return { default: defaultValue, min: 0, max: 1, below: true };
}

/** Whether `value` is allowed for `spec`. */
export function isInRange(spec: ParameterSpec, value: number): boolean {
  if (!(Number.isFinite(value) && value >= spec.min)) return false;
  if (spec.max === undefined) return true;
  return spec.below ? value < spec.max : value <= spec.max;
}

/**
 * The update of `optimizer` with `params` (defaults filled) as a function: JavaScript compiled
 * from the rule with the values printed in, or, where the page forbids compiling code (a
 * Content-Security-Policy without 'unsafe-eval'), the rule interpreted: slower, same results.
 */
export function compileUpdate(optimizer: Optimizer, params: HyperParameters): UpdateFunction {
  const values = optimizer.values(params);
  const factory = generatedFunction<() => UpdateFunction>(
    [],
    `"use strict"; return (${ruleToJs(optimizer.rule, values)});`,
  );
  // Refused by the page's policy: the rule interpreted.
  return factory ? factory() : interpretRule(optimizer.rule, values);
}

/** The clocks nextStep has used, by optimizer and parameters: asked in step order, each is cheap. */
const clocks = new Map<string, CounterClock>();
const MAX_CLOCKS = 16;

function clockFor(optimizer: Optimizer, params: HyperParameters): CounterClock {
  const key = `${optimizer.id} ${optimizer.values(params).join(' ')}`;
  let clock = clocks.get(key);
  if (!clock) {
    if (clocks.size >= MAX_CLOCKS) clocks.clear();
    clock = counterClock(optimizer, params);
    clocks.set(key, clock);
  }
  return clock;
}

/** A ball as the inspector sees it: where it is, the slope under it, its optimizer state. */
export interface BallNow {
  readonly position: readonly [number, number];
  readonly gradient: readonly [number, number];
  /** In stateNames order; missing values count as 0. */
  readonly state: readonly number[];
}

/**
 * The step (dx, dy) `optimizer` takes from `ball` at `learningRate` after `stepsDone` steps of the
 * run (counters such as Adam's bias correction count them), without changing anything: the rule
 * interpreted.
 */
export function nextStep(
  optimizer: Optimizer,
  params: HyperParameters,
  learningRate: number,
  stepsDone: number,
  ball: BallNow,
): [number, number] {
  const { position, gradient, state } = ball;
  const slots = [0, 1, 2, 3].map((k) => [state[k] ?? 0]);
  const counters = new Float64Array(MAX_COUNTERS);
  clockFor(optimizer, params).at(stepsDone, counters);
  const out = [0, 0];
  const update = interpretRule(optimizer.rule, optimizer.values(params));
  const [x, y] = position;
  update(
    slots[0]!,
    slots[1]!,
    slots[2]!,
    slots[3]!,
    0,
    x,
    y,
    gradient[0],
    gradient[1],
    learningRate,
    counters,
    out,
  );
  return [out[0]! - x, out[1]! - y];
}
