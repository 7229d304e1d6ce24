/**
 * The data pane (README: "Learn from data"): beside the landscape of a model's loss, a 2D plot of
 * the data and, for the trail sample's balls, the model each ball is now — a fan of lines or
 * curves in the group colours that closes in as the balls converge; the inspected ball's model
 * bold. The points can be edited: click to add one, drag to move it, right-click or long-press to
 * remove it; each edit is a new run on the new data (from the same starts). Hidden for a
 * formula's landscape. The arithmetic is data-edit.ts.
 */
import type { DataSet } from '../core/data/data-set.ts';
import { isLabelled } from '../core/data/data-set.ts';
import { GENERATORS } from '../core/data/generators.ts';
import type { Landscape } from '../core/landscape.ts';
import type { Model } from '../core/models/define.ts';
import type { InspectedBall, SampledBall } from '../engine/protocol.ts';
import { isStringKey, t } from '../i18n/index.ts';
import { ltrElement } from './bidi.ts';
import {
  editData,
  formatInlineData,
  MAX_EDITABLE_POINTS,
  type PlotBounds,
  plotBounds,
  plotTicks,
  pointNear,
} from './data-edit.ts';

export interface DataPaneActions {
  /** The points were edited: the new data, written out for `data=`. */
  data(text: string): void;
  /** A named data set was picked from the list. */
  pick(id: string): void;
  /** The "normalise x" switch. */
  normalise(on: boolean): void;
}

/** Pixels from a point within which a pointer picks it up. */
const REACH = 12;
/** A press held this long without moving removes the point (touch screens' right-click). */
const LONG_PRESS_MS = 550;
/** Pixels a press may wander and still be a click. */
const CLICK_SLOP = 4;
/** Samples along x of each drawn model. */
const CURVE_SAMPLES = 64;
/** Most points drawn: larger data is drawn by a stride through it. */
const MAX_DRAWN_POINTS = 4_000;
/** The list's entry for points written out (after an edit, or given in the address). */
const OWN_POINTS = '';

const PLOT = { width: 300, height: 200, pad: { left: 34, right: 8, top: 8, bottom: 22 } };

interface Fit {
  readonly model: Model;
  readonly data: DataSet;
  readonly labelled: boolean;
  readonly bounds: PlotBounds;
}

interface Drag {
  /** The point held, or -1 for a press on empty ground (a click adds a point there). */
  readonly index: number;
  readonly pointer: number;
  readonly startX: number;
  readonly startY: number;
  moved: boolean;
  readonly timer: ReturnType<typeof setTimeout> | null;
  /** Where the held point is drawn while it is dragged. */
  at: [number, number] | null;
}

export class DataPane {
  readonly #root: HTMLDetailsElement;
  readonly #canvas: HTMLCanvasElement;
  readonly #formula: HTMLElement;
  readonly #note: HTMLElement;
  readonly #select: HTMLSelectElement;
  readonly #normalise: HTMLInputElement;
  readonly #actions: DataPaneActions;
  readonly #colors: readonly string[];
  #fit: Fit | null = null;
  #sample: readonly SampledBall[] = [];
  #inspected: InspectedBall | null = null;
  #drag: Drag | null = null;

  constructor(root: HTMLDetailsElement, colors: readonly string[], actions: DataPaneActions) {
    this.#root = root;
    this.#colors = colors;
    this.#actions = actions;
    root.dataset.testid = 'data-pane';
    root.classList.add('data-pane', 'overlay');
    root.hidden = true;
    const summary = document.createElement('summary');
    summary.textContent = t('datapane.title');
    this.#formula = ltrElement(document.createElement('p'));
    this.#formula.className = 'data-formula';
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'data-plot';
    this.#canvas.dataset.testid = 'data-plot';
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', t('datapane.plot-label'));
    this.#canvas.style.touchAction = 'none';
    // Numbers read left to right on a Hebrew page too (`-0.15`, not `0.15-`).
    this.#canvas.dir = 'ltr';
    const controls = document.createElement('div');
    controls.className = 'data-controls';
    const pick = document.createElement('label');
    pick.textContent = t('datapane.set');
    this.#select = document.createElement('select');
    this.#select.dataset.testid = 'data-set';
    pick.append(' ', this.#select);
    this.#select.addEventListener('change', () => {
      if (this.#select.value !== OWN_POINTS) actions.pick(this.#select.value);
    });
    const normalise = document.createElement('label');
    this.#normalise = document.createElement('input');
    this.#normalise.type = 'checkbox';
    this.#normalise.dataset.testid = 'data-normalise';
    normalise.append(this.#normalise, ' ', t('datapane.normalise'));
    normalise.title = t('datapane.normalise-title');
    this.#normalise.addEventListener('change', () => actions.normalise(this.#normalise.checked));
    controls.append(pick, normalise);
    this.#note = document.createElement('p');
    this.#note.className = 'data-note';
    root.append(summary, this.#formula, this.#canvas, controls, this.#note);
    this.#listen();
  }

  /** A new landscape: shown for a model's loss (with its data), hidden for a formula. */
  setLandscape(landscape: Landscape, choice?: { data: string; normalise: boolean }): void {
    const fit = landscape.fit;
    if (!fit) {
      this.#fit = null;
      this.#root.hidden = true;
      return;
    }
    const labelled = fit.model.loss === 'cross-entropy' && isLabelled(fit.data);
    this.#fit = { ...fit, labelled, bounds: plotBounds(fit.data, labelled) };
    this.#root.hidden = false;
    this.#sample = [];
    this.#formula.textContent = fit.model.formula;
    const data = choice?.data ?? OWN_POINTS;
    const named = GENERATORS.some((generator) => generator.id === data);
    this.#select.replaceChildren(
      ...GENERATORS.map((generator) => option(generator.id, dataSetName(generator.id))),
      ...(named ? [] : [option(OWN_POINTS, t('datapane.set-own', { count: fit.data.x.length }))]),
    );
    this.#select.value = named ? data : OWN_POINTS;
    this.#normalise.checked = choice?.normalise ?? false;
    const editable = fit.data.x.length <= MAX_EDITABLE_POINTS;
    this.#note.textContent = [
      t('datapane.fan'),
      editable
        ? t('datapane.edit')
        : t('datapane.too-many-to-edit', { count: fit.data.x.length, max: MAX_EDITABLE_POINTS }),
    ].join(' ');
    this.#draw();
  }

  /** The balls' models now, from a report. */
  update(sample: readonly SampledBall[], inspected: InspectedBall | null): void {
    if (!this.#fit) return;
    this.#sample = sample;
    this.#inspected = inspected && inspected.status !== 'diverged' ? inspected : null;
    this.#draw();
  }

  /** Plot pixel (CSS) of data point (x, y). */
  #toPixel = (x: number, y: number): [number, number] => {
    const { bounds } = this.#fit!;
    const { width, height, pad } = PLOT;
    const w = this.#canvas.clientWidth || width;
    const h = this.#canvas.clientHeight || height;
    return [
      pad.left + ((x - bounds.xMin) / (bounds.xMax - bounds.xMin)) * (w - pad.left - pad.right),
      pad.top + ((bounds.yMax - y) / (bounds.yMax - bounds.yMin)) * (h - pad.top - pad.bottom),
    ];
  };

  /** Data point under plot pixel (px, py); a label snaps to 0 or 1. */
  #toData(px: number, py: number): [number, number] {
    const { bounds, labelled } = this.#fit!;
    const { width, height, pad } = PLOT;
    const w = this.#canvas.clientWidth || width;
    const h = this.#canvas.clientHeight || height;
    const x = bounds.xMin + ((px - pad.left) / (w - pad.left - pad.right)) * (bounds.xMax - bounds.xMin);
    const y = bounds.yMax - ((py - pad.top) / (h - pad.top - pad.bottom)) * (bounds.yMax - bounds.yMin);
    return [x, labelled ? (y >= 0.5 ? 1 : 0) : y];
  }

  #listen(): void {
    const canvas = this.#canvas;
    const local = (event: PointerEvent | MouseEvent): [number, number] => {
      const rect = canvas.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    };
    canvas.addEventListener('pointerdown', (event) => {
      const fit = this.#fit;
      if (!fit || event.button !== 0 || fit.data.x.length > MAX_EDITABLE_POINTS) return;
      const [px, py] = local(event);
      const index = pointNear(fit.data, px, py, REACH, this.#toPixel);
      canvas.setPointerCapture(event.pointerId);
      const timer =
        index >= 0
          ? setTimeout(() => {
              // A long press on a point (a touch screen's right-click) removes it.
              if (this.#drag?.index === index && !this.#drag.moved) {
                this.#drag = null;
                this.#commit(editData(fit.data, index, null));
              }
            }, LONG_PRESS_MS)
          : null;
      this.#drag = { index, pointer: event.pointerId, startX: px, startY: py, moved: false, timer, at: null };
      event.preventDefault();
    });
    canvas.addEventListener('pointermove', (event) => {
      const drag = this.#drag;
      if (!drag || drag.pointer !== event.pointerId) {
        if (this.#fit) {
          const [px, py] = local(event);
          canvas.style.cursor =
            pointNear(this.#fit.data, px, py, REACH, this.#toPixel) >= 0 ? 'grab' : 'crosshair';
        }
        return;
      }
      const [px, py] = local(event);
      if (Math.hypot(px - drag.startX, py - drag.startY) > CLICK_SLOP) drag.moved = true;
      if (drag.moved && drag.index >= 0) {
        drag.at = this.#toData(px, py);
        this.#draw();
      }
    });
    const end = (event: PointerEvent, cancelled: boolean) => {
      const drag = this.#drag;
      const fit = this.#fit;
      if (!drag || drag.pointer !== event.pointerId || !fit) return;
      this.#drag = null;
      if (drag.timer !== null) clearTimeout(drag.timer);
      if (cancelled) {
        this.#draw();
        return;
      }
      const [px, py] = local(event);
      if (drag.index >= 0 && drag.moved) this.#commit(editData(fit.data, drag.index, this.#toData(px, py)));
      else if (drag.index < 0 && !drag.moved) this.#commit(editData(fit.data, -1, this.#toData(px, py)));
    };
    canvas.addEventListener('pointerup', (event) => end(event, false));
    canvas.addEventListener('pointercancel', (event) => end(event, true));
    canvas.addEventListener('contextmenu', (event) => {
      event.preventDefault();
      const fit = this.#fit;
      if (!fit || fit.data.x.length > MAX_EDITABLE_POINTS) return;
      const [px, py] = local(event);
      const index = pointNear(fit.data, px, py, REACH, this.#toPixel);
      if (index >= 0) this.#commit(editData(fit.data, index, null));
    });
  }

  #commit(data: DataSet): void {
    // The last point stays: a model needs data to learn from.
    if (data.x.length === 0) return;
    this.#actions.data(formatInlineData(data.x, data.y));
  }

  #draw(): void {
    const fit = this.#fit;
    if (!fit) return;
    const canvas = this.#canvas;
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const width = canvas.clientWidth || PLOT.width;
    const height = canvas.clientHeight || PLOT.height;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    this.#drawAxes(context, width, height);
    context.save();
    const { pad } = PLOT;
    context.beginPath();
    context.rect(pad.left, pad.top, width - pad.left - pad.right, height - pad.top - pad.bottom);
    context.clip();
    // The fan: thin, translucent, so that where many balls agree the line grows solid; a lone
    // ball's line (the lesson's) drawn plainly.
    const few = this.#sample.length <= 2;
    context.lineWidth = few ? 2.5 : 1.2;
    context.globalAlpha = few ? 1 : 0.55;
    for (const ball of this.#sample) {
      context.strokeStyle = this.#colors[ball.group] ?? '#ffffff';
      this.#curve(context, ball.x, ball.y);
    }
    context.globalAlpha = 1;
    const inspected = this.#inspected;
    if (inspected) {
      context.lineWidth = 5;
      context.strokeStyle = '#0b0f14';
      this.#curve(context, inspected.x, inspected.y);
      context.lineWidth = 3;
      context.strokeStyle = this.#colors[inspected.group] ?? '#ffffff';
      this.#curve(context, inspected.x, inspected.y);
    }
    this.#drawPoints(context);
    context.restore();
  }

  /** The model at parameters (p0, p1) across the plot. */
  #curve(context: CanvasRenderingContext2D, p0: number, p1: number): void {
    const { model, bounds } = this.#fit!;
    const squash = model.loss === 'cross-entropy';
    context.beginPath();
    for (let k = 0; k <= CURVE_SAMPLES; k++) {
      const x = bounds.xMin + ((bounds.xMax - bounds.xMin) * k) / CURVE_SAMPLES;
      const output = model.output(x, p0, model.parameters.length === 2 ? p1 : 0);
      const y = squash ? 1 / (1 + Math.exp(-output)) : output;
      // Far outside the plot the line is cut at its edge (the clip), not drawn to infinity.
      const [px, py] = this.#toPixel(x, Math.max(bounds.yMin - 1e3, Math.min(bounds.yMax + 1e3, y)));
      if (k === 0) context.moveTo(px, py);
      else context.lineTo(px, py);
    }
    context.stroke();
  }

  #drawPoints(context: CanvasRenderingContext2D): void {
    const { data } = this.#fit!;
    const n = data.x.length;
    const stride = Math.max(1, Math.ceil(n / MAX_DRAWN_POINTS));
    const radius = n > 500 ? 1.5 : 3.5;
    const drag = this.#drag;
    context.fillStyle = '#f4f1e8';
    context.strokeStyle = '#0b0f14';
    context.lineWidth = 1;
    for (let i = 0; i < n; i += stride) {
      const moved = drag && drag.index === i && drag.at;
      const [px, py] = moved
        ? this.#toPixel(drag.at![0], drag.at![1])
        : this.#toPixel(data.x[i]!, data.y[i]!);
      context.beginPath();
      context.arc(px, py, radius, 0, 2 * Math.PI);
      context.fill();
      if (radius > 2) context.stroke();
    }
  }

  #drawAxes(context: CanvasRenderingContext2D, width: number, height: number): void {
    const { bounds } = this.#fit!;
    const { pad } = PLOT;
    context.strokeStyle = 'rgba(255,255,255,0.25)';
    context.fillStyle = 'rgba(232,236,241,0.75)';
    context.lineWidth = 1;
    context.font = '10px system-ui, sans-serif';
    context.direction = 'ltr';
    context.strokeRect(pad.left, pad.top, width - pad.left - pad.right, height - pad.top - pad.bottom);
    // Round numbers along each axis, with faint lines across the plot to read the points by.
    const inside = (p: number, low: number, high: number) => p >= low - 0.5 && p <= high + 0.5;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const tick of plotTicks(bounds.xMin, bounds.xMax)) {
      const [px] = this.#toPixel(tick.value, 0);
      if (!inside(px, pad.left, width - pad.right)) continue;
      context.fillText(tick.text, px, height - pad.bottom + 4);
      context.beginPath();
      context.moveTo(px, pad.top);
      context.lineTo(px, height - pad.bottom);
      context.strokeStyle = 'rgba(255,255,255,0.07)';
      context.stroke();
    }
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of plotTicks(bounds.yMin, bounds.yMax, 3)) {
      const [, py] = this.#toPixel(0, tick.value);
      if (!inside(py, pad.top, height - pad.bottom)) continue;
      context.fillText(tick.text, pad.left - 4, py);
      context.beginPath();
      context.moveTo(pad.left, py);
      context.lineTo(width - pad.right, py);
      context.strokeStyle = 'rgba(255,255,255,0.07)';
      context.stroke();
    }
    context.textAlign = 'left';
    context.fillText('x', width - pad.right - 8, height - pad.bottom - 8);
    context.fillText('y', pad.left + 4, pad.top + 8);
  }
}

function option(value: string, text: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = text;
  return element;
}

/** A named data set's name in the page's language (its id if the tables lack it). */
function dataSetName(id: string): string {
  const key = `datapane.set-${id}`;
  return isStringKey(key) ? t(key) : id;
}
