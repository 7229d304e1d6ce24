/**
 * The simulation for Node scripts, on every core: the WebAssembly frames split across
 * worker_threads over shared memory, `await sim.step(n)`, `sim.dispose()` to end the threads.
 *
 * ```ts
 * import { createSimulation } from './src/node/simulation.ts';
 * const sim = createSimulation({ landscape: 'rosenbrock', particleCount: 1_048_576 });
 * await sim.step(500);
 * console.log(sim.stats().groups[0]?.convergedPercent);
 * sim.dispose();
 * ```
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ModelConfig, resolveModelLandscape } from '../core/models/resolve-model.ts';
import type { SimulationConfig } from '../core/simulation.ts';
import type { SpawnThread } from '../core/threads/frame-pool.ts';
import type { FrameThreadMessage } from '../core/threads/pool-protocol.ts';
import { createThreadedSimulation, type ThreadedSimulation } from '../core/threads/threaded-simulation.ts';

export type { ThreadedSimulation } from '../core/threads/threaded-simulation.ts';

/**
 * A model learning from data said in one breath: `{ model: 'line', data: 'linear', batch: 8, … }`
 * for `{ landscape: { model, data }, groups: [{ …, batch: 8 }] }` (README: "A model learning from
 * data"). `batch` is every group's that gives none (with no groups: plain gradient descent at the
 * landscape's recommended rate).
 */
export type ModelRunConfig = Omit<SimulationConfig, 'landscape'> &
  ModelConfig & {
    readonly batch?: number;
  };

export type NodeSimulationConfig = (SimulationConfig | ModelRunConfig) & {
  /** Threads to run on; default every core (os.availableParallelism()). 1: this thread only. */
  readonly threads?: number;
};

export function createSimulation(config: NodeSimulationConfig): ThreadedSimulation {
  return createThreadedSimulation(
    simulationConfig(config),
    config.threads ?? availableParallelism(),
    spawnNodeThread,
  );
}

/** The config with the model's shorthand spelled out (see ModelRunConfig). */
function simulationConfig(config: NodeSimulationConfig): SimulationConfig {
  if ('landscape' in config) return config;
  const { model, expr, data, points, noise, normalise, batch, ...rest } = config;
  const landscape: ModelConfig = {
    model,
    data,
    ...(expr !== undefined ? { expr } : {}),
    ...(points !== undefined ? { points } : {}),
    ...(noise !== undefined ? { noise } : {}),
    ...(normalise !== undefined ? { normalise } : {}),
  };
  const groups = rest.groups ?? [
    { optimizer: 'gd', learningRate: resolveModelLandscape(landscape, (rest.seed ?? 1) >>> 0).learningRate },
  ];
  return {
    ...rest,
    landscape,
    groups: batch === undefined ? groups : groups.map((group) => ({ batch, ...group })),
  };
}

/**
 * The thread's file is TypeScript: the thread registers tsx's loader (as `npx tsx` does for a
 * script) and then imports it. Messages posted meanwhile wait in the thread's port.
 */
function threadSource(): string {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const file = JSON.stringify(new URL('./frame-thread.ts', import.meta.url).href);
  return `import(${api}).then(({ register }) => { register(); return import(${file}); });`;
}

const spawnNodeThread: SpawnThread = () => {
  const worker = new Worker(threadSource(), { eval: true });
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.on('message', (message: FrameThreadMessage) => onMessage(message));
      worker.on('error', (error) => onError(error.message));
    },
    terminate: () => void worker.terminate(),
    keepAlive: (alive) => (alive ? worker.ref() : worker.unref()),
  };
};
