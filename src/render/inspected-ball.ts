/**
 * Where the inspected ball's marks go: its ring, its slope arrow and its velocity arrow (drawn by
 * inspect-layer.ts), placed from the ball's state in domain units through the height mapping's JS
 * twin, with arrow lengths scaled to how steep the landscape usually is.
 */

import { Vector3 } from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';
import type { HeightMapping } from './height-mapping.ts';
import { arrowLength, InspectLayer } from './inspect-layer.ts';

/**
 * What the view shows of the inspected ball, in domain units: where it is, the slope there and,
 * for optimizers that have one, its velocity.
 */
export interface InspectMarks {
  readonly x: number;
  readonly y: number;
  /** ∇f at (x, y); the arrow points the other way, downhill, where the ball is pushed. */
  readonly gradient: readonly [number, number];
  /**
   * The velocity divided by the learning rate: in the gradient's units, so the two arrows share
   * one scale (a ball that keeps rolling at a steady velocity shows an arrow 1 / (1 - beta) times
   * the slope's). Null for optimizers without one.
   */
  readonly velocityPerRate: readonly [number, number] | null;
  /** A diverged ball gets its ring where it is drawn (clamped to the domain), and no arrows. */
  readonly diverged: boolean;
}

/** Longest arrow, as a share of the domain's larger side: long enough to read, never off-screen. */
const ARROW_CAP_SHARE = 0.25;
/** Samples per side when estimating a landscape's typical steepness (the arrows' scale). */
const STEEPNESS_SAMPLES = 24;
/** Which quantile of the sampled |∇f| counts as typical (see typicalSteepness). */
const STEEPNESS_QUANTILE = 0.1;
/** The ring's radius, in ball radii: clear of the ball at any size. */
const RING_RADII = 2.2;

export class InspectedBall {
  /** The ring and arrows; the root belongs in the scene. */
  readonly layer = new InspectLayer();
  private shown: InspectMarks | null = null;
  /** A typical |∇f| on the landscape: the slope at which an arrow is drawn at half its longest. */
  private typicalSteepness = 1;
  // Scratch objects, allocated once.
  private readonly centre = new Vector3();
  private readonly gradientTip = new Vector3();
  private readonly velocityTip = new Vector3();

  constructor(private readonly mapping: HeightMapping) {}

  /** The marks shown now (null: none), to place again when the height mapping changes. */
  get marks(): InspectMarks | null {
    return this.shown;
  }

  /** A new landscape: measures its typical steepness, the arrows' scale. */
  measure(landscape: Landscape, domain: Domain): void {
    this.typicalSteepness = typicalSteepness(landscape, domain);
  }

  /**
   * Rings the inspected ball (of `ballRadius` world units) and draws its slope arrow (downhill,
   * length growing with the steepness |∇f| up to a cap) and velocity arrow; null stops inspecting.
   */
  show(
    marks: InspectMarks | null,
    landscape: Landscape | null,
    domain: Domain | null,
    ballRadius: number,
  ): void {
    this.shown = marks;
    if (marks === null || landscape === null || domain === null || !finitePair(marks.x, marks.y)) {
      this.layer.update(null, 0, null, null);
      return;
    }
    const ringRadius = ballRadius * RING_RADII;
    const place = (x: number, y: number, out: Vector3) =>
      this.mapping.surfacePoint(landscape, x, y, ballRadius, out);
    if (marks.diverged) {
      // Where the ball itself is drawn: clamped to the domain (see the simulation's render data).
      const x = Math.min(domain.xMax, Math.max(domain.xMin, marks.x));
      const y = Math.min(domain.yMax, Math.max(domain.yMin, marks.y));
      this.layer.update(place(x, y, this.centre), ringRadius, null, null);
      return;
    }
    place(marks.x, marks.y, this.centre);
    const cap = ARROW_CAP_SHARE * Math.max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
    const tip = (vector: readonly [number, number] | null, sign: number, out: Vector3): Vector3 | null => {
      if (vector === null || !finitePair(vector[0], vector[1])) return null;
      const magnitude = Math.hypot(vector[0], vector[1]);
      const reach = arrowLength(magnitude, this.typicalSteepness, cap);
      if (reach <= 0) return null;
      const scale = (sign * reach) / magnitude;
      return place(marks.x + vector[0] * scale, marks.y + vector[1] * scale, out);
    };
    this.layer.update(
      this.centre,
      ringRadius,
      // The slope arrow points downhill (-∇f): the way the slope pushes the ball.
      tip(marks.gradient, -1, this.gradientTip),
      tip(marks.velocityPerRate, 1, this.velocityTip),
    );
  }
}

function finitePair(a: number, b: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b);
}

/**
 * A low quantile (STEEPNESS_QUANTILE) of the gradient norm over a grid of the domain (1 when
 * nothing finite is found): what counts as an ordinary slope where balls spend their time, the
 * valleys. The median (and even the lower quartile) was too high: steep walls dominate the grid
 * (Himmelblau's corners), and a ball between two minima got a stub of an arrow (screenshot).
 */
function typicalSteepness(landscape: Landscape, domain: Domain): number {
  const n = STEEPNESS_SAMPLES;
  const norms: number[] = [];
  const gradient = new Float64Array(2);
  const rows = landscape.dimensions === 1 ? 1 : n;
  for (let j = 0; j < rows; j++) {
    const y = landscape.dimensions === 1 ? 0 : domain.yMin + ((domain.yMax - domain.yMin) * (j + 0.5)) / n;
    for (let i = 0; i < n; i++) {
      const x = domain.xMin + ((domain.xMax - domain.xMin) * (i + 0.5)) / n;
      landscape.gradient(x, y, gradient);
      const norm = Math.hypot(gradient[0] ?? 0, gradient[1] ?? 0);
      if (Number.isFinite(norm) && norm > 0) norms.push(norm);
    }
  }
  if (norms.length === 0) return 1;
  norms.sort((a, b) => a - b);
  return norms[Math.floor(norms.length * STEEPNESS_QUANTILE)] ?? 1;
}
