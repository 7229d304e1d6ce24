/**
 * Axes with numbered ticks, so a point such as (3, 2) can be found in the picture: on a surface,
 * x along the domain's front edge (y = yMin) and y along its left edge (x = xMin), on the floor;
 * on a 1D curve, x under the curve and a few f(x) ticks at its left. Tick values are "nice"
 * (1, 2 or 5 x 10^k); the numbers are constant-size labels (labels.ts), the ticks thin lines.
 */

import { BufferAttribute, BufferGeometry, Group, LineBasicNodeMaterial, LineSegments } from 'three/webgpu';
import { LabelLayer, type LabelSpec } from './labels.ts';
import { AXIS_LABEL_COLOR, GRID_COLOR } from './palette.ts';

/** The 1, 2 or 5 x 10^k step that cuts `span` into about `parts` pieces. */
export function niceStep(span: number, parts: number): number {
  const raw = Math.abs(span) / parts || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
}

/** The multiples of `step` in [min, max] (a hair of tolerance at the ends). */
export function tickValues(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const values: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  for (let k = first; k <= last && values.length < 100; k++) values.push(k * step);
  return values;
}

/** A tick value with as many decimals as its step needs, a real minus sign, and no "-0". */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(8, -Math.floor(Math.log10(step) + 1e-9)));
  const text = value.toFixed(decimals);
  const zero = Number(text) === 0;
  return zero ? (0).toFixed(decimals) : text.replace('-', '\u2212');
}

/** How the view maps the domain to the world (see view.ts: x -> +X, y -> -Z, f -> +Y). */
export interface AxisMapping {
  readonly dimensions: 1 | 2;
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  /** World x of domain x, world z of domain y. */
  worldX(x: number): number;
  worldZ(y: number): number;
  /** World height of a value of f (1D: for the f ticks), and the range of f drawn. */
  height(f: number): number;
  readonly fMin: number;
  readonly fMax: number;
  /** The domain's variables as the axes name them: `x` and `y`, or a model's parameters (`w`, `b`). */
  readonly names?: readonly [string, string];
}

export interface AxisDrawing {
  readonly labels: LabelSpec[];
  /** Pairs of world points (x, y, z, x, y, z) of the axis lines and ticks. */
  readonly lines: number[];
}

/** Ticks per axis, about: enough to find a point, few enough to read on a phone. */
const TICKS_PER_AXIS = 6;
/** Tick length and the axis line's distance outside the domain's edge, world units. */
const TICK_LENGTH = 0.18;
const AXIS_OFFSET = 0.12;
/** On a 1D curve the x axis runs this far under the curve's lowest point (world units). */
const CURVE_AXIS_DROP = 0.3;

/** The lines and labels of the axes for one landscape. */
export function axisDrawing(map: AxisMapping): AxisDrawing {
  const labels: LabelSpec[] = [];
  const lines: number[] = [];
  const label = (
    text: string,
    at: [number, number, number],
    align: LabelSpec['align'],
    color = AXIS_LABEL_COLOR,
  ) => labels.push({ text, at, align, color });
  const [xName, yName] = map.names ?? ['x', 'y'];
  const stepX = niceStep(map.xMax - map.xMin, TICKS_PER_AXIS);
  const left = map.worldX(map.xMin);
  const right = map.worldX(map.xMax);
  if (map.dimensions === 1) {
    const y0 = -CURVE_AXIS_DROP;
    lines.push(left, y0, 0, right, y0, 0);
    for (const x of tickValues(map.xMin, map.xMax, stepX)) {
      const wx = map.worldX(x);
      lines.push(wx, y0, 0, wx, y0 - TICK_LENGTH, 0);
      label(formatTick(x, stepX), [wx, y0 - TICK_LENGTH, 0], 'below');
    }
    label(xName, [right + TICK_LENGTH, y0, 0], 'right');
    // A few f(x) ticks up the left side: enough to read "error 18" off the curve.
    const stepF = niceStep(map.fMax - map.fMin, 4);
    const x0 = left - AXIS_OFFSET;
    lines.push(x0, map.height(map.fMin), 0, x0, map.height(map.fMax), 0);
    for (const f of tickValues(map.fMin, map.fMax, stepF)) {
      const wy = map.height(f);
      lines.push(x0, wy, 0, x0 - TICK_LENGTH, wy, 0);
      label(formatTick(f, stepF), [x0 - TICK_LENGTH, wy, 0], 'left');
    }
    label(`f(${xName})`, [x0, map.height(map.fMax), 0], 'above');
    return { labels, lines };
  }
  const stepY = niceStep(map.yMax - map.yMin, TICKS_PER_AXIS);
  const front = map.worldZ(map.yMin) + AXIS_OFFSET;
  const back = map.worldZ(map.yMax);
  const side = left - AXIS_OFFSET;
  // x along the front edge, y along the left edge, both on the floor.
  lines.push(left, 0, front, right, 0, front, side, 0, map.worldZ(map.yMin), side, 0, back);
  for (const x of tickValues(map.xMin, map.xMax, stepX)) {
    const wx = map.worldX(x);
    lines.push(wx, 0, front, wx, 0, front + TICK_LENGTH);
    label(formatTick(x, stepX), [wx, 0, front + TICK_LENGTH], 'below');
  }
  for (const y of tickValues(map.yMin, map.yMax, stepY)) {
    const wz = map.worldZ(y);
    lines.push(side, 0, wz, side - TICK_LENGTH, 0, wz);
    label(formatTick(y, stepY), [side - TICK_LENGTH, 0, wz], 'left');
  }
  label(xName, [right + TICK_LENGTH, 0, front], 'right');
  label(yName, [side, 0, back - TICK_LENGTH], 'above');
  return { labels, lines };
}

/** The axes' lines and labels as scene objects; rebuilt with `set` for each landscape. */
export class AxesLayer {
  readonly root = new Group();
  readonly labels = new LabelLayer('axis labels', 3);
  private readonly lines: LineSegments;

  constructor() {
    this.root.name = 'axes';
    const material = new LineBasicNodeMaterial({ color: GRID_COLOR, transparent: true, opacity: 0.75 });
    material.name = 'axis lines';
    this.lines = new LineSegments(new BufferGeometry(), material);
    this.lines.name = 'axis lines';
    this.lines.frustumCulled = false;
    this.root.add(this.lines, this.labels.mesh);
  }

  set(drawing: AxisDrawing): void {
    this.lines.geometry.dispose();
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(drawing.lines), 3));
    this.lines.geometry = geometry;
    this.labels.set(drawing.labels);
  }

  setVisible(visible: boolean): void {
    this.root.visible = visible;
  }

  dispose(): void {
    this.lines.geometry.dispose();
    (this.lines.material as LineBasicNodeMaterial).dispose();
    this.labels.dispose();
  }
}
