/**
 * The statistics tables, one row per group in each: the first names the group (colour, optimizer,
 * learning rate) with its mean and median loss, % converged, % diverged and median steps to
 * converge; the second, the share of its balls that ended in each known minimum of the landscape
 * (two narrow tables rather than one wide one, so the HUD's column leaves the view room). Cells
 * carry the `data-testid`s of PRODUCT.md:
 * `group-<i>-loss`, `group-<i>-median`, `group-<i>-converged`, `group-<i>-diverged`, plus
 * `group-<i>-median-steps`, `group-<i>-basin-<k>` and `group-<i>-basin-elsewhere` (converged, but at
 * no listed minimum). A value that does not exist shows `–`,
 * never NaN. Every number cell is `dir="ltr"` (a minus sign stays in front on a Hebrew page) and
 * holds just the number, which tests read back.
 */
import type { Landscape, Minimum } from '../core/landscape.ts';
import type { GroupConfig } from '../core/simulation.ts';
import type { GroupStats } from '../core/stats.ts';
import { t } from '../i18n/index.ts';
import { basinColor } from '../render/basin-colors.ts';
import { ltr, ltrElement } from './bidi.ts';
import { optimizerLabel } from './group-model.ts';

/** The cells one report fills in, per group. */
interface RowCells {
  readonly loss: HTMLElement;
  readonly median: HTMLElement;
  readonly converged: HTMLElement;
  readonly diverged: HTMLElement;
  readonly steps: HTMLElement;
  readonly basins: readonly HTMLElement[];
  /** Converged out of reach of every listed minimum; null when the landscape lists none. */
  readonly elsewhere: HTMLElement | null;
}

export class StatsTable {
  readonly #head: HTMLTableSectionElement;
  readonly #body: HTMLTableSectionElement;
  readonly #basins: HTMLTableElement;
  readonly #basinHead: HTMLTableSectionElement;
  readonly #basinBody: HTMLTableSectionElement;
  #rows: RowCells[] = [];
  #key = '';

  /**
   * `table` and `basins` are empty `<table>`s (the basins' one is hidden while the landscape lists
   * no minimum); their heads and bodies are built here.
   */
  constructor(table: HTMLTableElement, basins: HTMLTableElement) {
    this.#head = table.createTHead();
    this.#body = table.createTBody();
    this.#basins = basins;
    this.#basinHead = basins.createTHead();
    this.#basinBody = basins.createTBody();
  }

  /** Rebuilds the rows when the groups or the landscape change. */
  setGroups(
    colors: readonly string[],
    groups: readonly GroupConfig[],
    landscape: Pick<Landscape, 'minima' | 'dimensions' | 'variables'>,
  ): void {
    const { minima, dimensions, variables } = landscape;
    const key = JSON.stringify([colors, groups, minima, dimensions, variables]);
    if (key === this.#key) return;
    this.#key = key;
    this.#head.replaceChildren(...headRows());
    this.#basinHead.replaceChildren(...basinHeadRows(minima, dimensions, variables));
    this.#basins.hidden = minima.length === 0;
    this.#rows = [];
    const basinRows: HTMLTableRowElement[] = [];
    this.#body.replaceChildren(
      ...groups.map((group, index) => {
        const row = document.createElement('tr');
        const rate = ltrElement(document.createElement('td'));
        rate.textContent = String(group.learningRate);
        const name = groupName(colors[index], `${index} ${optimizerLabel(group.optimizer)}`);
        // A mini-batch group is told from the full-batch one beside it at the same rate, on a
        // line of its own so the table stays narrow.
        if (group.batch) {
          const batch = document.createElement('span');
          batch.className = 'group-extra';
          batch.textContent = t('group.batch', { batch: group.batch });
          name.append(batch);
        }
        row.append(name, rate);
        // The basins' row names its group by colour and number, its optimizer being a row above.
        const basinRow = document.createElement('tr');
        basinRow.append(groupName(colors[index], String(index)));
        basinRows.push(basinRow);
        const cell = (testId: string, into = row): HTMLElement => {
          const td = ltrElement(document.createElement('td'));
          td.dataset.testid = `group-${index}-${testId}`;
          td.textContent = '–';
          into.append(td);
          return td;
        };
        this.#rows.push({
          loss: cell('loss'),
          median: cell('median'),
          converged: cell('converged'),
          diverged: cell('diverged'),
          steps: cell('median-steps'),
          basins: minima.map((_, k) => cell(`basin-${k}`, basinRow)),
          elsewhere: minima.length > 0 ? cell('basin-elsewhere', basinRow) : null,
        });
        return row;
      }),
    );
    this.#basinBody.replaceChildren(...basinRows);
  }

  /** Fills in a report's numbers (rows the report has no group for keep their `–`). */
  update(groups: readonly GroupStats[]): void {
    groups.forEach((stats, index) => {
      const cells = this.#rows[index];
      if (!cells) return;
      cells.loss.textContent = formatLoss(stats.meanLoss);
      cells.median.textContent = formatLoss(stats.medianLoss);
      cells.converged.textContent = formatPercent(stats.convergedPercent);
      cells.diverged.textContent = formatPercent(stats.divergedPercent);
      cells.steps.textContent = formatSteps(stats.medianStepsToConverge);
      cells.basins.forEach((cell, k) => {
        cell.textContent = formatPercent(stats.basinPercents?.[k] ?? null);
      });
      if (cells.elsewhere) {
        const inBasins = (stats.basinPercents ?? []).reduce((sum, share) => sum + share, 0);
        // The remainder of two sums of the same counts: clamp the rounding dust of a float sum.
        cells.elsewhere.textContent = formatPercent(Math.max(0, stats.convergedPercent - inBasins));
      }
    });
  }
}

/** A row's heading: the group's colour and name. */
function groupName(color: string | undefined, text: string): HTMLTableCellElement {
  const name = document.createElement('th');
  name.scope = 'row';
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = color ?? '#fff';
  name.append(swatch, text);
  return name;
}

/** A column heading in `row`, spanning `span`'s columns or rows, with an explanation on hover. */
function th(
  row: HTMLTableRowElement,
  text: string,
  span: { cols?: number; rows?: number; title?: string } = {},
): HTMLTableCellElement {
  const cell = document.createElement('th');
  cell.scope = 'col';
  cell.textContent = text;
  if (span.cols) cell.colSpan = span.cols;
  if (span.rows) cell.rowSpan = span.rows;
  if (span.title) cell.title = span.title;
  row.append(cell);
  return cell;
}

/** The first table's two header rows: groups of columns, then each column. */
function headRows(): HTMLTableRowElement[] {
  const top = document.createElement('tr');
  const bottom = document.createElement('tr');
  th(top, t('stats.group'), { rows: 2 });
  th(top, t('stats.lr'), { rows: 2, title: t('stats.lr-title') });
  th(top, t('stats.loss'), { cols: 2, title: t('stats.loss-title') });
  th(top, t('stats.balls'), { cols: 2 });
  th(top, t('stats.steps'), { rows: 2, title: t('stats.steps-title') });
  th(bottom, t('stats.mean'));
  th(bottom, t('stats.median'));
  th(bottom, t('stats.converged'), { title: t('stats.converged-title') });
  th(bottom, t('stats.diverged'), { title: t('stats.diverged-title') });
  return [top, bottom];
}

/** The basins' table's header rows: its title, then each minimum, named by where it is. */
function basinHeadRows(
  minima: readonly Minimum[],
  dimensions: 1 | 2,
  variables: readonly [string, string] | undefined,
): HTMLTableRowElement[] {
  if (minima.length === 0) return [];
  const top = document.createElement('tr');
  const bottom = document.createElement('tr');
  th(top, t('stats.group'), { rows: 2 });
  const title = th(top, t('stats.basins'), { cols: minima.length + 1 });
  title.className = 'basin-head';
  // A model's minima are values of its parameters: say which, e.g. (w, b).
  if (variables) {
    const names = ltrElement(document.createElement('span'));
    names.textContent = dimensions === 1 ? variables[0] : `(${variables.join(', ')})`;
    title.append(' ', names);
  }
  minima.forEach((minimum, k) => {
    const where = dimensions === 1 ? [minimum.x] : [minimum.x, minimum.y];
    const f = ltr(`f = ${minimum.value}`);
    const head = th(bottom, '', {
      title: t(minimum.global ? 'stats.minimum-global-title' : 'stats.minimum-title', { f }),
    });
    // A coordinate reads left to right in either language.
    const coordinates = ltrElement(document.createElement('span'));
    coordinates.textContent = `(${where.map((v) => v.toFixed(2)).join(', ')})`;
    head.append(coordinates);
    head.className = 'basin-head';
    // The basin map's colour for this minimum: the table doubles as the map's legend.
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = basinColor(k);
    head.prepend(swatch);
  });
  th(bottom, t('stats.elsewhere'), { title: t('stats.elsewhere-title') }).className = 'basin-head';
  return [top, bottom];
}

/** A loss: 4 significant digits, `–` when no ball is left to average. */
export function formatLoss(loss: number | null): string {
  if (loss === null || !Number.isFinite(loss)) return '–';
  return Math.abs(loss) >= 1e5 || (loss !== 0 && Math.abs(loss) < 1e-3)
    ? loss.toExponential(2)
    : loss.toPrecision(4);
}

/** A percentage as a plain number with one decimal (tests read it back as a number). */
export function formatPercent(percent: number | null): string {
  return percent === null || !Number.isFinite(percent) ? '–' : percent.toFixed(1);
}

function formatSteps(steps: number | null): string {
  return steps === null || !Number.isFinite(steps) ? '–' : String(Math.round(steps));
}
