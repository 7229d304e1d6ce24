/**
 * The step pass's parameters (the StepParams uniform of structs.ts): each group's optimizer set up
 * for the GPU, the fields written once per simulation, and those rewritten before every dispatch
 * (the step, each group's rate and its optimizer's counters).
 */
import type { Domain } from '../core/landscape.ts';
import { type CounterClock, counterClock } from '../core/optimizers/counter-clock.ts';
import { findOptimizer, MAX_COUNTERS } from '../core/optimizers/index.ts';
import { isScheduled, type ScheduleConfig, scheduleFactor } from '../core/schedule.ts';
import type { GroupConfig } from '../core/simulation.ts';
import type { SettleCriteria } from '../core/status.ts';
import { BYTES, GPU_SCHEDULES, GROUP_PARAMS, STATE_SLOTS, STEP_PARAMS } from './layout.ts';
import { optimizerCode } from './optimizer-wgsl.ts';

/** A group as the step pass runs it. */
export interface GroupSetup {
  /** The optimizer's code (optimizer-wgsl.ts). */
  readonly code: number;
  /** Its scalar slots: hyper-parameters, then constants (GroupParams.values). */
  readonly values: readonly number[];
  /** Where its counters stand at a step (GroupParams.counters). */
  readonly clock: CounterClock;
  readonly stateCount: number;
  readonly noise: number;
  /** Undefined for a constant rate. */
  readonly schedule: ScheduleConfig | undefined;
}

/** `group` set up for the GPU; throws a `webgpu: ...` error for an optimizer it cannot run. */
export function groupSetup(group: GroupConfig): GroupSetup {
  const optimizer = findOptimizer(group.optimizer);
  if (!optimizer || optimizer.stateNames.length > STATE_SLOTS) {
    throw new Error(`webgpu: optimizer "${group.optimizer}" has no GPU kernel`);
  }
  const params = { ...optimizer.defaults, ...group.params };
  return {
    code: optimizerCode(optimizer.id),
    values: optimizer.values(params),
    clock: counterClock(optimizer, params),
    stateCount: optimizer.stateNames.length,
    noise: group.noise ?? 0,
    schedule: isScheduled(group.schedule) ? group.schedule : undefined,
  };
}

/** What StepParams holds for the whole run. */
export interface StepConstants {
  readonly count: number;
  readonly perGroup: number;
  readonly criteria: SettleCriteria;
  /** The height a diverged ball is drawn at (landscapeFloor of simulation.ts). */
  readonly floorLoss: number;
  readonly seed: number;
  readonly domain: Domain;
}

/** The StepParams bytes of a run, filled in for each dispatch by `forDispatch`. */
export class StepParams {
  readonly bytes = new ArrayBuffer(BYTES.stepParams);
  readonly #words = new Uint32Array(this.bytes);
  readonly #floats = new Float32Array(this.bytes);
  readonly #groups: readonly GroupSetup[];
  readonly #counters = new Float64Array(MAX_COUNTERS);

  constructor(run: StepConstants, groups: readonly GroupSetup[]) {
    this.#groups = groups;
    const words = this.#words;
    const floats = this.#floats;
    const { criteria, domain } = run;
    words[STEP_PARAMS.count] = run.count;
    words[STEP_PARAMS.perGroup] = run.perGroup;
    floats[STEP_PARAMS.gradientTolSq] = criteria.gradientTolSq;
    floats[STEP_PARAMS.minimumTolSq] = criteria.minimumTolSq;
    floats[STEP_PARAMS.floorLoss] = run.floorLoss;
    // As a u32, the way the CPU's noise reads it (simulation.ts).
    words[STEP_PARAMS.noiseSeed] = run.seed >>> 0;
    floats.set([criteria.xLo, criteria.xHi, criteria.yLo, criteria.yHi], STEP_PARAMS.escape);
    floats.set([domain.xMin, domain.xMax, domain.yMin, domain.yMax], STEP_PARAMS.domain);
    // Slots an optimizer does not use stay 0; its constants were taken in f64 (define.ts), as the
    // CPU takes them.
    groups.forEach((group, g) => {
      const at = groupAt(g);
      words[at + GROUP_PARAMS.optimizer] = group.code;
      floats.set(group.values, at + GROUP_PARAMS.values);
      floats[at + GROUP_PARAMS.noise] = group.noise;
      this.#writeSchedule(at, group.schedule);
    });
  }

  /**
   * The bytes for a dispatch of `steps` steps from `stepCount`, at each group's base rate
   * `learningRates[g]` now.
   */
  forDispatch(stepCount: number, steps: number, learningRates: readonly number[]): ArrayBuffer {
    const floats = this.#floats;
    this.#words[STEP_PARAMS.stepsDone] = stepCount;
    this.#words[STEP_PARAMS.steps] = steps;
    this.#groups.forEach((group, g) => {
      const at = groupAt(g);
      // Step decay carries its rate from the dispatch's first step, taken here in f64 as on the CPU.
      const schedule = group.schedule;
      floats[at + GROUP_PARAMS.learningRate] =
        schedule?.kind === 'step'
          ? learningRates[g]! * scheduleFactor(schedule, stepCount)
          : learningRates[g]!;
      // The counters at the dispatch's first step, from the same f64 recurrence as the CPU's; the
      // shader carries them on from there.
      group.clock.at(stepCount, this.#counters);
      floats.set(this.#counters, at + GROUP_PARAMS.counters);
    });
    return this.bytes;
  }

  /**
   * A group's schedule into its GroupParams at word `at`: its code, its steps and its number (see
   * GroupParams in structs.ts); all 0 for a constant rate.
   */
  #writeSchedule(at: number, schedule: ScheduleConfig | undefined): void {
    let steps = 0;
    let number = 0;
    switch (schedule?.kind) {
      case 'step':
        steps = schedule.every;
        number = schedule.factor;
        break;
      case 'cosine':
        // Its angle per step in quarter turns.
        steps = schedule.period;
        number = 1 / (4 * schedule.period);
        break;
      case 'warmup':
        // Its rise per step: a multiplication in the loop, not a division.
        steps = schedule.steps;
        number = 1 / schedule.steps;
        break;
    }
    this.#words[at + GROUP_PARAMS.schedule] = GPU_SCHEDULES[schedule?.kind ?? 'constant'];
    this.#words[at + GROUP_PARAMS.scheduleSteps] = steps;
    this.#floats[at + GROUP_PARAMS.scheduleFactor] = number;
  }
}

/** Word offset of group `g`'s GroupParams in StepParams. */
function groupAt(g: number): number {
  return STEP_PARAMS.groups + g * STEP_PARAMS.groupWords;
}
