/**
 * Statistics readbacks, one at a time (the GPU maps one staging buffer), and never an old run's
 * numbers taken for the new one's: a readback begun before a reset or a rebuild is waited for and
 * thrown away, and the new run's is fetched.
 */
import type { SimBackend } from '../backend/backend.ts';
import type { SimulationStats } from '../core/simulation.ts';

export class StatsFetcher {
  #pending: {
    readonly backend: SimBackend;
    readonly generation: number;
    readonly done: Promise<void>;
  } | null = null;

  /**
   * Fetches `backend`'s statistics and hands them to `accept` if `current()` (the backend in use
   * and its run's generation) still matches when they arrive. A fetch of the same backend and
   * generation already under way is shared. A rejected readback (a lost device) is ignored: the
   * loss handler takes it from there.
   */
  async refresh(
    backend: SimBackend,
    current: () => { readonly backend: SimBackend | null; readonly generation: number },
    accept: (stats: SimulationStats) => void,
  ): Promise<void> {
    const pending = this.#pending;
    if (pending && pending.backend === backend) {
      if (pending.generation === current().generation) return pending.done;
      await pending.done;
      if (current().backend !== backend) return;
      return this.refresh(backend, current, accept);
    }
    const generation = current().generation;
    const done = backend.stats().then(
      (stats) => {
        const now = current();
        if (now.backend === backend && now.generation === generation) accept(stats);
      },
      () => undefined,
    );
    const fetch = { backend, generation, done };
    this.#pending = fetch;
    await done;
    if (this.#pending === fetch) this.#pending = null;
  }
}
