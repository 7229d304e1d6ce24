/**
 * The worker's measurements for the HUD: frames and steps per second and bytes copied from the
 * GPU, each over a window of about REPORT_INTERVAL_MS. Until a window has closed there is no
 * measurement, and the rates read 0 (the HUD shows "–").
 */
import type { TransferCounters } from '../backend/backend.ts';
import type { Report } from '../engine/protocol.ts';

/** How often statistics go to the main thread. */
export const REPORT_INTERVAL_MS = 250;

export class FrameMeter {
  #windowStart = 0;
  #frames = 0;
  #steps = 0;
  #transferAtStart: TransferCounters | null = null;
  /** Frames per second over the last closed window; 0 before the first one. */
  fps = 0;
  stepsPerSecond = 0;
  transferRates: Report['transfer'] = null;

  /** Starts a window at `now` (ms), from the backend's transfer counters (null on the CPU). */
  restart(now: number, transfer: TransferCounters | null): void {
    this.#transferAtStart = transfer ? { ...transfer } : null;
    this.#windowStart = now;
    this.#frames = 0;
    this.#steps = 0;
  }

  /** A new run: its first window measures afresh (no rates of the old run shown as its own). */
  forget(now: number, transfer: TransferCounters | null): void {
    this.fps = 0;
    this.stepsPerSecond = 0;
    this.transferRates = null;
    this.restart(now, transfer);
  }

  countFrame(): void {
    this.#frames++;
  }

  countSteps(steps: number): void {
    this.#steps += steps;
  }

  /** Whether the window has run long enough to close at `now`. */
  due(now: number): boolean {
    return now - this.#windowStart >= REPORT_INTERVAL_MS;
  }

  /** Closes the window: rates over it; then starts the next. */
  close(now: number, transfer: TransferCounters | null): void {
    const seconds = (now - this.#windowStart) / 1000;
    this.fps = this.#frames / seconds;
    this.stepsPerSecond = this.#steps / seconds;
    const start = this.#transferAtStart;
    this.transferRates =
      transfer && start
        ? {
            statsBytesPerSecond: (transfer.statsBytes - start.statsBytes) / seconds,
            snapshotBytesPerSecond: (transfer.snapshotBytes - start.snapshotBytes) / seconds,
            uploadBytesPerSecond: (transfer.uploadBytes - start.uploadBytes) / seconds,
          }
        : null;
    this.restart(now, transfer);
  }
}
