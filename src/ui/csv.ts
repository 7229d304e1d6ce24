/**
 * The CSV exports (README: "Export"). Pure functions, so they are tested in Node and the page
 * only adds the download.
 */
import type { TrajectorySample } from '../engine/protocol.ts';
import type { StatsHistory } from './history.ts';

/** The per-group columns of the statistics CSV, after `step`, as `g<i>_<name>`. */
export const STATS_COLUMNS = ['mean', 'median', 'p10', 'p90', 'converged', 'diverged'] as const;

/**
 * One row per recorded step: `step`, then for each group i `g<i>_mean, g<i>_median, g<i>_p10,
 * g<i>_p90, g<i>_converged, g<i>_diverged` (losses over the balls that have not diverged;
 * percentages 0..100). An empty cell where a value does not exist (every ball diverged).
 */
export function statsCsv(history: Pick<StatsHistory, 'steps' | 'groups'>): string {
  const header = ['step'];
  history.groups.forEach((_, g) => {
    for (const name of STATS_COLUMNS) header.push(`g${g}_${name}`);
  });
  const lines = [header.join(',')];
  history.steps.forEach((step, row) => {
    const cells = [formatCell(step)];
    for (const series of history.groups) {
      for (const name of STATS_COLUMNS) cells.push(formatCell(series[name][row] ?? null));
    }
    lines.push(cells.join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** Long format, one row per ball per sampled step: `group,ball,step,x,y,loss`. */
export function trajectoriesCsv(samples: readonly TrajectorySample[]): string {
  const lines = ['group,ball,step,x,y,loss'];
  for (const sample of samples) {
    const rows = Math.min(sample.steps.length, sample.x.length, sample.y.length, sample.loss.length);
    for (let i = 0; i < rows; i++) {
      lines.push(
        [sample.group, sample.ball, sample.steps[i]!, sample.x[i]!, sample.y[i]!, sample.loss[i]!]
          .map(formatCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A number as a CSV cell: shortest round-trip text, so nothing is lost; empty for a missing
 * value and for NaN or an infinity, which spreadsheets and CSV readers do not agree on.
 */
export function formatCell(value: number | null): string {
  return value !== null && Number.isFinite(value) ? String(value) : '';
}
