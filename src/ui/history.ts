/**
 * Per-group statistics over the steps of a run, recorded from the worker's reports (about four a
 * second) for the charts and the statistics CSV. DOM-free, so it is tested in Node.
 *
 * Memory stays bounded however long a run goes: past MAX_HISTORY_POINTS recorded steps, every
 * other point is dropped and from then on only every second report is kept (then every fourth...),
 * so the history always spans the whole run at an even density. The newest report is always the
 * last point, so the charts' right edge stays live between kept points.
 */
import type { GroupStats } from '../core/stats.ts';

/**
 * Most points kept per series: several per pixel of a chart a few hundred pixels wide, and few
 * enough to redraw every series four times a second.
 */
export const MAX_HISTORY_POINTS = 2000;

/** One group's series; null where the value did not exist (every ball diverged). */
export interface GroupSeries {
  readonly mean: (number | null)[];
  readonly median: (number | null)[];
  readonly p10: (number | null)[];
  readonly p90: (number | null)[];
  /** Percentages, 0..100. */
  readonly converged: number[];
  readonly diverged: number[];
}

/** What a report brings to the history: its step and its groups' statistics. */
export interface HistorySample {
  readonly step: number;
  readonly groups: readonly GroupStats[];
}

/**
 * The run went back from step `from` to step `to` and carried on: it resumed from a snapshot on
 * the CPU after the GPU device was lost (the steps in between were run again).
 */
export interface Rewind {
  readonly from: number;
  readonly to: number;
}

export class StatsHistory {
  /** Step of each recorded point, increasing. */
  readonly steps: number[] = [];
  /** The rewinds of this run, in order (see Rewind). */
  readonly rewinds: Rewind[] = [];
  #groups: GroupSeries[] = [];
  /** Reports to skip between kept points; doubles each time the history is thinned. */
  #stride = 1;
  /** Reports seen since the last point that was kept for good. */
  #sinceKept = 0;
  /** Whether the last point is only the newest report, to be replaced by the next one. */
  #tailIsProvisional = false;

  /** One series set per group, in group order. */
  get groups(): readonly GroupSeries[] {
    return this.#groups;
  }

  get length(): number {
    return this.steps.length;
  }

  /**
   * Records a report. A step lower than the last one means the run was reset or replaced, and a
   * different number of groups means it was reconfigured: the history starts again from there.
   */
  add(sample: HistorySample): void {
    const last = this.steps.at(-1);
    if (
      (last !== undefined && sample.step < last) ||
      (this.length > 0 && sample.groups.length !== this.#groups.length)
    ) {
      this.clear();
    }
    if (this.#groups.length === 0) this.#groups = sample.groups.map(emptySeries);
    // Reports keep coming while paused: same step, nothing new to plot, but the numbers may
    // still be the first ones of a new run (a reset reports step 0 again).
    if (this.length > 0 && sample.step === this.steps.at(-1)) {
      this.#write(this.length - 1, sample);
      return;
    }
    const index = this.#tailIsProvisional ? this.length - 1 : this.length;
    this.#write(index, sample);
    this.#sinceKept++;
    this.#tailIsProvisional = this.#sinceKept < this.#stride;
    if (!this.#tailIsProvisional) this.#sinceKept = 0;
    if (this.length > MAX_HISTORY_POINTS) this.#thin();
  }

  /**
   * The same run goes on from an earlier step (it resumed from a snapshot): the points after it
   * are dropped, as the steps are run again, and the rewind is kept to be shown. The points up to
   * it stay.
   */
  rewind(step: number): void {
    const last = this.steps.at(-1);
    if (last === undefined || step >= last) return;
    this.rewinds.push({ from: last, to: step });
    const keep = this.steps.findIndex((value) => value > step);
    this.steps.length = keep;
    for (const series of this.#groups) {
      for (const values of Object.values(series) as unknown[][]) values.length = keep;
    }
    this.#sinceKept = 0;
    this.#tailIsProvisional = false;
  }

  /** Forgets everything: a new run starts. */
  clear(): void {
    this.rewinds.length = 0;
    this.steps.length = 0;
    this.#groups = [];
    this.#stride = 1;
    this.#sinceKept = 0;
    this.#tailIsProvisional = false;
  }

  #write(index: number, sample: HistorySample): void {
    this.steps[index] = sample.step;
    sample.groups.forEach((stats, g) => {
      const series = this.#groups[g]!;
      series.mean[index] = finiteOrNull(stats.meanLoss);
      series.median[index] = finiteOrNull(stats.medianLoss);
      // `?? null` keeps a report from an older worker (without percentiles) from writing undefined.
      series.p10[index] = finiteOrNull(stats.p10Loss ?? null);
      series.p90[index] = finiteOrNull(stats.p90Loss ?? null);
      series.converged[index] = finiteOrZero(stats.convergedPercent);
      series.diverged[index] = finiteOrZero(stats.divergedPercent);
    });
  }

  /** Keeps every other point (and always the newest), then keeps half as many reports from now on. */
  #thin(): void {
    const keep = (_: unknown, i: number, all: readonly unknown[]): boolean =>
      i % 2 === 0 || i === all.length - 1;
    const thin = <T>(values: T[]): T[] => values.filter(keep);
    const steps = thin(this.steps);
    this.steps.length = 0;
    this.steps.push(...steps);
    this.#groups = this.#groups.map((series) => ({
      mean: thin(series.mean),
      median: thin(series.median),
      p10: thin(series.p10),
      p90: thin(series.p90),
      converged: thin(series.converged),
      diverged: thin(series.diverged),
    }));
    this.#stride *= 2;
  }
}

function emptySeries(): GroupSeries {
  return { mean: [], median: [], p10: [], p90: [], converged: [], diverged: [] };
}

/** The history never holds NaN or an infinity: a value that is not a finite number is missing. */
function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
