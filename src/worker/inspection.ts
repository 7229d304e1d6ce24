/**
 * The inspected ball's numbers: the slope under it (from the landscape's exact gradient, in JS),
 * its velocity, and the step its optimizer takes next. `nextStep` restates each update rule of
 * src/core/optimizers/index.ts for one ball without changing any state; tests/browser/inspection.test.ts
 * checks it against the engine's own step for every optimizer.
 */
import type { Landscape } from '../core/landscape.ts';
import { findOptimizer, type HyperParameters, nextStep } from '../core/optimizers/index.ts';
import { type ScheduleConfig, scheduleFactor } from '../core/schedule.ts';
import type { GroupConfig, SimulationSnapshot, TrackedBalls } from '../core/simulation.ts';
import { CONVERGED, DIVERGED } from '../core/status.ts';
import type { InspectedBall } from '../engine/protocol.ts';

export interface InspectionInput {
  readonly landscape: Landscape;
  readonly index: number;
  readonly perGroup: number;
  readonly optimizer: string;
  /** The group's hyper-parameters as configured (the optimizer's defaults fill the rest). */
  readonly params: HyperParameters | undefined;
  /** The group's base rate now (it can change during a run), before its schedule. */
  readonly learningRate: number;
  readonly schedule: ScheduleConfig | undefined;
  readonly step: number;
  /** x, y, state0, state1 as tracked. */
  readonly values: ArrayLike<number>;
  readonly status: number;
  /** State values 2 and 3 (Adam's v) from the latest snapshot; null when there is none. */
  readonly extraState: readonly [number, number] | null;
}

/** Everything the inspector shows about one tracked ball. */
export function describeBall(input: InspectionInput): InspectedBall {
  const { landscape, index, perGroup, optimizer, learningRate, step, values, status } = input;
  const group = Math.floor(index / perGroup);
  const x = values[0] ?? Number.NaN;
  const y = values[1] ?? Number.NaN;
  const state0 = values[2] ?? 0;
  const state1 = values[3] ?? 0;
  const out = [Number.NaN, Number.NaN];
  landscape.gradient(x, y, out);
  const gradient: [number, number] = [out[0] ?? Number.NaN, out[1] ?? Number.NaN];
  const rule = findOptimizer(optimizer) ?? findOptimizer('gd')!;
  const params = { ...rule.defaults, ...input.params };
  const moving = status !== CONVERGED && status !== DIVERGED;
  const state = [state0, state1, ...(input.extraState ?? [0, 0])];
  // The rate of the step about to be taken: global step `step`, 0-based, as the engine counts it.
  const rate = learningRate * scheduleFactor(input.schedule, step);
  return {
    group,
    ball: index - group * perGroup,
    index,
    step,
    status: status === CONVERGED ? 'converged' : status === DIVERGED ? 'diverged' : 'active',
    x,
    y,
    loss: landscape.f(x, y),
    gradient,
    steepness: Math.hypot(gradient[0], gradient[1]),
    velocity: rule.hasVelocity ? [state0, state1] : null,
    nextStep: moving ? nextStep(rule, params, rate, step, { position: [x, y], gradient, state }) : [0, 0],
    optimizer,
    learningRate: rate,
  };
}

/** What describeTracked needs besides the tracked values: the run as configured and as it is now. */
export interface TrackedContext {
  readonly landscape: Landscape;
  readonly perGroup: number;
  /** Group `g` as configured. */
  groupConfig(g: number): GroupConfig;
  /** Group `g`'s base learning rate now (it can change during a run). */
  learningRate(g: number): number;
  /** The latest snapshot, for the state the tracked values lack (Adam's v); null when none. */
  readonly snapshot: SimulationSnapshot | null;
}

/** The inspector's numbers for ball `index` from the tracked values; null when it is not tracked. */
export function describeTracked(
  context: TrackedContext,
  tracked: TrackedBalls,
  index: number,
): InspectedBall | null {
  const k = tracked.indices.indexOf(index);
  if (k < 0) return null;
  const { perGroup } = context;
  const group = Math.floor(index / perGroup);
  const config = context.groupConfig(group);
  return describeBall({
    landscape: context.landscape,
    index,
    perGroup,
    optimizer: config.optimizer,
    params: config.params,
    learningRate: context.learningRate(group),
    schedule: config.schedule,
    step: tracked.step,
    values: tracked.values.subarray(k * 4, k * 4 + 4),
    status: tracked.status[k] ?? DIVERGED,
    extraState: extraStateOf(context.snapshot, index, perGroup),
  });
}

/** State values 2 and 3 of ball `index` (Adam's v) from `snapshot`, if it has them. */
function extraStateOf(
  snapshot: SimulationSnapshot | null,
  index: number,
  perGroup: number,
): [number, number] | null {
  const group = Math.floor(index / perGroup);
  const slots = snapshot?.state[group];
  if (!slots || slots.length < 4) return null;
  const ball = index - group * perGroup;
  return [slots[2]?.[ball] ?? 0, slots[3]?.[ball] ?? 0];
}
