/**
 * The legend over the view (`data-testid="legend"`): what every colour and mark in the picture
 * means. Each group's colour with its optimizer's full name and learning rate (a log-scale slider
 * beside it changes the rate while the run goes on), the minima pins, the coloured dots over the
 * statistics table's minima columns, the ring a diverged ball becomes (once a group has one), and
 * the colour bars: height, and the basin map or the steepness colours while they are on. A
 * `<details>`, so a person can fold it away.
 */
import type { Minimum } from '../core/landscape.ts';
import type { GroupConfig } from '../core/simulation.ts';
import type { InitResult } from '../engine/protocol.ts';
import { type StringKey, t } from '../i18n/index.ts';
import {
  BASIN_ACTIVE_COLOR,
  BASIN_DIVERGED_COLOR,
  BASIN_SETTLED_COLOR,
  basinColor,
  STEPS_RAMP,
} from '../render/basin-colors.ts';
import { GLOBAL_MINIMUM_COLOR, HEIGHT_RAMP, LOCAL_MINIMUM_COLOR } from '../render/palette.ts';
import { STEEPNESS_RAMP } from '../render/steepness.ts';
import type { ViewOptions } from '../render/view.ts';
import { ltrElement } from './bidi.ts';
import { groupExtras, groupsShape, optimizerFullName } from './group-model.ts';
import { rateToTick, SLIDER_TICKS, tickToRate } from './log-slider.ts';

export type HeightScale = InitResult['heightScale'];

/** What the legend shows about the landscape: its minima (named by a model's parameters). */
export interface LegendLandscape {
  readonly minima: readonly Minimum[];
  readonly dimensions?: 1 | 2;
  readonly variables?: readonly [string, string];
}

export interface LegendActions {
  /**
   * A group's slider moved: `final` is false while it is dragged (change the running rate only)
   * and true when it is let go (record the rate in the address).
   */
  rate(group: number, learningRate: number, final: boolean): void;
}

type LegendViewOptions = Pick<ViewOptions, 'showMinima' | 'basinMap' | 'ballColor'>;

/** One group's row: the parts a new rate changes. */
interface GroupRow {
  readonly rate: HTMLElement;
  readonly slider: HTMLInputElement;
}

export class Legend {
  readonly #groupList: HTMLUListElement;
  readonly #marks: HTMLUListElement;
  readonly #scales: HTMLElement;
  readonly #actions: LegendActions;
  #rows: GroupRow[] = [];
  #shape = '';
  #groups: readonly GroupConfig[] = [];
  #colors: readonly string[] = [];
  #landscape: LegendLandscape = { minima: [] };
  #view: LegendViewOptions;
  #heightScale: HeightScale = null;
  /** Which groups have diverged balls (their rings are explained once there are any). */
  #diverged: readonly boolean[] = [];

  /** `root` is the legend's `<aside>`; its contents are built here. */
  constructor(root: HTMLElement, view: LegendViewOptions, actions: LegendActions, open = true) {
    this.#actions = actions;
    this.#view = { showMinima: view.showMinima, basinMap: view.basinMap, ballColor: view.ballColor };
    root.dataset.testid = 'legend';
    root.classList.add('legend', 'overlay');
    root.setAttribute('aria-label', t('legend.label'));
    const details = document.createElement('details');
    details.open = open;
    const summary = document.createElement('summary');
    summary.textContent = t('legend.title');
    this.#groupList = list('legend-groups');
    this.#marks = list('legend-marks');
    this.#scales = document.createElement('div');
    this.#scales.className = 'legend-scales';
    details.append(summary, this.#groupList, this.#marks, this.#scales);
    root.replaceChildren(details);
  }

  /** The groups (their colours by index) and the landscape they run on. */
  setGroups(groups: readonly GroupConfig[], colors: readonly string[], landscape: LegendLandscape): void {
    this.#groups = groups;
    this.#colors = colors;
    this.#landscape = landscape;
    const shape = JSON.stringify([groupsShape(groups), colors.slice(0, groups.length)]);
    if (shape === this.#shape) {
      // Only rates changed: the rows stay, so a slider being dragged keeps its place and focus.
      for (const [index, group] of groups.entries()) this.#showRate(index, group.learningRate, true);
    } else {
      this.#shape = shape;
      this.#buildGroups();
    }
    this.#buildMarks();
    this.#buildScales();
  }

  /** The view's options that change what is drawn (pins, basin map, ball colours). */
  setViewOptions(options: Partial<ViewOptions>): void {
    const { showMinima, basinMap, ballColor } = { ...this.#view, ...options };
    this.#view = { showMinima, basinMap, ballColor };
    this.#buildMarks();
    this.#buildScales();
  }

  /** Which groups have diverged balls now (a report's `divergedPercent > 0` per group). */
  setDiverged(diverged: readonly boolean[]): void {
    if (diverged.length === this.#diverged.length && diverged.every((d, g) => d === this.#diverged[g]))
      return;
    this.#diverged = [...diverged];
    this.#buildMarks();
  }

  /** The height colour map's range, from the worker (null until it is known). */
  setHeightScale(scale: HeightScale): void {
    this.#heightScale = scale;
    this.#buildScales();
  }

  #buildGroups(): void {
    this.#rows = [];
    this.#groupList.replaceChildren(
      ...this.#groups.map((group, index) => {
        const item = document.createElement('li');
        const name = document.createElement('span');
        name.className = 'legend-name';
        name.append(swatch(this.#colors[index] ?? '#ffffff'), optimizerFullName(group.optimizer));
        const extras = groupExtras(group);
        if (extras.length > 0) {
          const extra = document.createElement('span');
          extra.className = 'legend-extra';
          extra.textContent = ` · ${extras.join(' · ')}`;
          name.append(extra);
        }
        const rateLabel = document.createElement('span');
        rateLabel.className = 'legend-rate';
        const rate = ltrElement(document.createElement('span'));
        rateLabel.append(`${t('legend.rate')} `, rate);
        const slider = document.createElement('input');
        slider.type = 'range';
        slider.min = '0';
        slider.max = String(SLIDER_TICKS);
        slider.step = '1';
        slider.className = 'legend-slider';
        // Low rates at the left in either language, as the charts' and the colour bar's axes run.
        slider.dir = 'ltr';
        slider.style.accentColor = this.#colors[index] ?? '';
        slider.dataset.testid = `legend-rate-${index}`;
        slider.setAttribute('aria-label', t('legend.rate-slider', { index }));
        slider.title = t('legend.rate-slider-title');
        const move = (final: boolean): void => {
          const learningRate = tickToRate(Number(slider.value));
          this.#showRate(index, learningRate, false);
          this.#actions.rate(index, learningRate, final);
        };
        slider.addEventListener('input', () => move(false));
        slider.addEventListener('change', () => move(true));
        this.#rows.push({ rate, slider });
        this.#showRate(index, group.learningRate, true);
        item.append(name, rateLabel, slider);
        return item;
      }),
    );
  }

  /** Writes a group's rate; `moveSlider` also puts its slider there (not while it is dragged). */
  #showRate(index: number, learningRate: number, moveSlider: boolean): void {
    const row = this.#rows[index];
    if (!row) return;
    row.rate.textContent = String(learningRate);
    row.slider.setAttribute('aria-valuetext', String(learningRate));
    if (moveSlider && row.slider !== document.activeElement)
      row.slider.value = String(rateToTick(learningRate));
  }

  /** The pins and the table's coloured dots, for the minima this landscape lists. */
  #buildMarks(): void {
    const { minima } = this.#landscape;
    const items: HTMLLIElement[] = [];
    if (this.#view.showMinima) {
      const best = minima.filter((minimum) => minimum.global);
      const { variables } = this.#landscape;
      if (best.length > 0 && variables) {
        // A model's best fit: the parameters where its loss is lowest, as (w, b) = (2.01, -1.01).
        const item = mark(icon('legend-pin', GLOBAL_MINIMUM_COLOR), 'legend.fit-pin');
        item.dataset.testid = 'legend-fit';
        item.append(' ', fitText(best, this.#landscape.dimensions === 1 ? 1 : 2, variables));
        items.push(item);
      } else if (best.length > 0)
        items.push(mark(icon('legend-pin', GLOBAL_MINIMUM_COLOR), 'legend.global-pin'));
      if (minima.some((minimum) => !minimum.global))
        items.push(mark(icon('legend-pin', LOCAL_MINIMUM_COLOR), 'legend.local-pin'));
    }
    if (minima.length > 0) {
      const dots = document.createElement('span');
      dots.className = 'legend-dots';
      dots.append(...minima.map((_, k) => swatch(basinColor(k))));
      items.push(mark(dots, 'legend.table-dots'));
    }
    // A ring in the colour of each group that has diverged balls: the view draws them so.
    const rings = this.#diverged.flatMap((diverged, g) =>
      diverged && g < this.#groups.length ? [icon('legend-ring', this.#colors[g] ?? '#ffffff')] : [],
    );
    if (rings.length > 0) {
      const icons = document.createElement('span');
      icons.className = 'legend-dots';
      icons.append(...rings);
      const item = mark(icons, 'legend.diverged');
      item.dataset.testid = 'legend-diverged';
      items.push(item);
    }
    this.#marks.replaceChildren(...items);
  }

  /** Colour bars: the height map, and the basin map or the steepness colours when they are on. */
  #buildScales(): void {
    const scales: HTMLElement[] = [];
    const height = this.#heightScale;
    // The curve's fill and the surface both take the height ramp.
    scales.push(
      bar(
        t('legend.height'),
        height?.colors ?? HEIGHT_RAMP,
        height ? formatValue(height.min) : '',
        height ? formatValue(height.max) : '',
      ),
    );
    if (this.#view.ballColor === 'steepness') {
      scales.push(bar(t('legend.steepness'), STEEPNESS_RAMP, t('legend.gentle'), t('legend.steep')));
    }
    if (this.#view.basinMap === 'steps') {
      scales.push(bar(t('legend.basin-steps'), STEPS_RAMP, t('legend.fast'), t('legend.slow')));
      scales.push(key([[[BASIN_DIVERGED_COLOR], 'legend.basin-diverged']]));
    } else if (this.#view.basinMap === 'minimum') {
      const title = document.createElement('div');
      title.className = 'legend-scale-title';
      title.textContent = t('legend.basin-minimum');
      scales.push(
        title,
        key([
          [this.#landscape.minima.map((_, k) => basinColor(k)), 'legend.basin-one'],
          [[BASIN_SETTLED_COLOR], 'legend.basin-elsewhere'],
          [[BASIN_ACTIVE_COLOR], 'legend.basin-active'],
          [[BASIN_DIVERGED_COLOR], 'legend.basin-diverged'],
        ]),
      );
    }
    this.#scales.replaceChildren(...scales);
  }
}

function list(className: string): HTMLUListElement {
  const element = document.createElement('ul');
  element.className = className;
  return element;
}

function swatch(color: string): HTMLElement {
  const element = document.createElement('span');
  element.className = 'swatch';
  element.style.background = color;
  return element;
}

/**
 * A mark as the view draws it, in `color` (currentColor in src/view-notes.css): `legend-ring`, a
 * diverged ball's ring; `legend-pin`, a minimum's pin (a stem with a round head).
 */
function icon(kind: 'legend-ring' | 'legend-pin', color: string): HTMLElement {
  const element = document.createElement('span');
  element.className = kind;
  element.style.color = color;
  element.setAttribute('aria-hidden', 'true');
  return element;
}

/** `(w, b) = (2.01, -1.01)`, left to right in either language; several minima one after the other. */
function fitText(
  minima: readonly Minimum[],
  dimensions: 1 | 2,
  variables: readonly [string, string],
): HTMLElement {
  const names = dimensions === 1 ? variables[0] : `(${variables.join(', ')})`;
  const values = minima.map((minimum) =>
    dimensions === 1
      ? formatCoordinate(minimum.x)
      : `(${formatCoordinate(minimum.x)}, ${formatCoordinate(minimum.y)})`,
  );
  const text = ltrElement(document.createElement('span'));
  text.textContent = `${names} = ${values.join(' / ')}`;
  return text;
}

/** A minimum's coordinate: 3 significant digits, no `-0`. */
function formatCoordinate(value: number): string {
  const rounded = Number(value.toPrecision(3));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

function mark(icon: HTMLElement, text: StringKey): HTMLLIElement {
  const item = document.createElement('li');
  item.append(icon, t(text));
  return item;
}

/** A colour bar from `colors` (bottom to top), its ends labelled. */
function bar(title: string, colors: readonly string[], low: string, high: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'legend-scale';
  const name = document.createElement('span');
  name.className = 'legend-scale-title';
  name.textContent = title;
  const lowLabel = document.createElement('span');
  lowLabel.className = 'legend-end';
  lowLabel.textContent = low;
  const ramp = document.createElement('span');
  ramp.className = 'legend-ramp';
  // The ramp runs low to high left to right in either language, as the numbers at its ends read.
  ramp.style.background = `linear-gradient(to right, ${colors.join(', ')})`;
  const highLabel = document.createElement('span');
  highLabel.className = 'legend-end';
  highLabel.textContent = high;
  const ends = document.createElement('span');
  ends.className = 'legend-bar';
  ends.dir = 'ltr';
  ends.append(lowLabel, ramp, highLabel);
  element.append(name, ends);
  return element;
}

/** Swatches with their meaning, in a row that wraps; several colours can share one meaning. */
function key(entries: readonly (readonly [readonly string[], StringKey])[]): HTMLElement {
  const element = document.createElement('ul');
  element.className = 'legend-key';
  for (const [colors, text] of entries.filter(([colors]) => colors.length > 0)) {
    const item = document.createElement('li');
    item.append(...colors.map(swatch), t(text));
    element.append(item);
  }
  return element;
}

/** A height for the colour bar's end: three significant digits, exponent form when far from 1. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-2)) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}
