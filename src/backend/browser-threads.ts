/**
 * Frame threads in a browser: module workers running workers/frame.worker.ts, as many as the
 * machine has cores (the simulation worker counts as one), when the page can share memory with
 * them, i.e. when it is cross-origin isolated (COOP and COEP headers, see the README).
 */

import type { SpawnThread } from '../core/threads/frame-pool.ts';
import { sharedMemorySupport } from '../core/wasm/support.ts';
import type { CpuNote } from './backend.ts';

export interface BrowserThreads {
  /** Threads to step with, the simulation worker included; 1 when memory cannot be shared. */
  readonly threads: number;
  readonly spawn: SpawnThread | null;
  /** Why one thread, when that is not the machine's choice. */
  readonly note: CpuNote | null;
}

export function browserThreads(): BrowserThreads {
  const cores = Math.max(1, Math.min(16, globalThis.navigator?.hardwareConcurrency ?? 1));
  if (!(globalThis.crossOriginIsolated && sharedMemorySupport())) {
    return { threads: 1, spawn: null, note: cores > 1 ? 'no-isolation' : null };
  }
  return { threads: cores, spawn: cores > 1 ? spawnFrameWorker : null, note: null };
}

const spawnFrameWorker: SpawnThread = () => {
  const worker = new Worker(new URL('../../workers/frame.worker.ts', import.meta.url), {
    type: 'module',
    name: 'slope-frames',
  });
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        onError(event.message || 'the frame worker did not start');
      });
    },
    terminate: () => worker.terminate(),
  };
};
