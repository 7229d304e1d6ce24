/**
 * The view's two trail layers (trails.ts draws them): the fading trails of a fixed sample of balls
 * per group, and the inspected ball's own longer, wider trail, both laid on the mapped surface.
 */

import { float, vec3 } from 'three/tsl';
import type { Color, Node } from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';
import type { HeightNodes } from './height-mapping.ts';
import { TrailLayer, type TrailPath, type TrailShape } from './trails.ts';
import { BALL_RADIUS, type ViewUniforms } from './view-nodes.ts';

/** Trail ribbon half-width, as a share of the ball radius; the inspected ball's trail is wider. */
const TRAIL_WIDTH_SHARE = 0.28;
const INSPECTED_TRAIL_WIDTH_SHARE = 0.5;
/** Trails drawn per group: of the recorded sample, few enough that each reads as a path. */
const DRAWN_TRAILS_PER_GROUP = 6;
/** Trails rest on the surface, this far above it (world units), clear of z-fighting. */
const TRAIL_LIFT = 0.025;
/** Longest straight piece of a trail, world units: short enough to follow the surface's bends. */
const TRAIL_PIECE = 0.12;
/** Trail segments allocated up front (grown when needed). */
const TRAIL_SEGMENTS = 8192;
const INSPECTED_TRAIL_SEGMENTS = 1024;
/** No bounds: before a landscape is set. */
const EVERYWHERE: Domain = { xMin: -Infinity, xMax: Infinity, yMin: -Infinity, yMax: Infinity };

export class BallTrails {
  /** The trail sample of every group; its mesh belongs in the scene. */
  readonly sample: TrailLayer;
  /** The inspected ball's trail; its mesh belongs in the scene. */
  readonly inspected: TrailLayer;

  constructor(
    private readonly uniforms: ViewUniforms,
    heights: HeightNodes,
  ) {
    const h = heights;
    const place = (point: Node<'vec3'>): Node<'vec3'> =>
      vec3(h.edgeX(point.x), h.height(point.z), h.edgeZ(point.y));
    // On the surface (or the curve), lifted a hair; as wide as for few balls whatever the count,
    // so they never thin into dashes under a crowd of small balls.
    const lift = float(TRAIL_LIFT);
    this.sample = new TrailLayer(
      place,
      float(BALL_RADIUS * TRAIL_WIDTH_SHARE),
      lift,
      TRAIL_SEGMENTS,
      'trails',
    );
    this.inspected = new TrailLayer(
      place,
      float(BALL_RADIUS * INSPECTED_TRAIL_WIDTH_SHARE),
      lift,
      INSPECTED_TRAIL_SEGMENTS,
      'inspected trail',
    );
  }

  /** Forgets both: they belong to the previous landscape's run. */
  clear(): void {
    this.sample.clear();
    this.inspected.clear();
  }

  /** Redraws the sample trails (ring buffers of finite points; colours by group). */
  setSample(
    paths: readonly TrailPath[],
    groupColors: readonly Color[],
    landscape: Landscape,
    domain: Domain | null,
  ): void {
    this.sample.update(
      paths,
      groupColors,
      landscape.f,
      this.shape(DRAWN_TRAILS_PER_GROUP, landscape, domain),
    );
  }

  /** Redraws the inspected ball's trail; null removes it. */
  setInspected(
    path: TrailPath | null,
    groupColors: readonly Color[],
    landscape: Landscape | null,
    domain: Domain | null,
  ): void {
    if (landscape === null || path === null) {
      this.inspected.clear();
      return;
    }
    this.inspected.update([path], groupColors, landscape.f, this.shape(1, landscape, domain));
  }

  /** Trails follow the surface in pieces of at most TRAIL_PIECE world units, over the landscape only. */
  private shape(perGroup: number, landscape: Landscape, domain: Domain | null): TrailShape {
    const u = this.uniforms;
    return {
      perGroup,
      maxPiece: TRAIL_PIECE,
      xUnit: 1 / u.xScale.value,
      yUnit: u.zScale.value > 0 ? 1 / u.zScale.value : Number.POSITIVE_INFINITY,
      bounds: domain ?? EVERYWHERE,
      twoD: landscape.dimensions !== 1,
    };
  }
}
