import { describe, expect, it } from 'vitest';
import type { GroupStats } from '../../src/core/stats.ts';
import { decadeSplits, formatLogTick } from '../../src/ui/chart-axes.ts';
import {
  convergedChartData,
  LOG_FLOOR,
  logScaleSeries,
  lossChartData,
  lossOffset,
} from '../../src/ui/chart-data.ts';
import { formatCell, statsCsv, trajectoriesCsv } from '../../src/ui/csv.ts';
import { MAX_HISTORY_POINTS, StatsHistory } from '../../src/ui/history.ts';

/** Statistics of one group, with the fields a test cares about. */
function stats(partial: Partial<GroupStats> = {}): GroupStats {
  return {
    count: 100,
    meanLoss: 1,
    medianLoss: 0.5,
    p10Loss: 0.1,
    p90Loss: 2,
    convergedPercent: 10,
    divergedPercent: 0,
    activePercent: 90,
    medianStepsToConverge: null,
    basinPercents: [],
    ...partial,
  };
}

/** Splits CSV text into its header and rows of cells; a strict reader (every row as wide as the header). */
function parse(text: string): { header: string[]; rows: string[][] } {
  expect(text.endsWith('\n')).toBe(true);
  const [header = '', ...lines] = text.trimEnd().split('\n');
  const columns = header.split(',');
  const rows = lines.map((line) => line.split(','));
  for (const row of rows) expect(row).toHaveLength(columns.length);
  return { header: columns, rows };
}

describe('statistics history', () => {
  it('records a point per new step and replaces the last one while the step stays', () => {
    const history = new StatsHistory();
    history.add({ step: 0, groups: [stats(), stats()] });
    history.add({ step: 5, groups: [stats({ meanLoss: 0.9 }), stats()] });
    history.add({ step: 5, groups: [stats({ meanLoss: 0.8 }), stats()] });
    expect(history.steps).toEqual([0, 5]);
    expect(history.groups).toHaveLength(2);
    expect(history.groups[0]!.mean).toEqual([1, 0.8]);
  });

  it('starts again when the step goes back (reset) or the number of groups changes', () => {
    const history = new StatsHistory();
    history.add({ step: 10, groups: [stats()] });
    history.add({ step: 20, groups: [stats()] });
    history.add({ step: 0, groups: [stats()] });
    expect(history.steps).toEqual([0]);
    history.add({ step: 4, groups: [stats(), stats(), stats()] });
    expect(history.steps).toEqual([4]);
    expect(history.groups).toHaveLength(3);
  });

  it('keeps at most MAX_HISTORY_POINTS points over a long run, spread over all of it, newest last', () => {
    const history = new StatsHistory();
    const reports = 20_000;
    for (let step = 1; step <= reports; step++) history.add({ step, groups: [stats({ meanLoss: step })] });
    expect(history.length).toBeLessThanOrEqual(MAX_HISTORY_POINTS + 1);
    expect(history.length).toBeGreaterThan(MAX_HISTORY_POINTS / 2);
    expect(history.steps[0]).toBe(1);
    expect(history.steps.at(-1)).toBe(reports);
    expect(history.groups[0]!.mean.at(-1)).toBe(reports);
    // Even density: no gap between kept points is more than twice another.
    const gaps = history.steps.slice(1, -1).map((step, i) => step - history.steps[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.min(...gaps));
    for (const series of history.groups) expect(series.mean).toHaveLength(history.length);
  });

  it('stores a missing or non-finite value as null, never NaN', () => {
    const history = new StatsHistory();
    history.add({
      step: 1,
      groups: [
        stats({ meanLoss: null, medianLoss: Number.NaN, p10Loss: Number.POSITIVE_INFINITY, p90Loss: null }),
      ],
    });
    const series = history.groups[0]!;
    expect([series.mean[0], series.median[0], series.p10[0], series.p90[0]]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('statistics CSV', () => {
  it('has a step column and one column set per group, one row per recorded step', () => {
    const history = new StatsHistory();
    history.add({
      step: 0,
      groups: [stats(), stats({ meanLoss: null, medianLoss: null, divergedPercent: 100 })],
    });
    history.add({
      step: 7,
      groups: [stats({ meanLoss: 0.25 }), stats({ meanLoss: null, medianLoss: null })],
    });
    const { header, rows } = parse(statsCsv(history));
    expect(header).toEqual([
      'step',
      ...['g0', 'g1'].flatMap((g) =>
        ['mean', 'median', 'p10', 'p90', 'converged', 'diverged'].map((name) => `${g}_${name}`),
      ),
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 7)).toEqual(['7', '0.25', '0.5', '0.1', '2', '10', '0']);
    // Every ball of group 1 diverged: no mean, no median, empty cells.
    expect(rows[0]![header.indexOf('g1_mean')]).toBe('');
    expect(rows[0]![header.indexOf('g1_diverged')]).toBe('100');
    expect(statsCsv(history)).not.toMatch(/NaN|Infinity|undefined|null/);
  });

  it('is just the header before the first report', () => {
    expect(statsCsv(new StatsHistory())).toBe('step\n');
  });
});

describe('trajectories CSV', () => {
  it('is long format, one row per ball per sampled step', () => {
    const text = trajectoriesCsv([
      { group: 0, ball: 3, steps: [0, 10], x: [1, 0.5], y: [2, 1], loss: [5, 1.25] },
      {
        group: 1,
        ball: 3,
        steps: [0, 10],
        x: [1, Number.NaN],
        y: [2, 1e30],
        loss: [5, Number.POSITIVE_INFINITY],
      },
    ]);
    const { header, rows } = parse(text);
    expect(header).toEqual(['group', 'ball', 'step', 'x', 'y', 'loss']);
    expect(rows).toEqual([
      ['0', '3', '0', '1', '2', '5'],
      ['0', '3', '10', '0.5', '1', '1.25'],
      ['1', '3', '0', '1', '2', '5'],
      ['1', '3', '10', '', '1e+30', ''],
    ]);
  });

  it('formats a cell as the shortest exact number, empty for null, NaN and infinities', () => {
    expect(formatCell(0.1)).toBe('0.1');
    expect(formatCell(1e-8)).toBe('1e-8');
    expect(formatCell(null)).toBe('');
    expect(formatCell(Number.NaN)).toBe('');
    expect(formatCell(Number.NEGATIVE_INFINITY)).toBe('');
  });
});

describe('chart data', () => {
  it('puts losses on a log scale: above the lowest minimum, never below the floor, gaps for missing', () => {
    expect(logScaleSeries([3, 2, 1.5, null, Number.NaN, 2 + 1e-3], 2)).toEqual([
      1,
      LOG_FLOOR,
      LOG_FLOOR,
      null,
      null,
      expect.closeTo(1e-3, 12),
    ]);
    expect(lossOffset([{ value: 0 }, { value: -78.3 }])).toBe(-78.3);
    expect(lossOffset([])).toBe(0);
  });

  it('orders the loss columns as step, (p90, p10) per group, then the medians', () => {
    const history = new StatsHistory();
    history.add({ step: 1, groups: [stats({ p90Loss: 9, p10Loss: 1, medianLoss: 3 }), stats()] });
    const data = lossChartData(history, 2, 0);
    expect(data).toHaveLength(1 + 2 * 2 + 2);
    expect(data.map((column) => column[0])).toEqual([1, 9, 1, 2, 0.1, 3, 0.5]);
  });

  it('gives gaps, not another run’s lines, when the history has other groups than the chart', () => {
    const history = new StatsHistory();
    history.add({ step: 1, groups: [stats()] });
    const data = convergedChartData(history, 3);
    expect(data).toHaveLength(4);
    expect(data.slice(1).map((column) => [...column])).toEqual([[null], [null], [null]]);
  });

  it('labels the log axis by decades', () => {
    expect(decadeSplits(1e-8, 1e3)).toEqual([1e-6, 1e-3, 1, 1e3]);
    expect(decadeSplits(0.01, 10)).toEqual([0.01, 0.1, 1, 10]);
    expect(decadeSplits(0, 10)).toEqual([]);
    expect([1e-6, 0.01, 1, 1000, 1e5, null].map(formatLogTick)).toEqual([
      '1e-6',
      '0.01',
      '1',
      '1000',
      '1e5',
      '',
    ]);
  });
});
