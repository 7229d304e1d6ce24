/**
 * Between the canvas and the domain: which domain point a canvas position shows (`pick`, a ray
 * marched against the mapped surface), where a domain point appears on the canvas (`project`),
 * and which ball is drawn nearest a click (`ballNear`). All of it in JS through the height
 * mapping's JS twin: reading positions back from the GPU would make every answer asynchronous.
 */

import { type Camera, Matrix4, Raycaster, Vector2, Vector3 } from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';
import type { HeightMapping } from './height-mapping.ts';
import { HEIGHT_SCALE, MAX_NORMALISED_HEIGHT, WORLD_SIZE } from './view-nodes.ts';

/** Canvas distance (CSS pixels) within which a click picks a ball. */
export const PICK_RADIUS_PX = 14;
/** On a 1D view, `pick` finds the curve's x within this many world units above or below the plot. */
const PICK_1D_MARGIN = 0.5;
/** Steps of the ray march in `pick`, and bisections of the step that crosses the surface. */
const MARCH_STEPS = 400;
const BISECTIONS = 24;

/** What picking needs of the view at the moment it is asked. */
export interface PickContext {
  readonly landscape: Landscape;
  readonly domain: Domain;
  /** The camera that draws (perspective or the top view's orthographic one). */
  readonly camera: Camera;
  /** Canvas size, CSS pixels. */
  readonly width: number;
  readonly height: number;
}

/** A canvas position, CSS pixels from the canvas's top-left corner. */
export interface CanvasPoint {
  offsetX: number;
  offsetY: number;
}

/** Picking and projection for one view; holds only scratch objects, allocated once. */
export class Picker {
  private readonly raycaster = new Raycaster();
  private readonly pointerNdc = new Vector2();
  private readonly rayPoint = new Vector3();
  private readonly projectionView = new Matrix4();
  private readonly ballScratch = new Float64Array(3);

  constructor(private readonly mapping: HeightMapping) {}

  /**
   * The domain point under a canvas position (CSS pixels from the canvas's top-left corner), found
   * by marching the camera ray against the mapped surface; null when the ray misses it.
   */
  pick(context: PickContext, offsetX: number, offsetY: number): { x: number; y: number } | null {
    const { landscape, domain, camera } = context;
    this.pointerNdc.set((offsetX / context.width) * 2 - 1, -(offsetY / context.height) * 2 + 1);
    camera.updateMatrixWorld();
    this.raycaster.setFromCamera(this.pointerNdc, camera);
    const { origin, direction } = this.raycaster.ray;
    const { mapping } = this;

    if (landscape.dimensions === 1) {
      if (Math.abs(direction.z) < 1e-9) return null;
      const t = -origin.z / direction.z;
      if (t < 0) return null;
      const x = mapping.domainX(origin.x + t * direction.x);
      // Only within the plot: from a little under the floor to a little over the highest drawn point.
      const height = origin.y + t * direction.y;
      if (height < -PICK_1D_MARGIN || height > MAX_NORMALISED_HEIGHT * HEIGHT_SCALE + PICK_1D_MARGIN) {
        return null;
      }
      return x >= domain.xMin && x <= domain.xMax ? { x, y: 0 } : null;
    }

    // Ray march from the camera over the box the surface lives in, then bisect the crossing.
    const above = (t: number): number => {
      this.rayPoint.copy(direction).multiplyScalar(t).add(origin);
      const x = mapping.domainX(this.rayPoint.x);
      const y = mapping.domainY(this.rayPoint.z);
      if (x < domain.xMin || x > domain.xMax || y < domain.yMin || y > domain.yMax) return 1;
      return this.rayPoint.y - mapping.height(landscape.f(x, y));
    };
    const farthest = camera.position.length() + WORLD_SIZE * 2;
    let previousT = 0;
    for (let i = 1; i <= MARCH_STEPS; i++) {
      const t = (farthest * i) / MARCH_STEPS;
      if (above(t) <= 0) {
        let lo = previousT;
        let hi = t;
        for (let k = 0; k < BISECTIONS; k++) {
          const mid = (lo + hi) / 2;
          if (above(mid) > 0) lo = mid;
          else hi = mid;
        }
        this.rayPoint.copy(direction).multiplyScalar(hi).add(origin);
        return { x: mapping.domainX(this.rayPoint.x), y: mapping.domainY(this.rayPoint.z) };
      }
      previousT = t;
    }
    return null;
  }

  /**
   * Where the surface point over domain point (x, y) appears on the canvas (y is ignored for 1D);
   * null when it is behind the camera. For overlays such as labels, and the inverse of `pick`.
   */
  project(context: PickContext, x: number, y: number): CanvasPoint | null {
    this.mapping.surfacePoint(context.landscape, x, y, 0, this.rayPoint);
    return this.toCanvas(context, this.rayPoint);
  }

  /**
   * Where a world point appears on the canvas; null when it is behind the camera. Overwrites
   * `world` with its normalised device coordinates.
   */
  toCanvas(context: PickContext, world: Vector3): CanvasPoint | null {
    context.camera.updateMatrixWorld();
    world.project(context.camera);
    if (world.z > 1) return null;
    return {
      offsetX: ((world.x + 1) / 2) * context.width,
      offsetY: ((1 - world.y) / 2) * context.height,
    };
  }

  /**
   * The ball drawn nearest to a canvas position (CSS pixels), within `maxPixels`; -1 if none.
   * `position(i, out)` writes ball i's x, y and f into `out` and returns false to skip it. A
   * ball's centre is `ballRadius` (world units) above the surface, as drawn.
   */
  ballNear(
    context: PickContext,
    offsetX: number,
    offsetY: number,
    count: number,
    position: (index: number, out: Float64Array) => boolean,
    ballRadius: number,
    maxPixels: number,
  ): number {
    const { camera, width, height } = context;
    const { mapping } = this;
    camera.updateMatrixWorld();
    // One matrix, multiplied out by hand below: a Vector3.project per ball is too slow at a million.
    const m = this.projectionView.multiplyMatrices(
      camera.projectionMatrix,
      camera.matrixWorldInverse,
    ).elements;
    const scratch = this.ballScratch;
    const is1d = context.landscape.dimensions === 1;
    let best = -1;
    let bestDistance = maxPixels * maxPixels;
    for (let i = 0; i < count; i++) {
      if (!position(i, scratch)) continue;
      const wx = mapping.worldX(scratch[0] ?? 0);
      const wy = mapping.height(scratch[2] ?? 0) + ballRadius;
      const wz = is1d ? 0 : mapping.worldZ(scratch[1] ?? 0);
      const w = (m[3] ?? 0) * wx + (m[7] ?? 0) * wy + (m[11] ?? 0) * wz + (m[15] ?? 0);
      if (!(w > 1e-6)) continue; // behind the camera
      const ndcX = ((m[0] ?? 0) * wx + (m[4] ?? 0) * wy + (m[8] ?? 0) * wz + (m[12] ?? 0)) / w;
      const ndcY = ((m[1] ?? 0) * wx + (m[5] ?? 0) * wy + (m[9] ?? 0) * wz + (m[13] ?? 0)) / w;
      const dx = ((ndcX + 1) / 2) * width - offsetX;
      const dy = ((1 - ndcY) / 2) * height - offsetY;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best;
  }
}
