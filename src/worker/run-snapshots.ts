/**
 * The copies of a run's state the worker keeps: on the GPU, an insurance copy taken once a second
 * (a lost device costs at most that much progress); on either backend, the latest copy for the
 * basin map and for the inspected ball's wider state (Adam's second moment). Copies are taken one
 * at a time, and one taken before a reset or rebuild is never used after it.
 */
import type { SimBackend } from '../backend/backend.ts';
import type { SimulationSnapshot } from '../core/simulation.ts';

/**
 * How often the state is copied back: a lost device costs at most this much progress, and the
 * copy (16-32 bytes a ball) stays off the per-frame path.
 */
export const SNAPSHOT_INTERVAL_MS = 1000;

export class RunSnapshots {
  /** The GPU run's copy to continue from after a device loss (null on the CPU: nothing to lose). */
  #insurance: SimulationSnapshot | null = null;
  /** The newest copy of the run, whoever took it (null until one is taken). */
  #latest: SimulationSnapshot | null = null;
  #takenAt = Number.NEGATIVE_INFINITY;
  #pending = false;

  get insurance(): SimulationSnapshot | null {
    return this.#insurance;
  }

  get latest(): SimulationSnapshot | null {
    return this.#latest;
  }

  /** A build begins from `snapshot` (a run carried over) or from nothing (a new run). */
  begin(snapshot: SimulationSnapshot | null): void {
    this.#insurance = snapshot;
    this.#latest = snapshot;
  }

  /** A reset: the copies are of the run before it; the next one is due at once. */
  forget(): void {
    this.#insurance = null;
    this.#latest = null;
    this.soon();
  }

  /** Something wants a current copy now rather than within the interval. */
  soon(): void {
    this.#takenAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Takes a copy of `backend` if one is wanted and due; `stillCurrent()` says whether it arrived
   * for the same backend and run, and `onTaken` hears of each copy kept.
   */
  takeIfDue(
    backend: SimBackend,
    now: number,
    wanted: boolean,
    stillCurrent: () => boolean,
    onTaken: () => void,
  ): void {
    if (!wanted || this.#pending || now - this.#takenAt < SNAPSHOT_INTERVAL_MS) return;
    this.#takenAt = now;
    this.#pending = true;
    backend
      .snapshot()
      .then((snapshot) => {
        if (!stillCurrent()) return;
        if (backend.kind === 'webgpu') this.#insurance = snapshot;
        this.#latest = snapshot;
        onTaken();
      })
      // A rejected copy means a lost device: the loss handler takes it from there.
      .catch(() => undefined)
      .finally(() => {
        this.#pending = false;
      });
  }
}
