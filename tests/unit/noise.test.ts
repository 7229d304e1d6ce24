/** Gradient noise: seeded, reproducible, fair between groups, and nothing when it is 0. */
import { describe, expect, it } from 'vitest';
import { gaussianPair, hashToUniform, noiseHash, pcgHash } from '../../src/core/noise.ts';
import { createSimulation, type SimulationConfig } from '../../src/core/simulation.ts';
import { TURN_COS_COEFFICIENTS, turnSinCosFloat32 } from '../../src/core/turn-trig.ts';

describe('the noise hash', () => {
  it('is the PCG hash on u32, with known values', () => {
    // pcg_hash (Jarzynski & Olano) written again with BigInt arithmetic: Math.imul and >>> 0 must
    // wrap exactly as u32 arithmetic does (as WGSL's does).
    for (const value of [0, 1, 2891336453, 0x7fffffff, 0x80000000, 0xffffffff]) {
      expect(pcgHash(value)).toBe(pcgReference(value));
    }
    for (const value of [0, 1, 12345, 0xffffffff]) {
      const hash = pcgHash(value);
      expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true);
    }
  });

  it('gives uniforms in (0, 1] with 24 bits, exact in float32', () => {
    expect(hashToUniform(0)).toBe(2 ** -24);
    expect(hashToUniform(0xffffffff)).toBe(1);
    const u = hashToUniform(noiseHash(1, 2, 3, 0));
    expect(Math.fround(u)).toBe(u);
  });

  it('draws standard normals: mean 0, variance 1, x and y uncorrelated', () => {
    const out = [0, 0];
    let sum = 0;
    let sumSq = 0;
    let cross = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      gaussianPair(7, i, 3, out);
      sum += out[0]! + out[1]!;
      sumSq += out[0]! ** 2 + out[1]! ** 2;
      cross += out[0]! * out[1]!;
    }
    expect(Math.abs(sum / (2 * n))).toBeLessThan(0.02);
    expect(Math.abs(sumSq / (2 * n) - 1)).toBeLessThan(0.02);
    expect(Math.abs(cross / n)).toBeLessThan(0.02);
  });

  it('changes with every input', () => {
    const base = noiseHash(1, 2, 3, 0);
    expect(
      new Set([
        base,
        noiseHash(2, 2, 3, 0),
        noiseHash(1, 3, 3, 0),
        noiseHash(1, 2, 4, 0),
        noiseHash(1, 2, 3, 1),
      ]).size,
    ).toBe(5);
  });
});

/** pcg_hash written a second way: BigInt arithmetic mod 2^32. */
function pcgReference(value: number): number {
  const mask = 0xffffffffn;
  const state = (BigInt(value) * 747796405n + 2891336453n) & mask;
  const word = (((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n) & mask;
  return Number((word >> 22n) ^ word);
}

describe('the turn polynomial (the GPU sin and cos) in float32', () => {
  it('is within 3e-7 of sin(2πt) and cos(2πt) everywhere, including the quadrant edges', () => {
    let worst = 0;
    const points: number[] = [];
    for (let i = 0; i <= 100_000; i++) points.push(-2 + (4 * i) / 100_000);
    for (const edge of [0.125, 0.375, 0.5, 0.625, 0.875, 1]) points.push(edge, -edge);
    for (const t of points) {
      const tf = Math.fround(t);
      const [sin, cos] = turnSinCosFloat32(tf);
      worst = Math.max(
        worst,
        Math.abs(sin - Math.sin(2 * Math.PI * tf)),
        Math.abs(cos - Math.cos(2 * Math.PI * tf)),
      );
    }
    expect(worst).toBeLessThan(3e-7);
    expect(TURN_COS_COEFFICIENTS[0]).toBe(1);
  });
});

describe('noise on the engine', () => {
  const config = (seed: number, noise: number): SimulationConfig => ({
    landscape: 'himmelblau',
    particleCount: 2000,
    seed,
    groups: [
      { optimizer: 'gd', learningRate: 0.01, noise },
      { optimizer: 'momentum', learningRate: 0.002, noise },
      { optimizer: 'adam', learningRate: 0.01, noise },
    ],
  });
  const positions = (seed: number, noise: number, chunk = 60): number[] => {
    const sim = createSimulation(config(seed, noise));
    for (let done = 0; done < 60; done += chunk) sim.step(chunk);
    return [...sim.x, ...sim.y];
  };

  it('the same seed gives the same run, however it is split into steps', () => {
    expect(positions(3, 0.5)).toEqual(positions(3, 0.5));
    expect(positions(3, 0.5, 1)).toEqual(positions(3, 0.5));
  });

  it('another seed gives another run (from the same start points, only the noise differs)', () => {
    const withSeed = (seed: number): number[] => {
      const sim = createSimulation({ ...config(seed, 0.5), start: 'point', at: [0, 0] });
      sim.step(20);
      return [...sim.x];
    };
    expect(withSeed(3)).not.toEqual(withSeed(4));
  });

  it('zero noise leaves the run exactly as without noise', () => {
    const without = createSimulation({
      ...config(3, 0),
      groups: config(3, 0).groups!.map(({ noise: _, ...group }) => group),
    });
    without.step(60);
    expect(positions(3, 0)).toEqual([...without.x, ...without.y]);
  });

  it('noise moves the balls, and every group sees the same noise sequence', () => {
    expect(positions(3, 0.5)).not.toEqual(positions(3, 0));
    // Two identical noisy groups stay identical: the noise follows the ball's index in its group.
    const sim = createSimulation({
      landscape: 'himmelblau',
      particleCount: 400,
      seed: 2,
      groups: [
        { optimizer: 'gd', learningRate: 0.01, noise: 1 },
        { optimizer: 'gd', learningRate: 0.01, noise: 1 },
      ],
    });
    sim.step(30);
    expect(Array.from(sim.x.subarray(200))).toEqual(Array.from(sim.x.subarray(0, 200)));
  });

  it('one noisy step is the plain step along the gradient plus the noise sample', () => {
    const sim = createSimulation({
      landscape: 'bowl',
      particleCount: 3,
      start: 'grid',
      seed: 9,
      groups: [{ optimizer: 'gd', learningRate: 0.1, noise: 0.25 }],
      precision: 'float64',
    });
    const x0 = Array.from(sim.x);
    const y0 = Array.from(sim.y);
    sim.step(1);
    const sample = [0, 0];
    for (let i = 0; i < 3; i++) {
      gaussianPair(9, i, 0, sample);
      expect(sim.x[i]).toBeCloseTo(x0[i]! - 0.1 * (2 * x0[i]! + 0.25 * sample[0]!), 14);
      expect(sim.y[i]).toBeCloseTo(y0[i]! - 0.1 * (2 * y0[i]! + 0.25 * sample[1]!), 14);
    }
  });
});
