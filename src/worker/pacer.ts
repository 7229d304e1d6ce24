/**
 * How many simulation steps each frame runs, by the clock rather than by the frame: a speed in
 * steps per second gives the same pace on a 60 Hz and a 144 Hz screen. Pure (the time comes in
 * as an argument), so it is tested in Node with a fake clock.
 */

/**
 * Longest stretch of time one frame catches up on: after a stall (a hidden tab, a rebuild) the run
 * goes on at its pace instead of racing through the missed steps at once. A second, so that the
 * pace holds down to one frame a second (a million balls drawn in software).
 */
export const MAX_CATCH_UP_MS = 1000;
/**
 * Most steps one frame runs, at any speed: the old top of the steps-per-frame scale, and enough
 * for a GPU to stay busy at a million balls.
 */
export const MAX_STEPS_PER_FRAME = 1000;
/**
 * `max` aims for frames this long (ms): a 60 Hz frame with room to spare. Frames shorter than
 * this get more steps, frames much longer (see MAX_SLOW_FRAME_MS) fewer.
 */
export const MAX_TARGET_FRAME_MS = 20;
/** A frame this long under `max` halves its steps: the stepping is what makes frames stutter. */
export const MAX_SLOW_FRAME_MS = 40;
/** How much `max` grows its steps per frame after a quick frame. */
const MAX_GROWTH = 1.25;

export class Pacer {
  #stepsPerSecond: number;
  /** Steps owed but not run yet: the fraction a frame could not run carries over to the next. */
  #owed = 0;
  /** Time of the previous frame (ms), or null before the first one (and after a hold). */
  #last: number | null = null;
  /** A hold asked for and not yet started (ms): it starts at the next frame. */
  #holdPending = 0;
  /** No steps before this time (ms). */
  #holdUntil = Number.NEGATIVE_INFINITY;
  /** Under `max`: steps per frame now, adapted to the frame time. */
  #maxSteps = 1;

  /** `stepsPerSecond`: positive; `Number.POSITIVE_INFINITY` is "max". */
  constructor(stepsPerSecond: number) {
    this.#stepsPerSecond = stepsPerSecond;
  }

  get stepsPerSecond(): number {
    return this.#stepsPerSecond;
  }

  /** Whether a hold is asked for or under way at time `now` (ms). */
  holding(now: number): boolean {
    return this.#holdPending > 0 || now < this.#holdUntil;
  }

  /** A new speed in steps per second (`Number.POSITIVE_INFINITY`: max). Owed steps are kept. */
  setSpeed(stepsPerSecond: number): void {
    if (!(stepsPerSecond > 0))
      throw new RangeError(`speed: ${stepsPerSecond} is not a positive number of steps per second`);
    this.#stepsPerSecond = stepsPerSecond;
    if (stepsPerSecond !== Number.POSITIVE_INFINITY) this.#owed = Math.min(this.#owed, this.#frameCap());
  }

  /**
   * No steps for `ms` from the next frame on: the starting balls stay in view a moment before
   * they move (a new run, a reset). Forgets what was owed.
   */
  hold(ms: number): void {
    this.#holdPending = ms;
    this.#owed = 0;
    this.#last = null;
  }

  /** Ends any hold: a person asked for steps now. */
  release(): void {
    this.#holdPending = 0;
    this.#holdUntil = Number.NEGATIVE_INFINITY;
  }

  /**
   * The whole number of steps the frame at time `now` (ms, monotonic) runs while playing. Call it
   * once a frame; `pause()` when not playing, so the pause does not count as time owed.
   */
  take(now: number): number {
    if (this.#holdPending > 0) {
      this.#holdUntil = now + this.#holdPending;
      this.#holdPending = 0;
    }
    const last = this.#last;
    this.#last = now;
    if (now < this.#holdUntil || last === null) return 0;
    const elapsed = Math.min(Math.max(now - last, 0), MAX_CATCH_UP_MS);
    if (this.#stepsPerSecond === Number.POSITIVE_INFINITY) return this.#takeMax(elapsed);
    this.#owed = Math.min(this.#owed + (elapsed * this.#stepsPerSecond) / 1000, this.#frameCap());
    const steps = Math.floor(this.#owed);
    this.#owed -= steps;
    return steps;
  }

  /** Not playing: the next frame after this starts counting afresh. */
  pause(): void {
    this.#last = null;
  }

  /** The most one frame may owe: what the longest catch-up earns, within the frame limit. */
  #frameCap(): number {
    return Math.min(MAX_STEPS_PER_FRAME, Math.max(1, (MAX_CATCH_UP_MS * this.#stepsPerSecond) / 1000));
  }

  /**
   * `max`: as many steps as keep frames smooth. Quick frames earn more steps a frame, slow ones
   * halve them; the frame time measured includes drawing, so a slow renderer slows it too.
   */
  #takeMax(elapsed: number): number {
    if (elapsed <= MAX_TARGET_FRAME_MS)
      this.#maxSteps = Math.min(MAX_STEPS_PER_FRAME, this.#maxSteps * MAX_GROWTH);
    else if (elapsed >= MAX_SLOW_FRAME_MS) this.#maxSteps = Math.max(1, this.#maxSteps / 2);
    return Math.max(1, Math.floor(this.#maxSteps));
  }
}
