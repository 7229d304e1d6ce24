/** Per-group statistics on the CPU: loss percentiles and basins (which minimum each ball reached). */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/core/landscapes/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { createSimulation } from '../../src/core/simulation.ts';
import { median, minimaCoordinates, nearestMinimum, percentile } from '../../src/core/stats.ts';
import { CONVERGED } from '../../src/core/status.ts';

/** The share quantile of `values` from a full sort, linear between order statistics. */
function sortedQuantile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = share * (sorted.length - 1);
  const below = Math.floor(position);
  const fraction = position - below;
  return fraction === 0 ? sorted[below]! : sorted[below]! + fraction * (sorted[below + 1]! - sorted[below]!);
}

describe('percentile', () => {
  it('matches a sort for every length, share and kind of input', () => {
    const rng = createRng(3);
    for (const length of [1, 2, 3, 4, 9, 10, 11, 100, 1001]) {
      for (const kind of ['random', 'sorted', 'reversed', 'ties'] as const) {
        const values = Array.from({ length }, (_, i) =>
          kind === 'random'
            ? rng.normal()
            : kind === 'sorted'
              ? i
              : kind === 'reversed'
                ? length - i
                : Math.floor(rng.next() * 3),
        );
        for (const share of [0, 0.1, 0.5, 0.9, 1]) {
          const actual = percentile(Float64Array.from(values), length, share);
          expect(actual, `${kind} ${length} ${share}`).toBeCloseTo(sortedQuantile(values, share), 12);
        }
      }
    }
  });

  it('the 50th percentile is the median', () => {
    const rng = createRng(4);
    for (const length of [1, 2, 7, 8]) {
      const values = Float64Array.from({ length }, () => rng.next());
      expect(percentile(values.slice(), length, 0.5)).toBeCloseTo(median(values.slice(), length), 15);
    }
  });
});

describe('nearestMinimum', () => {
  const minima = minimaCoordinates(findPreset('himmelblau')!.minima);

  it('picks the closest known minimum, the first on a tie, -1 when there are none', () => {
    expect(nearestMinimum(3.1, 2.1, minima)).toBe(0);
    expect(nearestMinimum(3.5, -1.9, minima)).toBe(3);
    expect(nearestMinimum(0, 0, new Float64Array([1, 0, -1, 0]))).toBe(0);
    expect(nearestMinimum(0, 0, new Float64Array(0))).toBe(-1);
  });
});

describe('group statistics', () => {
  it('Himmelblau: every basin gets its share of the balls, and the basins add up to the converged', () => {
    const sim = createSimulation({ landscape: 'himmelblau', particleCount: 20_000, seed: 1 });
    for (let batch = 0; batch < 20 && sim.stats().groups[0]!.convergedPercent < 99; batch++) sim.step(100);
    const group = sim.stats().groups[0]!;
    expect(group.convergedPercent).toBeGreaterThan(99);
    expect(group.basinPercents).toHaveLength(4);
    for (const share of group.basinPercents) expect(share).toBeGreaterThan(10);
    const sum = group.basinPercents.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - group.convergedPercent)).toBeLessThan(1e-9);
  });

  it('Rastrigin: balls that settle in the wells it does not list count for no basin', () => {
    const sim = createSimulation({ landscape: 'rastrigin', particleCount: 4000, seed: 1 });
    sim.step(300);
    const group = sim.stats().groups[0]!;
    let atGlobal = 0;
    for (let i = 0; i < sim.particleCount; i++) {
      if (sim.status[i] === CONVERGED && Math.hypot(sim.x[i]!, sim.y[i]!) < 0.5) atGlobal++;
    }
    expect(group.convergedPercent).toBeGreaterThan(80);
    // Only the few balls that started in the middle well reach (0, 0); the rest settled elsewhere.
    expect(group.basinPercents[0]).toBe((100 * atGlobal) / sim.perGroup);
    expect(group.basinPercents[0]).toBeLessThan(5);
  });

  it('a basin counts exactly the converged balls nearest to its minimum', () => {
    const landscape = findPreset('sixhump')!;
    const sim = createSimulation({ landscape, particleCount: 3000, seed: 2, precision: 'float64' });
    sim.step(400);
    const minima = minimaCoordinates(landscape.minima);
    const counts = new Array<number>(landscape.minima.length).fill(0);
    for (let i = 0; i < sim.particleCount; i++) {
      if (sim.status[i] === CONVERGED) counts[nearestMinimum(sim.x[i]!, sim.y[i]!, minima)]!++;
    }
    const group = sim.stats().groups[0]!;
    expect(group.basinPercents).toEqual(counts.map((count) => (100 * count) / sim.perGroup));
  });

  it('p10 <= median <= p90 are quantiles of the losses of the balls that have not diverged', () => {
    const landscape = findPreset('rosenbrock')!;
    const sim = createSimulation({
      landscape,
      particleCount: 2001,
      seed: 5,
      groups: [{ optimizer: 'gd', learningRate: 0.004 }],
      precision: 'float64',
    });
    sim.step(30);
    const losses: number[] = [];
    for (let i = 0; i < sim.particleCount; i++) {
      if (sim.status[i] !== 2) losses.push(landscape.f(sim.x[i]!, sim.y[i]!));
    }
    const group = sim.stats().groups[0]!;
    expect(group.divergedPercent).toBeGreaterThan(0);
    expect(group.p10Loss).toBeCloseTo(sortedQuantile(losses, 0.1), 9);
    expect(group.p90Loss).toBeCloseTo(sortedQuantile(losses, 0.9), 9);
    expect(group.p10Loss!).toBeLessThanOrEqual(group.medianLoss!);
    expect(group.medianLoss!).toBeLessThanOrEqual(group.p90Loss!);
  });

  it('a landscape without known minima has no basins; every ball diverged gives null quantiles', () => {
    const saddle = createSimulation({ landscape: 'saddle', particleCount: 100, seed: 1 });
    saddle.step(10);
    expect(saddle.stats().groups[0]!.basinPercents).toEqual([]);
    const bowl = createSimulation({
      landscape: 'bowl',
      particleCount: 100,
      groups: [{ optimizer: 'gd', learningRate: 5 }],
    });
    bowl.step(200);
    const group = bowl.stats().groups[0]!;
    expect(group.divergedPercent).toBe(100);
    expect([group.p10Loss, group.p90Loss]).toEqual([null, null]);
    expect(group.basinPercents).toEqual([0]);
  });
});
