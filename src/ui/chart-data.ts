/**
 * The history turned into uPlot's column data. Pure, so the log-scale rules are tested in Node.
 *
 * The loss chart is on a log scale, which cannot show 0, a negative value or NaN. It plots the
 * loss above the landscape's lowest known minimum (0 for most presets; the curve's minimum is 2,
 * Styblinski–Tang's about −78), so a run converging to the global minimum heads down the chart
 * instead of flattening at f*. What is still not above LOG_FLOOR (float rounding at a minimum, a
 * landscape with no minimum, such as the saddle) is drawn at the floor; a missing value (every
 * ball diverged) is a gap.
 */
import type uPlot from 'uplot';
import type { GroupSeries, StatsHistory } from './history.ts';

/** Lowest value the log-scale loss chart shows: far below any converged ball's loss (~1e-7). */
export const LOG_FLOOR = 1e-12;

/** The value to subtract from losses: the lowest known minimum, or 0 when none is known. */
export function lossOffset(minima: readonly { readonly value: number }[]): number {
  return minima.length > 0 ? Math.min(...minima.map((minimum) => minimum.value)) : 0;
}

/** One loss series made plottable on a log scale (see the module comment). */
export function logScaleSeries(values: readonly (number | null)[], offset: number): (number | null)[] {
  return values.map((value) => {
    if (value === null || !Number.isFinite(value)) return null;
    const above = value - offset;
    return Math.max(above, LOG_FLOOR);
  });
}

/**
 * Loss chart columns: step, then the 90th and 10th percentile of every group (the bands, drawn
 * first so that no band covers another group's line), then every group's median.
 * `groupCount` is the chart's; a history with other groups (a report from before a
 * reconfiguration) gives gaps rather than lines in the wrong colours.
 */
export function lossChartData(history: StatsHistory, groupCount: number, offset: number): uPlot.AlignedData {
  const steps = history.steps;
  const series = seriesFor(history, groupCount);
  const bands = series.flatMap((group) => [
    logScaleSeries(group?.p90 ?? [], offset),
    logScaleSeries(group?.p10 ?? [], offset),
  ]);
  const medians = series.map((group) => logScaleSeries(group?.median ?? [], offset));
  return [steps, ...padAll([...bands, ...medians], steps.length)];
}

/** % converged chart columns: step, then one column per group. */
export function convergedChartData(history: StatsHistory, groupCount: number): uPlot.AlignedData {
  const steps = history.steps;
  const series = seriesFor(history, groupCount).map((group) => group?.converged ?? []);
  return [steps, ...padAll(series, steps.length)];
}

function seriesFor(history: StatsHistory, groupCount: number): (GroupSeries | undefined)[] {
  const matches = history.groups.length === groupCount;
  return Array.from({ length: groupCount }, (_, g) => (matches ? history.groups[g] : undefined));
}

/** uPlot wants every column as long as the steps column; missing values are gaps. */
function padAll(columns: readonly (readonly (number | null)[])[], length: number): (number | null)[][] {
  return columns.map((column) =>
    column.length === length ? [...column] : Array.from({ length }, (_, i) => column[i] ?? null),
  );
}
