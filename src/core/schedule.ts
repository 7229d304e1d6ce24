/**
 * Learning-rate schedules: how a group's rate changes over the run. The rate a ball uses at global
 * step t (0-based, the step being taken) is `learningRate * scheduleFactor(schedule, t)`. The CPU
 * calls its kernels with that rate; the GPU's step pass computes the same factor in f32 inside
 * its loop (slopeScheduledRate in step.wgsl), from the formulas written here.
 */

export type ScheduleConfig =
  | { readonly kind: 'constant' }
  /** Step decay: the rate times `factor` every `every` steps. */
  | { readonly kind: 'step'; readonly every: number; readonly factor: number }
  /** Cosine annealing: from the full rate down to 0 over `period` steps, then 0. */
  | { readonly kind: 'cosine'; readonly period: number }
  /** Linear warm-up: from rate / steps at step 0 up to the full rate at step `steps - 1`, then flat. */
  | { readonly kind: 'warmup'; readonly steps: number };

export type ScheduleKind = ScheduleConfig['kind'];

export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['constant', 'step', 'cosine', 'warmup'];

/** The numbers a schedule takes when they are not given (e.g. `schedule=step` in the URL). */
export const SCHEDULE_DEFAULTS = { every: 100, factor: 0.5, period: 1000, warmupSteps: 100 } as const;

/** Factor of the learning rate at global step `step` (0-based); 1 for a constant schedule. */
export function scheduleFactor(schedule: ScheduleConfig | undefined, step: number): number {
  if (!schedule) return 1;
  switch (schedule.kind) {
    case 'constant':
      return 1;
    case 'step':
      return schedule.factor ** Math.floor(step / schedule.every);
    case 'cosine':
      return cosineFactor(step, schedule.period);
    case 'warmup':
      return step < schedule.steps ? (step + 1) / schedule.steps : 1;
  }
}

/**
 * (1 + cos(π step / period)) / 2 while step < period, then 0: the balls keep their places once
 * the period is over (no restart pushes them on). Written as the GPU evaluates it in f32
 * (cosineFactorWgsl, src/gpu/wgsl-sources.ts), from one sine of an angle never above π/4: sin² of the
 * steps left near the end, so it stays accurate relative to its size down to the last step, and
 * 1 - sin² of the steps done before the middle, where it is at least 1/2.
 */
export function cosineFactor(step: number, period: number): number {
  if (step >= period) return 0;
  const left = period - step;
  const sine = Math.sin((2 * Math.PI * Math.min(step, left)) / (4 * period));
  return step <= left ? 1 - sine * sine : sine * sine;
}

/** Whether the schedule changes the rate at all (a constant one costs nothing per step). */
export function isScheduled(
  schedule: ScheduleConfig | undefined,
): schedule is Exclude<ScheduleConfig, { kind: 'constant' }> {
  return schedule !== undefined && schedule.kind !== 'constant';
}

/**
 * Largest step count a schedule's numbers may use: 2^24, the largest range of whole numbers a
 * float32 holds exactly, so the GPU's f32(step) within a cosine period or a warm-up is exact.
 * (Over 16 million steps: far beyond any run shown.)
 */
export const MAX_SCHEDULE_STEPS = 2 ** 24;

/** What is wrong with a schedule's numbers, as a sentence part; null when nothing is. */
export function scheduleProblem(schedule: ScheduleConfig): string | null {
  const wholeSteps = (value: number): boolean =>
    Number.isInteger(value) && value >= 1 && value <= MAX_SCHEDULE_STEPS;
  switch (schedule.kind) {
    case 'constant':
      return null;
    case 'step':
      if (!wholeSteps(schedule.every))
        return `every must be a whole number of steps >= 1, got ${schedule.every}`;
      if (!(schedule.factor > 0 && schedule.factor <= 1))
        return `factor must be above 0 and at most 1, got ${schedule.factor}`;
      return null;
    case 'cosine':
      return wholeSteps(schedule.period)
        ? null
        : `period must be a whole number of steps >= 1, got ${schedule.period}`;
    case 'warmup':
      return wholeSteps(schedule.steps)
        ? null
        : `warm-up steps must be a whole number >= 1, got ${schedule.steps}`;
    default:
      return `unknown schedule "${(schedule as { kind: unknown }).kind}"`;
  }
}

/**
 * Steps, from `step` on and at most `limit`, over which the factor stays what it is at `step`:
 * the CPU advances a scheduled group one such run per kernel call (a whole decay interval at once,
 * a cosine or a warm-up one step at a time).
 */
export function constantRun(schedule: ScheduleConfig | undefined, step: number, limit: number): number {
  const factor = scheduleFactor(schedule, step);
  let run = 1;
  while (run < limit && scheduleFactor(schedule, step + run) === factor) run++;
  return run;
}
