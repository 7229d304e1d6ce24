/**
 * The data pane's arithmetic, apart from the DOM: where the plot's axes go, how a point the person
 * placed is written back into the address (`data=x,y;x,y`), and which point a pointer is on.
 */
import type { DataSet } from '../core/data/data-set.ts';

export interface PlotBounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** Share of the data's extent left free around it. */
const MARGIN = 0.12;

/**
 * What the plot shows: the data with a margin, at least a span of 1 each way (a single point, or
 * points on one line); labels always 0 to 1 with room around.
 */
export function plotBounds(data: DataSet, labelled: boolean): PlotBounds {
  const [xMin, xMax] = padded(extent(data.x));
  const [yMin, yMax] = labelled ? [-0.15, 1.15] : padded(extent(data.y));
  return { xMin, xMax, yMin, yMax };
}

function extent(values: Float64Array): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return Number.isFinite(low) ? [low, high] : [-1, 1];
}

function padded([low, high]: [number, number]): [number, number] {
  const span = Math.max(high - low, 1);
  const middle = (low + high) / 2;
  return [middle - span * (0.5 + MARGIN), middle + span * (0.5 + MARGIN)];
}

/**
 * A coordinate as the address writes it: 4 significant digits (a click is not more precise than
 * that), no exponent for ordinary numbers, no `-0`.
 */
export function formatDataNumber(value: number): string {
  const rounded = Number(value.toPrecision(4));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Points written out for `data=`: `x1,y1;x2,y2`, which src/core/data/resolve.ts reads back. */
export function formatInlineData(x: ArrayLike<number>, y: ArrayLike<number>): string {
  const pairs: string[] = [];
  for (let i = 0; i < x.length; i++) pairs.push(`${formatDataNumber(x[i]!)},${formatDataNumber(y[i]!)}`);
  return pairs.join(';');
}

/** The data with point `index` moved to (x, y), or removed (null), or a point added (index -1). */
export function editData(data: DataSet, index: number, to: readonly [number, number] | null): DataSet {
  const x = Array.from(data.x);
  const y = Array.from(data.y);
  if (index < 0) {
    if (to) {
      x.push(to[0]);
      y.push(to[1]);
    }
  } else if (to) {
    x[index] = to[0];
    y[index] = to[1];
  } else {
    x.splice(index, 1);
    y.splice(index, 1);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

/**
 * The point nearest to pixel (px, py) within `reach` pixels, or -1; `toPixel` maps a data point to
 * the plot's pixels.
 */
export function pointNear(
  data: DataSet,
  px: number,
  py: number,
  reach: number,
  toPixel: (x: number, y: number) => readonly [number, number],
): number {
  let best = -1;
  let bestDistance = reach * reach;
  for (let i = 0; i < data.x.length; i++) {
    const [qx, qy] = toPixel(data.x[i]!, data.y[i]!);
    const distance = (qx - px) ** 2 + (qy - py) ** 2;
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Round numbers to mark on an axis from `min` to `max`: about `count` of them, a step of 1, 2 or 5
 * times a power of ten, each written as short as its step allows (`196`, `0.5`, `-2.5`).
 */
export function plotTicks(min: number, max: number, count = 4): { value: number; text: string }[] {
  const raw = (max - min) / (count + 1);
  if (!(raw > 0) || !Number.isFinite(raw)) return [];
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: { value: number; text: string }[] = [];
  for (let k = Math.ceil(min / step); k * step <= max; k++) {
    const value = k * step;
    const rounded = Number(value.toFixed(decimals));
    ticks.push({ value, text: String(Object.is(rounded, -0) ? 0 : rounded) });
  }
  return ticks;
}

/** Most points the pane lets a person edit by hand: beyond it the address would grow too long. */
export const MAX_EDITABLE_POINTS = 2_000;
