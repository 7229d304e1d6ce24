/**
 * The engine on several threads (src/node/simulation.ts, worker_threads over shared memory)
 * gives bit for bit what one thread gives: every thread runs the same frame on its own balls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulation as createOneThread, type SimulationConfig } from '../../src/core/simulation.ts';
import { MAX_RUNS } from '../../src/core/threads/pool-protocol.ts';
import { createSimulation, type ThreadedSimulation } from '../../src/node/simulation.ts';

const made: ThreadedSimulation[] = [];
function threaded(config: SimulationConfig, threads: number): ThreadedSimulation {
  const sim = createSimulation({ ...config, threads });
  made.push(sim);
  return sim;
}
afterEach(() => {
  for (const sim of made.splice(0)) sim.dispose();
});

const CONFIG: SimulationConfig = {
  landscape: 'himmelblau',
  // Not a multiple of 4: every group's last part ends in a partial quad.
  particleCount: 3 * 5003,
  seed: 9,
  groups: [
    { optimizer: 'gd', learningRate: 0.01, noise: 1 },
    { optimizer: 'adam', learningRate: 0.05, schedule: { kind: 'cosine', period: 70 } },
    { optimizer: 'momentum', learningRate: 0.002 },
  ],
};

/** Every array of both runs, byte for byte. */
function expectSame(a: ThreadedSimulation, b: ReturnType<typeof createOneThread>): void {
  const [sa, sb] = [a.snapshot(), b.snapshot()];
  expect(sa.stepCount).toBe(sb.stepCount);
  const arrays = (s: typeof sa) => [s.x, s.y, s.status, s.calm, s.convergedAt, ...s.state.flat()];
  const [left, right] = [arrays(sa), arrays(sb)];
  left.forEach((array, k) => {
    expect(
      Buffer.from(array.buffer, array.byteOffset, array.byteLength).equals(
        Buffer.from(right[k]!.buffer, right[k]!.byteOffset, right[k]!.byteLength),
      ),
      `array ${k}`,
    ).toBe(true);
  });
}

describe('the engine on several threads', { timeout: 60_000 }, () => {
  it('gives what one thread gives, bit for bit (noise, a schedule, three groups)', async () => {
    const sim = threaded(CONFIG, 3);
    expect(sim.threads).toBe(3);
    expect(sim.kernel).toBe('wasm');
    const one = createOneThread(CONFIG);
    for (const steps of [1, 40, 159]) {
      await sim.step(steps);
      one.step(steps);
      expectSame(sim, one);
    }
    expect(sim.stats().groups.map((g) => g.convergedPercent)).toEqual(
      one.stats().groups.map((g) => g.convergedPercent),
    );
  });

  it('runs steps asked for together in order, and refuses to be read mid-step', async () => {
    const sim = threaded(CONFIG, 2);
    const one = createOneThread(CONFIG);
    const first = sim.step(20);
    const second = sim.step(30);
    expect(() => sim.stats()).toThrow(/still running/);
    await Promise.all([first, second]);
    one.step(50);
    expectSame(sim, one);
  });

  it('splits a step of more calls than one job holds (a schedule of single steps)', async () => {
    const config: SimulationConfig = {
      landscape: 'bowl',
      particleCount: 1000,
      groups: [{ optimizer: 'gd', learningRate: 0.01, schedule: { kind: 'warmup', steps: MAX_RUNS + 200 } }],
    };
    const sim = threaded(config, 2);
    const one = createOneThread(config);
    await sim.step(MAX_RUNS + 100);
    one.step(MAX_RUNS + 100);
    expectSame(sim, one);
  });

  it('reset, restore and a new rate work between steps', async () => {
    const sim = threaded(CONFIG, 2);
    const one = createOneThread(CONFIG);
    await sim.step(25);
    const snapshot = sim.snapshot();
    sim.reset();
    await sim.step(5);
    sim.restore(snapshot);
    sim.setLearningRate(0, 0.02);
    await sim.step(25);
    one.step(25);
    one.setLearningRate(0, 0.02);
    one.step(25);
    expectSame(sim, one);
  });

  it('one thread runs here; a bad thread count is refused; a disposed simulation does not step', async () => {
    const sim = threaded(CONFIG, 1);
    expect(sim.threads).toBe(1);
    await sim.step(3);
    expect(sim.stepCount).toBe(3);
    expect(() => createSimulation({ ...CONFIG, threads: 0 })).toThrow(RangeError);
    expect(() => createSimulation({ ...CONFIG, threads: 1.5 })).toThrow(/threads/);
    sim.dispose();
    await expect(sim.step(1)).rejects.toThrow(/disposed/);
  });

  it('the JavaScript kernel stays on this thread', async () => {
    const sim = threaded({ ...CONFIG, kernel: 'js' }, 2);
    expect(sim.threads).toBe(1);
    await sim.step(10);
    expect(sim.stepCount).toBe(10);
  });
});
