/**
 * Where the worker's reports go before the HUD: the start's progress bar, and the statistics
 * history of one run. Every report names its run (Report.run); a report of a new run starts the
 * history (and so the charts and the statistics CSV) afresh at that run's step 0, so the old
 * run's last numbers never appear as the new run's first. The same run at an earlier step (it
 * resumed from a snapshot after the GPU device was lost) keeps its history up to there.
 */
import type { Report } from '../engine/protocol.ts';
import type { StatsHistory } from './history.ts';

/** What the feed needs of the progress bar (src/ui/progress.ts). */
export interface StartIndicator {
  show(starting: Report['starting'], count: number): void;
  hide(): void;
}

export class ReportFeed {
  readonly #history: StatsHistory;
  readonly #indicator: StartIndicator;
  readonly #ballCount: () => number;
  #run: number | null = null;
  #failed = false;
  /** Whether a run with balls has been shown (after which a rebuild's empty reports are interim). */
  #shown = false;

  /** `ballCount`: the balls being laid out, for the bar's words (the page's `n`). */
  constructor(history: StatsHistory, indicator: StartIndicator, ballCount: () => number) {
    this.#history = history;
    this.#indicator = indicator;
    this.#ballCount = ballCount;
  }

  /** The page has started and heard nothing yet: the bar waits with it. */
  booting(): void {
    this.#indicator.show(null, this.#ballCount());
  }

  /**
   * A report from the worker: progress, and the history of its run. False for a report to show
   * nothing of: one sent while a rebuild has no backend yet (no balls, step 0) once a run has been
   * shown, so the status box and the charts keep the run on screen until the next is ready
   * rather than flash "step 0, balls 0" (and the history does not take it for a rewind).
   */
  take(report: Report): boolean {
    // Before the first build has a backend there is no run to show yet, whatever it says (unless
    // the start failed: its message is on screen instead).
    const starting = report.starting !== null || (report.particleCount === 0 && !this.#failed);
    if (starting) this.#indicator.show(report.starting, this.#ballCount());
    else this.#indicator.hide();
    if (report.particleCount === 0 && this.#shown) return false;
    if (report.particleCount > 0) this.#shown = true;
    if (report.run !== this.#run) {
      this.#run = report.run;
      this.#history.clear();
    } else if (report.groups.length > 0) {
      // The same run at an earlier step: it resumed from a snapshot (the GPU device was lost).
      // Its history so far stays; the steps being run again are dropped and the rewind marked.
      this.#history.rewind(report.step);
    }
    // A new run reports no numbers until its first readback: nothing to draw yet.
    if (report.groups.length > 0) this.#history.add(report);
    return true;
  }

  /** The start failed: its error message says why; the bar goes. */
  failed(): void {
    this.#failed = true;
    this.#indicator.hide();
  }
}
