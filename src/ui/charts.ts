/**
 * The two live charts (uPlot): loss vs step on a log scale, one median line per group in its
 * colour over a translucent 10th–90th percentile band; and % converged vs step. A legend names
 * each group. They redraw at the report rate (about four times a second), and not at all while
 * their area is folded away. The plots stay left to right on a Hebrew page (the step grows to the
 * right); their titles and the legend are in the page's language.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../i18n/index.ts';
import { decadeSplits, formatLogTick, withAlpha } from './chart-axes.ts';
import { convergedChartData, lossChartData } from './chart-data.ts';
import type { StatsHistory } from './history.ts';

/** What the charts need to know about a group. */
export interface ChartGroup {
  readonly color: string;
  /** e.g. `Adam 0.05`. */
  readonly label: string;
}

const AXIS_TEXT = '#8b93a7';
const GRID = 'rgba(255, 255, 255, 0.07)';
const FONT = '11px system-ui, sans-serif';
/** Height of one chart's plot, in CSS pixels; enough for a log axis of several decades. */
const CHART_HEIGHT = 130;

export class Charts {
  readonly #root: HTMLDetailsElement;
  readonly #legend: HTMLElement;
  readonly #loss: LiveChart;
  readonly #converged: LiveChart;
  #groups: readonly ChartGroup[] = [];
  #offset = 0;
  #history: StatsHistory | null = null;
  readonly #rewindNote: HTMLElement;

  /** `root` holds `.chart-legend`, `.chart-loss`, `.chart-converged` and `.chart-loss-title`. */
  constructor(root: HTMLDetailsElement) {
    this.#root = root;
    this.#legend = root.querySelector<HTMLElement>('.chart-legend')!;
    this.#loss = new LiveChart(root.querySelector<HTMLElement>('.chart-loss')!);
    this.#converged = new LiveChart(root.querySelector<HTMLElement>('.chart-converged')!);
    this.#rewindNote = document.createElement('p');
    this.#rewindNote.className = 'chart-note';
    this.#rewindNote.dataset.testid = 'chart-rewind';
    this.#rewindNote.hidden = true;
    root.append(this.#rewindNote);
    // Folded away, the charts skip their redraws; opened again, they catch up at once.
    root.addEventListener('toggle', () => this.#draw());
  }

  /**
   * The groups and the loss offset (the lowest known minimum, subtracted so the log scale shows
   * how far above it the balls are). Rebuilds the charts only when their series change.
   */
  setGroups(groups: readonly ChartGroup[], offset: number): void {
    this.#legend.replaceChildren(
      ...groups.map((group, index) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = group.color;
        item.append(swatch, `${index} ${group.label}`);
        return item;
      }),
    );
    const colors = groups.map((group) => group.color).join();
    const rebuild = colors !== this.#groups.map((group) => group.color).join() || offset !== this.#offset;
    this.#groups = groups;
    this.#offset = offset;
    if (!rebuild) return;
    const title = this.#root.querySelector('.chart-loss-title');
    if (title) title.textContent = lossTitle(offset);
    this.#loss.configure(lossOptions(groups));
    this.#converged.configure(convergedOptions(groups));
    this.#draw();
  }

  /** Redraws from the history (call on every report). */
  update(history: StatsHistory): void {
    this.#history = history;
    this.#showRewinds(history);
    this.#draw();
  }

  /** A line under the charts for each time the run went back to a snapshot (History.rewinds). */
  #showRewinds(history: StatsHistory): void {
    const text = history.rewinds
      .map((rewind) => t('charts.rewind', { from: rewind.from, to: rewind.to }))
      .join(' ');
    if (this.#rewindNote.textContent !== text) this.#rewindNote.textContent = text;
    this.#rewindNote.hidden = text === '';
  }

  #draw(): void {
    const history = this.#history;
    if (!history || !this.#root.open || this.#groups.length === 0) return;
    this.#loss.draw(lossChartData(history, this.#groups.length, this.#offset));
    this.#converged.draw(convergedChartData(history, this.#groups.length));
  }
}

/** One uPlot chart that follows its container's width, created once it has a width to fill. */
class LiveChart {
  readonly #container: HTMLElement;
  #options: Omit<uPlot.Options, 'width' | 'height'> | null = null;
  #plot: uPlot | null = null;
  #data: uPlot.AlignedData | null = null;

  constructor(container: HTMLElement) {
    this.#container = container;
    // uPlot lays its axes out left to right; a right-to-left page must not mirror them.
    container.dir = 'ltr';
    new ResizeObserver(() => this.#fit()).observe(container);
  }

  configure(options: Omit<uPlot.Options, 'width' | 'height'>): void {
    this.#plot?.destroy();
    this.#plot = null;
    this.#options = options;
  }

  draw(data: uPlot.AlignedData): void {
    this.#data = data;
    if (this.#plot) this.#plot.setData(data);
    else this.#fit();
  }

  #fit(): void {
    const width = Math.floor(this.#container.clientWidth);
    if (width <= 0 || !this.#options || !this.#data) return;
    if (this.#plot) {
      if (this.#plot.width !== width) this.#plot.setSize({ width, height: CHART_HEIGHT });
      return;
    }
    this.#plot = new uPlot({ ...this.#options, width, height: CHART_HEIGHT }, this.#data, this.#container);
  }
}

function lossTitle(offset: number): string {
  // Rounded for the label only (Styblinski–Tang's minimum is -78.33198...).
  const shown = Number(Math.abs(offset).toPrecision(5));
  const loss =
    offset === 0
      ? t('chart.loss')
      : t(offset > 0 ? 'chart.loss-minus' : 'chart.loss-plus', { offset: shown });
  return t('chart.loss-vs-step', { loss });
}

function lossOptions(groups: readonly ChartGroup[]): Omit<uPlot.Options, 'width' | 'height'> {
  const edge = (group: ChartGroup): uPlot.Series => ({
    stroke: withAlpha(group.color, 0.3),
    width: 1,
    points: { show: false },
  });
  return {
    ...commonOptions(),
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [
      stepAxis(),
      {
        ...axis(),
        size: 50,
        splits: (_, __, min, max) => decadeSplits(min, max),
        // uPlot's own log-axis filter would drop most of these (it expects its 1..9 ticks per decade).
        filter: (_, splits) => splits,
        values: (_, splits) => splits.map(formatLogTick),
      },
    ],
    // Columns as in lossChartData: step, (p90, p10) per group, then the medians, which come
    // after every band so that each group's line is drawn over all the bands.
    series: [
      {},
      ...groups.flatMap((group) => [edge(group), edge(group)]),
      ...groups.map((group) => line(group)),
    ],
    bands: groups.map((group, g) => ({
      series: [1 + 2 * g, 2 + 2 * g] as [number, number],
      fill: withAlpha(group.color, 0.16),
    })),
  };
}

function convergedOptions(groups: readonly ChartGroup[]): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    ...commonOptions(),
    scales: { x: { time: false }, y: { range: [0, 100] } },
    axes: [stepAxis(), { ...axis(), size: 50, values: (_, splits) => splits.map((v) => `${v}%`) }],
    series: [{}, ...groups.map((group) => line(group))],
  };
}

function commonOptions(): Pick<uPlot.Options, 'legend' | 'cursor' | 'padding'> {
  return {
    // The page's own legend names the groups once for both charts.
    legend: { show: false },
    cursor: { show: false },
    padding: [8, 10, 0, 0],
  };
}

function line(group: ChartGroup): uPlot.Series {
  return { stroke: group.color, width: 2, points: { show: false } };
}

/** The x axis: one line of step numbers needs far less than uPlot's default 50 pixels. */
function stepAxis(): uPlot.Axis {
  return { ...axis(), size: 26 };
}

function axis(): uPlot.Axis {
  return {
    stroke: AXIS_TEXT,
    font: FONT,
    grid: { stroke: GRID, width: 1 },
    ticks: { stroke: GRID, width: 1, size: 4 },
  };
}
