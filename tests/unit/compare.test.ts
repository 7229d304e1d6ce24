/** The textbook comparisons the app exists to show, checked on the engine itself. */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/core/simulation.ts';

describe('comparisons', () => {
  it('bowl at 0.01, 0.1, 1.5: 0.1 converges in fewer steps than 0.01, 1.5 diverges entirely, no NaN', () => {
    const sim = createSimulation({
      landscape: 'bowl',
      particleCount: 3000,
      seed: 5,
      groups: [
        { optimizer: 'gd', learningRate: 0.01 },
        { optimizer: 'gd', learningRate: 0.1 },
        { optimizer: 'gd', learningRate: 1.5 },
      ],
    });
    sim.step(800);
    const [slow, fast, wild] = sim.stats().groups;
    expect(slow!.convergedPercent).toBe(100);
    expect(fast!.convergedPercent).toBe(100);
    expect(fast!.medianStepsToConverge!).toBeLessThan(slow!.medianStepsToConverge!);
    expect(wild!.divergedPercent).toBe(100);
    for (const group of [slow!, fast!, wild!]) {
      for (const value of Object.values(group)) {
        if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
      }
    }
  });

  it('on the ravine, momentum converges in fewer median steps than plain gradient descent at the same rate', () => {
    const sim = createSimulation({
      landscape: 'ravine',
      particleCount: 2000,
      seed: 6,
      groups: [
        { optimizer: 'gd', learningRate: 0.03 },
        { optimizer: 'momentum', learningRate: 0.03 },
      ],
    });
    sim.step(2000);
    const [plain, heavy] = sim.stats().groups;
    expect(plain!.convergedPercent).toBeGreaterThan(99);
    expect(heavy!.convergedPercent).toBeGreaterThan(99);
    expect(heavy!.medianStepsToConverge!).toBeLessThan(plain!.medianStepsToConverge!);
  });
});
