/** Tracked balls on the CPU backend: the current state of the chosen balls, nothing stale. */
import { describe, expect, it } from 'vitest';
import { MAX_TRACKED } from '../../src/backend/backend.ts';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import { CONVERGED } from '../../src/core/status.ts';

const config = {
  landscape: 'himmelblau',
  particleCount: 3000,
  seed: 4,
  groups: [
    { optimizer: 'gd', learningRate: 0.01 },
    { optimizer: 'momentum', learningRate: 0.002 },
    { optimizer: 'adam', learningRate: 0.01 },
  ],
} as const;

describe('tracked balls (CPU)', () => {
  it('equal the snapshot at the same step: positions, first two state values, statuses', async () => {
    const backend = new CpuBackend(config);
    const indices = Uint32Array.from([0, 7, 999, 1000, 1500, 2000, 2999]);
    backend.setTracked(indices);
    backend.step(300);
    const tracked = backend.tracked();
    const snapshot = await backend.snapshot();
    expect(tracked.step).toBe(300);
    expect(Array.from(tracked.indices)).toEqual(Array.from(indices));
    indices.forEach((index, k) => {
      const group = Math.floor(index / backend.perGroup);
      const local = index - group * backend.perGroup;
      const state = snapshot.state[group]!;
      expect(Array.from(tracked.values.subarray(4 * k, 4 * k + 4)), `ball ${index}`).toEqual([
        snapshot.x[index],
        snapshot.y[index],
        state[0]?.[local] ?? 0,
        state[1]?.[local] ?? 0,
      ]);
      expect(tracked.status[k]).toBe(snapshot.status[index]);
    });
    // After 300 steps the plain group's balls have settled, and velocities are not all zero.
    expect(tracked.status[0]).toBe(CONVERGED);
    expect(tracked.values.subarray(4 * 3 + 2, 4 * 3 + 4).some((v) => v !== 0)).toBe(true);
  });

  it('follows the run: another step, another answer; a copy each call', () => {
    const backend = new CpuBackend(config);
    backend.setTracked(Uint32Array.from([5]));
    const before = backend.tracked();
    backend.step(1);
    const after = backend.tracked();
    expect(after.step).toBe(1);
    expect(after.values[0]).not.toBe(before.values[0]);
    expect(backend.tracked()).not.toBe(backend.tracked());
  });

  it('starts with none, and rejects too many balls or a ball that does not exist', () => {
    const backend = new CpuBackend(config);
    expect(backend.tracked().indices).toHaveLength(0);
    expect(() => backend.setTracked(new Uint32Array(MAX_TRACKED + 1))).toThrow(RangeError);
    expect(() => backend.setTracked(Uint32Array.from([3000]))).toThrow(/no ball 3000/);
    backend.setTracked(new Uint32Array(MAX_TRACKED));
    expect(backend.tracked().values).toHaveLength(4 * MAX_TRACKED);
  });
});
