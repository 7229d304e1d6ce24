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
import type { SimulationConfig } from '../core/simulation.ts';
import type { SpawnThread } from '../core/threads/frame-pool.ts';
import type { FrameThreadMessage } from '../core/threads/pool-protocol.ts';
import { createThreadedSimulation, type ThreadedSimulation } from '../core/threads/threaded-simulation.ts';

export type { ThreadedSimulation } from '../core/threads/threaded-simulation.ts';

export interface NodeSimulationConfig extends SimulationConfig {
  /** Threads to run on; default every core (os.availableParallelism()). 1: this thread only. */
  readonly threads?: number;
}

export function createSimulation(config: NodeSimulationConfig): ThreadedSimulation {
  return createThreadedSimulation(config, config.threads ?? availableParallelism(), spawnNodeThread);
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
