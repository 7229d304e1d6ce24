/** Learning-rate schedules: their factors, and a scheduled run on the engine. */
import { describe, expect, it } from 'vitest';
import {
  constantRun,
  type ScheduleConfig,
  scheduleFactor,
  scheduleProblem,
} from '../../src/core/schedule.ts';
import { createSimulation, type GroupConfig } from '../../src/core/simulation.ts';

describe('scheduleFactor', () => {
  it('constant (and no schedule) is 1 at every step', () => {
    for (const step of [0, 1, 99, 1e6]) {
      expect(scheduleFactor({ kind: 'constant' }, step)).toBe(1);
      expect(scheduleFactor(undefined, step)).toBe(1);
    }
  });

  it('step decay multiplies by the factor once every `every` steps', () => {
    const schedule: ScheduleConfig = { kind: 'step', every: 100, factor: 0.5 };
    expect([0, 99, 100, 199, 200, 350].map((t) => scheduleFactor(schedule, t))).toEqual([
      1, 1, 0.5, 0.5, 0.25, 0.125,
    ]);
  });

  it('cosine goes from 1 down to 0 over the period, then stays at 0', () => {
    const schedule: ScheduleConfig = { kind: 'cosine', period: 1000 };
    expect(scheduleFactor(schedule, 0)).toBe(1);
    expect(scheduleFactor(schedule, 500)).toBeCloseTo(0.5, 15);
    expect(scheduleFactor(schedule, 250)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 15);
    expect(scheduleFactor(schedule, 999)).toBeCloseTo((1 + Math.cos(Math.PI * 0.999)) / 2, 15);
    expect(scheduleFactor(schedule, 1000)).toBe(0);
    expect(scheduleFactor(schedule, 5000)).toBe(0);
    for (let t = 1; t < 1000; t++) {
      expect(scheduleFactor(schedule, t)).toBeLessThan(scheduleFactor(schedule, t - 1));
    }
  });

  it('warm-up rises linearly from 1/steps to 1 over its steps, then stays at 1', () => {
    const schedule: ScheduleConfig = { kind: 'warmup', steps: 100 };
    expect([0, 1, 49, 98, 99, 100, 1e5].map((t) => scheduleFactor(schedule, t))).toEqual([
      0.01, 0.02, 0.5, 0.99, 1, 1, 1,
    ]);
  });

  it('constantRun finds the steps that share a rate', () => {
    expect(constantRun({ kind: 'step', every: 100, factor: 0.5 }, 30, 500)).toBe(70);
    expect(constantRun({ kind: 'step', every: 100, factor: 0.5 }, 30, 20)).toBe(20);
    expect(constantRun({ kind: 'cosine', period: 10 }, 3, 50)).toBe(1);
    expect(constantRun({ kind: 'cosine', period: 10 }, 10, 50)).toBe(50);
    expect(constantRun({ kind: 'warmup', steps: 10 }, 9, 50)).toBe(50);
    expect(constantRun(undefined, 0, 7)).toBe(7);
  });

  it('names what is wrong with a schedule', () => {
    expect(scheduleProblem({ kind: 'step', every: 100, factor: 0.5 })).toBeNull();
    expect(scheduleProblem({ kind: 'step', every: 0, factor: 0.5 })).toMatch(/every/);
    expect(scheduleProblem({ kind: 'step', every: 10, factor: 1.5 })).toMatch(/factor/);
    expect(scheduleProblem({ kind: 'cosine', period: 2.5 })).toMatch(/period/);
    expect(scheduleProblem({ kind: 'warmup', steps: Number.NaN })).toMatch(/warm-up/);
  });
});

describe('a scheduled group on the engine', () => {
  /** x of one ball on the chapter's curve after `steps` steps, float64. */
  const run = (group: GroupConfig, steps: number, chunk = steps): number => {
    const sim = createSimulation({
      landscape: 'curve',
      particleCount: 1,
      start: 'point',
      at: [-1, 0],
      groups: [group],
      precision: 'float64',
    });
    for (let done = 0; done < steps; done += chunk) sim.step(Math.min(chunk, steps - done));
    return sim.x[0]!;
  };

  it('takes each step at learningRate * factor(t), by hand on the chapter curve', () => {
    // Warm-up over 4 steps at rate 0.1: rates 0.025, 0.05, 0.075, 0.1; slope 2(x - 3).
    let x = -1;
    for (const rate of [0.025, 0.05, 0.075, 0.1]) x -= rate * 2 * (x - 3);
    expect(
      run({ optimizer: 'gd', learningRate: 0.1, schedule: { kind: 'warmup', steps: 4 } }, 4),
    ).toBeCloseTo(x, 12);
  });

  for (const schedule of [
    { kind: 'step', every: 3, factor: 0.5 },
    { kind: 'cosine', period: 7 },
    { kind: 'warmup', steps: 5 },
  ] as const) {
    for (const optimizer of ['gd', 'momentum', 'adam']) {
      it(`${schedule.kind} ${optimizer}: the same run in one call as step by step`, () => {
        const group = { optimizer, learningRate: 0.05, schedule };
        expect(run(group, 20)).toBe(run(group, 20, 1));
        expect(run(group, 20)).toBe(run(group, 20, 3));
      });
    }
  }

  it('a constant schedule is the same run as none', () => {
    expect(run({ optimizer: 'gd', learningRate: 0.1, schedule: { kind: 'constant' } }, 9)).toBe(
      run({ optimizer: 'gd', learningRate: 0.1 }, 9),
    );
  });

  it('createSimulation rejects a bad schedule or a bad noise, naming the group', () => {
    const make = (group: GroupConfig) => () =>
      createSimulation({
        landscape: 'bowl',
        particleCount: 4,
        groups: [{ optimizer: 'gd', learningRate: 0.1 }, group],
      });
    expect(make({ optimizer: 'gd', learningRate: 0.1, schedule: { kind: 'cosine', period: 0 } })).toThrow(
      /groups\[1\]: schedule: period/,
    );
    expect(make({ optimizer: 'gd', learningRate: 0.1, noise: -1 })).toThrow(/groups\[1\]: noise/);
    expect(make({ optimizer: 'gd', learningRate: 0.1, noise: Number.POSITIVE_INFINITY })).toThrow(/noise/);
  });
});
