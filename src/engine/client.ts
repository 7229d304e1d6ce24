/** Main-thread side of the simulation worker: starts it and gives back its typed comlink API. */
import * as Comlink from 'comlink';
import type { SimWorkerApi } from './protocol.ts';

export interface SimWorker {
  readonly api: Comlink.Remote<SimWorkerApi>;
  /** Ends the worker; safe to call twice. */
  terminate(): void;
}

/** Starts `workers/sim.worker.ts`; `onError` hears about failures that no call can catch. */
export function startSimWorker(onError: (message: string) => void): SimWorker {
  const worker = new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), {
    type: 'module',
    name: 'slope-sim',
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onError(`The simulation worker failed: ${event.message || 'it could not start'}.`);
  });
  const api = Comlink.wrap<SimWorkerApi>(worker);
  let terminated = false;
  return {
    api,
    terminate() {
      if (terminated) return;
      terminated = true;
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
