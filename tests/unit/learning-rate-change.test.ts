import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/core/simulation.ts';

describe('changing a learning rate during a run', () => {
  it('keeps every ball, its optimizer state and the step count; only later steps use the new rate', () => {
    const config = {
      landscape: 'himmelblau',
      particleCount: 400,
      seed: 3,
      groups: [
        { optimizer: 'momentum', learningRate: 0.002 },
        { optimizer: 'adam', learningRate: 0.05 },
      ],
    } as const;
    const sim = createSimulation(config);
    sim.step(40);
    const before = sim.snapshot();

    sim.setLearningRate(0, 0.004);

    const after = sim.snapshot();
    expect(sim.stepCount).toBe(40);
    expect(after.x).toEqual(before.x);
    expect(after.y).toEqual(before.y);
    expect(after.state).toEqual(before.state);
    expect(after.learningRates).toEqual([0.004, 0.05]);

    // The next step starts from where the balls were, at the new rate: the same as a twin run
    // that was given the new rate at step 40, and not what the old rate would do.
    const twin = createSimulation(config);
    twin.step(40);
    twin.setLearningRate(0, 0.004);
    const unchanged = createSimulation(config);
    unchanged.step(40);
    sim.step(1);
    twin.step(1);
    unchanged.step(1);
    expect(sim.x).toEqual(twin.x);
    expect(sim.x.subarray(0, 200)).not.toEqual(unchanged.x.subarray(0, 200));
    expect(sim.x.subarray(200)).toEqual(unchanged.x.subarray(200));
  });
});
