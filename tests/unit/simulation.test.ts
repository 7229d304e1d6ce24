import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/core/landscapes/index.ts';
import { counterClock } from '../../src/core/optimizers/counter-clock.ts';
import {
  advanceBlock,
  compileUpdate,
  type GroupUpdate,
  OPTIMIZERS,
  specializeKernel,
  stepEnvironment,
} from '../../src/core/optimizers/index.ts';
import { interpretRule } from '../../src/core/optimizers/rule.ts';
import { createRng } from '../../src/core/rng.ts';
import { createSimulation, settleCriteria } from '../../src/core/simulation.ts';
import { median } from '../../src/core/stats.ts';
import { CONVERGED, DIVERGED } from '../../src/core/status.ts';

describe('the chapter example', () => {
  it('reproduces x = -0.2, 0.44, 0.952, 1.3616, 1.68928 from x = -1 at learning rate 0.1', () => {
    const sim = createSimulation({
      landscape: 'curve',
      particleCount: 1,
      start: 'point',
      at: [-1, 0],
      groups: [{ optimizer: 'gd', learningRate: 0.1 }],
      precision: 'float64',
    });
    expect(sim.x[0]).toBe(-1);
    const expected = [-0.2, 0.44, 0.952, 1.3616, 1.68928];
    for (const value of expected) {
      sim.step(1);
      expect(Math.abs(sim.x[0]! - value)).toBeLessThan(1e-9);
      expect(sim.y[0]).toBe(0);
    }
    expect(sim.stepCount).toBe(5);
  });

  it('gives the same five values when stepped five at once', () => {
    const sim = createSimulation({
      landscape: 'curve',
      particleCount: 1,
      start: 'point',
      at: [-1, 0],
      precision: 'float64',
    });
    sim.step(5);
    expect(Math.abs(sim.x[0]! - 1.68928)).toBeLessThan(1e-9);
  });
});

describe('reproducibility', () => {
  const config = { landscape: 'himmelblau', particleCount: 3000, seed: 7 } as const;

  it('same seed, same run', () => {
    const a = createSimulation(config);
    const b = createSimulation(config);
    a.step(40);
    b.step(40);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    expect(Array.from(a.status)).toEqual(Array.from(b.status));
    expect(a.stats()).toEqual(b.stats());
  });

  it('a different seed gives different start points', () => {
    const a = createSimulation(config);
    const b = createSimulation({ ...config, seed: 8 });
    expect(Array.from(a.x)).not.toEqual(Array.from(b.x));
  });

  it('reset puts the balls back where they started', () => {
    const sim = createSimulation(config);
    const start = Array.from(sim.x);
    sim.step(25);
    expect(Array.from(sim.x)).not.toEqual(start);
    sim.reset();
    expect(Array.from(sim.x)).toEqual(start);
    expect(sim.stepCount).toBe(0);
  });

  for (const start of ['uniform', 'grid', 'gaussian', 'ring', 'point'] as const) {
    it(`every group starts from the same points (${start})`, () => {
      const sim = createSimulation({
        landscape: 'rosenbrock',
        particleCount: 999,
        start,
        at: [0.5, 1],
        groups: [
          { optimizer: 'gd', learningRate: 0.0001 },
          { optimizer: 'momentum', learningRate: 0.0005 },
          { optimizer: 'gd', learningRate: 0.002 },
        ],
      });
      expect(sim.perGroup).toBe(333);
      const n = sim.perGroup;
      const first = { x: Array.from(sim.x.subarray(0, n)), y: Array.from(sim.y.subarray(0, n)) };
      for (let g = 1; g < 3; g++) {
        expect(Array.from(sim.x.subarray(g * n, (g + 1) * n))).toEqual(first.x);
        expect(Array.from(sim.y.subarray(g * n, (g + 1) * n))).toEqual(first.y);
      }
      const { xMin, xMax, yMin, yMax } = sim.domain;
      for (let i = 0; i < sim.particleCount; i++) {
        expect(sim.x[i]).toBeGreaterThanOrEqual(xMin);
        expect(sim.x[i]).toBeLessThanOrEqual(xMax);
        expect(sim.y[i]).toBeGreaterThanOrEqual(yMin);
        expect(sim.y[i]).toBeLessThanOrEqual(yMax);
      }
    });
  }

  it('groups diverge from each other only through their learning rates', () => {
    const sim = createSimulation({
      landscape: 'bowl',
      particleCount: 200,
      groups: [
        { optimizer: 'gd', learningRate: 0.1 },
        { optimizer: 'gd', learningRate: 0.1 },
      ],
    });
    sim.step(10);
    expect(Array.from(sim.x.subarray(100))).toEqual(Array.from(sim.x.subarray(0, 100)));
  });
});

describe('statuses', () => {
  it('a learning rate that is too large diverges every ball, without NaN anywhere', () => {
    const sim = createSimulation({
      landscape: 'bowl',
      particleCount: 2000,
      groups: [
        { optimizer: 'gd', learningRate: 0.01 },
        { optimizer: 'gd', learningRate: 1.5 },
      ],
    });
    sim.step(400);
    const [good, bad] = sim.stats().groups;
    expect(good!.convergedPercent).toBeGreaterThan(99);
    expect(good!.divergedPercent).toBe(0);
    expect(bad!.divergedPercent).toBe(100);
    expect(bad!.meanLoss).toBeNull();
    const render = new Float32Array(sim.particleCount * 4);
    sim.writeRenderData(render);
    expect(render.every(Number.isFinite)).toBe(true);
    for (let i = sim.perGroup; i < sim.particleCount; i++) {
      expect(render[i * 4 + 3]).toBe(1 + 8 * DIVERGED);
      expect(Math.abs(render[i * 4]!)).toBeLessThanOrEqual(5);
    }
    for (const value of Object.values(good!))
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  });

  it('the chapter curve at learning rate 1.0 oscillates forever and above it diverges', () => {
    const sim = createSimulation({
      landscape: 'curve',
      particleCount: 1,
      start: 'point',
      at: [-1, 0],
      groups: [
        { optimizer: 'gd', learningRate: 1.0 },
        { optimizer: 'gd', learningRate: 1.05 },
      ],
      precision: 'float64',
    });
    sim.step(2);
    expect(sim.x[0]).toBe(-1);
    sim.step(1000);
    expect(sim.status[0]).toBe(0);
    expect(sim.status[1]).toBe(DIVERGED);
  });

  it('Himmelblau at its recommended rate converges for most balls, each at one of its four minima', () => {
    const sim = createSimulation({ landscape: 'himmelblau', particleCount: 4000, seed: 3 });
    sim.step(600);
    const [group] = sim.stats().groups;
    expect(group!.convergedPercent).toBeGreaterThan(90);
    expect(group!.medianLoss!).toBeLessThan(1e-3);
    const minima = findPreset('himmelblau')!.minima;
    for (let i = 0; i < sim.particleCount; i++) {
      if (sim.status[i] !== CONVERGED) continue;
      const nearest = Math.min(...minima.map((m) => Math.hypot(sim.x[i]! - m.x, sim.y[i]! - m.y)));
      expect(nearest).toBeLessThan(0.05);
    }
  });

  it('Ackley counts balls that rattle around its cone-shaped tip as converged', () => {
    const sim = createSimulation({ landscape: 'ackley', particleCount: 1, start: 'point', at: [0.3, -0.2] });
    sim.step(3000);
    expect(sim.status[0]).toBe(CONVERGED);
  });

  it('rejects bad configs with a message naming the field', () => {
    expect(() => createSimulation({ landscape: 'nope', particleCount: 10 })).toThrow(/landscape/);
    expect(() => createSimulation({ landscape: 'bowl', particleCount: -5 })).toThrow(/particleCount/);
    expect(() =>
      createSimulation({
        landscape: 'bowl',
        particleCount: 10,
        groups: [{ optimizer: 'gd', learningRate: Number.NaN }],
      }),
    ).toThrow(/learning rate/);
    expect(() =>
      createSimulation({
        landscape: 'bowl',
        particleCount: 10,
        groups: [{ optimizer: 'sgdx', learningRate: 0.1 }],
      }),
    ).toThrow(/optimizer/);
  });
});

describe('statistics', () => {
  it('median matches a sort for odd and even lengths, ties and sorted input', () => {
    const rng = createRng(11);
    for (const length of [1, 2, 3, 4, 5, 10, 101, 1000, 1001]) {
      for (const kind of ['random', 'sorted', 'ties'] as const) {
        const values = Float64Array.from({ length }, (_, i) =>
          kind === 'random' ? rng.normal() : kind === 'sorted' ? i : Math.floor(rng.next() * 3),
        );
        const sorted = Array.from(values).sort((a, b) => a - b);
        const expected =
          length % 2 ? sorted[length >> 1]! : (sorted[length / 2 - 1]! + sorted[length / 2]!) / 2;
        expect(median(values, length)).toBe(expected);
      }
    }
  });

  it('mean and median loss are those of the balls that have not diverged', () => {
    const sim = createSimulation({
      landscape: 'bowl',
      particleCount: 5,
      start: 'grid',
      precision: 'float64',
    });
    const losses = Array.from(sim.x, (x, i) => x * x + sim.y[i]! * sim.y[i]!);
    const [group] = sim.stats().groups;
    expect(group!.meanLoss).toBeCloseTo(losses.reduce((a, b) => a + b) / losses.length, 12);
    expect(group!.medianLoss).toBeCloseTo([...losses].sort((a, b) => a - b)[2]!, 12);
    expect(group!.convergedPercent + group!.divergedPercent + group!.activePercent).toBeCloseTo(100, 9);
  });
});

describe('kernel specialisation', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer.id}: a private copy with the compiled update computes exactly what the shared kernel does with the rule interpreted`, () => {
      const copy = specializeKernel();
      // A kernel that reached for a module variable would throw a ReferenceError here.
      expect(copy).not.toBe(advanceBlock);
      const landscape = findPreset('himmelblau')!;
      const params = optimizer.defaults;
      const compiled = {
        update: compileUpdate(optimizer, params),
        counterStarts: counterClock(optimizer, params).at,
      };
      const interpreted = {
        update: interpretRule(optimizer.rule, optimizer.values(params)),
        counterStarts: counterClock(optimizer, params).at,
      };
      const run = (kernel: typeof copy, update: GroupUpdate) => {
        const sim = createSimulation({ landscape, particleCount: 500, seed: 5 });
        const block = {
          count: sim.particleCount,
          x: sim.x,
          y: sim.y,
          status: sim.status,
          calm: new Uint8Array(sim.particleCount),
          convergedAt: new Uint32Array(sim.particleCount),
          state: optimizer.stateNames.map(() => new Float32Array(sim.particleCount)),
        };
        const criteria = settleCriteria(landscape, landscape.domain);
        kernel(block, 60, 0.005, update, stepEnvironment(landscape.gradient, criteria, 0));
        kernel(block, 40, 0.004, update, stepEnvironment(landscape.gradient, criteria, 60, 0.5, 3));
        return [
          Array.from(sim.x),
          Array.from(sim.y),
          Array.from(sim.status),
          Array.from(block.convergedAt),
          ...block.state.map((array) => Array.from(array)),
        ];
      };
      expect(run(copy, compiled)).toEqual(run(advanceBlock, interpreted));
    });
  }
});

describe('snapshots', () => {
  it('a run restored from a snapshot continues exactly as the original', () => {
    const config = {
      landscape: 'ravine',
      particleCount: 600,
      seed: 9,
      groups: [
        { optimizer: 'gd', learningRate: 0.03 },
        { optimizer: 'momentum', learningRate: 0.01 },
      ],
    } as const;
    const original = createSimulation(config);
    original.step(37);
    const copy = createSimulation(config);
    copy.restore(original.snapshot());
    expect(copy.stepCount).toBe(37);
    original.step(50);
    copy.step(50);
    expect(copy.snapshot()).toEqual(original.snapshot());
    expect(() => createSimulation({ ...config, particleCount: 10 }).restore(original.snapshot())).toThrow(
      RangeError,
    );
  });
});
