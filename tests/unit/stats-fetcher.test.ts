/**
 * Statistics readbacks never carry an old run's numbers into a new run: a readback begun before a
 * reset is waited for, thrown away, and fetched again; one readback at a time.
 */
import { describe, expect, it } from 'vitest';
import type { SimBackend } from '../../src/backend/backend.ts';
import type { SimulationStats } from '../../src/core/simulation.ts';
import { StatsFetcher } from '../../src/worker/stats-fetcher.ts';

/** A backend whose readbacks resolve when the test says, with the step they were asked at. */
function slowBackend(): { backend: SimBackend; step: number; release(): void; inFlight(): number } {
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fake = {
    step: 0,
    backend: {
      stats: () => {
        const asked = fake.step;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<SimulationStats>((resolve) =>
          waiting.push(() => {
            inFlight--;
            resolve({ step: asked, groups: [] } as unknown as SimulationStats);
          }),
        );
      },
    } as unknown as SimBackend,
    release: () => waiting.shift()?.(),
    inFlight: () => maxInFlight,
  };
  return fake;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('StatsFetcher', () => {
  it('drops a readback begun before a reset and fetches the new run’s, one at a time', async () => {
    const fake = slowBackend();
    const fetcher = new StatsFetcher();
    let generation = 1;
    const accepted: number[] = [];
    const current = () => ({ backend: fake.backend, generation });
    const accept = (stats: SimulationStats) => accepted.push((stats as unknown as { step: number }).step);
    fake.step = 500;
    const old = fetcher.refresh(fake.backend, current, accept);
    // A reset: a new generation at step 0, while the old readback is still under way.
    generation = 2;
    fake.step = 0;
    const fresh = fetcher.refresh(fake.backend, current, accept);
    fake.release();
    await old;
    await tick();
    fake.release();
    await fresh;
    expect(accepted).toEqual([0]);
    expect(fake.inFlight()).toBe(1);
  });

  it('shares a readback of the same run', async () => {
    const fake = slowBackend();
    const fetcher = new StatsFetcher();
    const accepted: number[] = [];
    const current = () => ({ backend: fake.backend, generation: 1 });
    const accept = (stats: SimulationStats) => accepted.push((stats as unknown as { step: number }).step);
    const first = fetcher.refresh(fake.backend, current, accept);
    const second = fetcher.refresh(fake.backend, current, accept);
    fake.release();
    await Promise.all([first, second]);
    expect(accepted).toEqual([0]);
  });
});
