/**
 * The lesson's tangent line: a short straight segment through the ball on a 1D curve, with the
 * slope f'(x) there, so "the slope" can be seen as a line. A thin cylinder drawn over the curve.
 */
import { Color, CylinderGeometry, Mesh, MeshBasicNodeMaterial, Vector3 } from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';

/** The tangent line's colour: a bright cyan, away from the height ramp and the group colours. */
export const TANGENT_COLOR = '#00e5ff';
/** The tangent segment reaches this far either side of the ball, in domain x (clipped to it). */
const TANGENT_HALF_SPAN = 1.5;
/** Half thickness of the tangent segment, in world units. */
const TANGENT_RADIUS = 0.03;

/** The world point of (x, value) on a 1D view, as the view maps heights. */
export type CurvePoint = (x: number, value: number, out: Vector3) => Vector3;

export class TangentLine {
  /** A unit-height cylinder from y = 0 to 1, stretched and turned by `place`. */
  readonly mesh: Mesh;
  private readonly from = new Vector3();
  private readonly to = new Vector3();

  constructor() {
    const geometry = new CylinderGeometry(1, 1, 1, 10);
    geometry.translate(0, 0.5, 0);
    const material = new MeshBasicNodeMaterial({
      color: new Color(TANGENT_COLOR),
      depthTest: false,
      transparent: true,
    });
    material.name = 'tangent line';
    this.mesh = new Mesh(geometry, material);
    this.mesh.name = 'tangent line';
    // Over the curve, under the inspected ball's ring and arrows (10, 11).
    this.mesh.renderOrder = 9;
    this.mesh.frustumCulled = false;
    this.mesh.visible = false;
  }

  /**
   * Places the segment from x - TANGENT_HALF_SPAN to x + TANGENT_HALF_SPAN (clipped to the
   * domain) on a 1D landscape; hidden for x null, outside the domain, or where f or its slope is
   * not finite. Straight in world space only on the linear height scale: `point` maps the two
   * ends like the curve, so the segment still touches it at the ball (a chord of the mapping).
   */
  place(x: number | null, landscape: Landscape | null, domain: Domain | null, point: CurvePoint): void {
    const line = this.mesh;
    line.visible = false;
    if (x === null || landscape === null || domain === null) return;
    if (landscape.dimensions !== 1 || x < domain.xMin || x > domain.xMax) return;
    const gradient = new Float64Array(2);
    landscape.gradient(x, 0, gradient);
    const slope = gradient[0] ?? Number.NaN;
    const fx = landscape.f(x, 0);
    if (!(Number.isFinite(slope) && Number.isFinite(fx))) return;
    const from = Math.max(domain.xMin, x - TANGENT_HALF_SPAN);
    const to = Math.min(domain.xMax, x + TANGENT_HALF_SPAN);
    const a = point(from, fx + slope * (from - x), this.from);
    const b = point(to, fx + slope * (to - x), this.to);
    const direction = b.sub(a);
    const length = direction.length();
    if (!(length > 1e-6)) return;
    line.position.copy(a);
    line.quaternion.setFromUnitVectors(new Vector3(0, 1, 0), direction.divideScalar(length));
    line.scale.set(TANGENT_RADIUS, length, TANGENT_RADIUS);
    line.visible = true;
  }
}
