/**
 * Frames submitted to the shared GPU device and not finished yet: the loop skips a tick when the
 * GPU is this far behind (more would only queue work up and starve statistics readbacks, which
 * wait behind it).
 */
import type { GpuContext } from '../gpu/device.ts';

/** Frames the GPU may be behind before the loop waits for it: enough to overlap CPU and GPU. */
const MAX_FRAMES_IN_FLIGHT = 2;

export class GpuFrames {
  #inFlight = 0;
  #gpu: GpuContext | null = null;

  /** Whether the loop should skip this tick. */
  get full(): boolean {
    return this.#inFlight >= MAX_FRAMES_IN_FLIGHT;
  }

  /** The device frames go to now (null: none); frames of a device before it no longer count. */
  use(gpu: GpuContext | null): void {
    this.#gpu = gpu;
    this.#inFlight = 0;
  }

  /** Counts this frame's work until the queue reports it done, then calls `onDone`. */
  track(onDone: (() => void) | null): void {
    const gpu = this.#gpu;
    if (!gpu) return;
    this.#inFlight++;
    const done = (): void => {
      // After a device loss the count started again: an old frame must not drive it negative.
      if (this.#gpu !== gpu) return;
      this.#inFlight--;
      onDone?.();
    };
    gpu.device.queue.onSubmittedWorkDone().then(done, done);
  }
}
