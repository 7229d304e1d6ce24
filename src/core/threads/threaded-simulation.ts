/**
 * A simulation whose steps run on a pool of threads and are awaited: `await sim.step(n)`. Where
 * threads cannot help (one thread asked for, no shared memory, or the JavaScript kernel) the steps
 * run here, and the promise is already settled when step returns. Everything else is the
 * one-thread Simulation's, refused with a clear error while a step is running (its balls are
 * being written).
 */
import {
  createSimulationEngine,
  type Simulation,
  type SimulationConfig,
  type SimulationEngine,
} from '../simulation.ts';
import { sharedMemorySupport } from '../wasm/support.ts';
import { createFramePool, type FramePool, type SpawnThread } from './frame-pool.ts';

export interface ThreadedSimulation extends Omit<Simulation, 'step'> {
  /** Threads the steps run on (1: this one). */
  readonly threads: number;
  /** Advances every group by `steps` steps (default 1); steps asked for together run in order. */
  step(steps?: number): Promise<void>;
  /** Ends the threads; the simulation can still be read, not stepped. Safe to call twice. */
  dispose(): void;
}

/** Most threads a simulation takes. */
export const MAX_THREADS = 64;

export function createThreadedSimulation(
  config: SimulationConfig,
  threads: number,
  spawn: SpawnThread,
): ThreadedSimulation {
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new RangeError(`threads: need a whole number from 1 to ${MAX_THREADS}, got ${threads}`);
  }
  const wantPool = threads > 1 && sharedMemorySupport();
  const engine: SimulationEngine = createSimulationEngine(config, { shared: wantPool });
  const { simulation } = engine;
  const pool: FramePool | null =
    wantPool && engine.kernels.wasm
      ? createFramePool(engine.kernels.wasm, { threads, spawn, blocking: false })
      : null;

  let busy = 0;
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;
  const idle = <T>(what: string, read: () => T): T => {
    if (busy > 0) throw new Error(`${what}: a step is still running; await sim.step() first`);
    return read();
  };

  const runSteps = async (steps: number): Promise<void> => {
    if (disposed) throw new Error('step: the simulation was disposed');
    if (!pool) {
      simulation.step(steps);
      return;
    }
    await pool.ready;
    await pool.run(engine.plan(steps));
    engine.commit(steps);
  };

  return {
    threads: pool ? pool.threads : 1,
    get landscape() {
      return simulation.landscape;
    },
    get domain() {
      return simulation.domain;
    },
    get perGroup() {
      return simulation.perGroup;
    },
    get groupCount() {
      return simulation.groupCount;
    },
    get particleCount() {
      return simulation.particleCount;
    },
    get stepCount() {
      return simulation.stepCount;
    },
    get x() {
      return simulation.x;
    },
    get y() {
      return simulation.y;
    },
    get status() {
      return simulation.status;
    },
    get kernel() {
      return simulation.kernel;
    },
    get kernelFallback() {
      return simulation.kernelFallback;
    },
    step(steps = 1) {
      if (!(Number.isInteger(steps) && steps >= 0))
        return Promise.reject(new RangeError(`step(${steps}): need a whole number >= 0`));
      busy++;
      const done = queue.then(() => runSteps(steps)).finally(() => busy--);
      // A failed step does not stop the ones queued after it from trying.
      queue = done.catch(() => {});
      return done;
    },
    stats: () => idle('stats', () => simulation.stats()),
    writeRenderData: (out) => idle('writeRenderData', () => simulation.writeRenderData(out)),
    setLearningRate: (group, rate) => idle('setLearningRate', () => simulation.setLearningRate(group, rate)),
    reset: () => idle('reset', () => simulation.reset()),
    snapshot: () => idle('snapshot', () => simulation.snapshot()),
    trackedBalls: (indices) => idle('trackedBalls', () => simulation.trackedBalls(indices)),
    restore: (snapshot) => idle('restore', () => simulation.restore(snapshot)),
    dispose() {
      disposed = true;
      pool?.dispose();
    },
  };
}
