/**
 * The progress of a build for the page's progress bar (Report.starting): which phase it is in and
 * how much of the whole start is done. Placing a million balls takes a few dozen milliseconds;
 * what takes seconds is compiling the GPU pipelines and drawing the first frame of a million
 * balls, and neither says how far along it is. So each phase has its share of the bar, and within
 * a phase whose work cannot be counted the bar creeps towards the phase's end (never reaching
 * it): a sign of life, and it never goes back.
 */
import type { Report, StartPhase } from '../engine/protocol.ts';

/** Each phase's part of the bar, from..to (0..1), in the order a build goes through them. */
export const PHASE_SPAN: Readonly<Record<StartPhase, readonly [number, number]>> = {
  layout: [0, 0.15],
  compile: [0.15, 0.7],
  upload: [0.7, 1],
};
/** How often the bar creeps within a phase (ms): often enough to look alive. */
export const CREEP_INTERVAL_MS = 200;
/** Share of what is left of the phase that each creep covers. */
const CREEP_SHARE = 0.08;

export class StartProgress {
  #current: Report['starting'] = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #onChange: () => void;

  /** `onChange` hears every change (a phase entered, a creep, the end). */
  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  /** The phase and progress now, or null when no build is under way. */
  get current(): Report['starting'] {
    return this.#current;
  }

  /** Enters `phase`, `share` (0..1) of the way through it; the bar never goes back. */
  enter(phase: StartPhase, share = 0): void {
    const [from, to] = PHASE_SPAN[phase];
    const progress = Math.max(
      this.#current?.progress ?? 0,
      from + (to - from) * Math.min(Math.max(share, 0), 1),
    );
    this.#current = { phase, progress };
    this.#timer ??= setInterval(() => this.#creep(), CREEP_INTERVAL_MS);
    this.#onChange();
  }

  /** The first frame is on screen: the bar goes away. */
  finish(): void {
    this.#stop();
    if (this.#current === null) return;
    this.#current = null;
    this.#onChange();
  }

  dispose(): void {
    this.#stop();
    this.#current = null;
  }

  #creep(): void {
    const current = this.#current;
    if (!current) return;
    const to = PHASE_SPAN[current.phase][1];
    this.#current = {
      phase: current.phase,
      progress: current.progress + (to - current.progress) * CREEP_SHARE,
    };
    this.#onChange();
  }

  #stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
