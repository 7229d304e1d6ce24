/**
 * The faint graph paper the landscape stands on: a ground grid under a surface, a backdrop behind
 * a 1D curve, with lines at nice domain values (so the top view reads in domain units) that fade
 * out away from the landscape. Drawn in the fragment shader from the view's uniforms.
 */
import { abs, max, oneMinus, positionWorld, smoothstep } from 'three/tsl';
import { DoubleSide, Mesh, MeshBasicNodeMaterial, PlaneGeometry } from 'three/webgpu';
import { niceStep } from './axes.ts';
import { GRID_COLOR } from './palette.ts';
import { type FloatNode, HEIGHT_SCALE, lineMask, rgb, type ViewUniforms, WORLD_SIZE } from './view-nodes.ts';

/** Grid lines about this many per domain width, at "nice" domain values (1, 2 or 5 x 10^k). */
const GRID_LINES_PER_SPAN = 10;

/** Places backdrop grid lines on nice domain values, so a top view reads in domain units. */
export function placeGrid(u: ViewUniforms, xMin: number, xMax: number, yMin: number, yMax: number): void {
  const stepX = niceStep(xMax - xMin, GRID_LINES_PER_SPAN);
  const stepY = yMax > yMin ? niceStep(yMax - yMin, GRID_LINES_PER_SPAN) : stepX;
  u.gridStepX.value = stepX * u.xScale.value;
  u.gridOriginX.value = -u.xCenter.value * u.xScale.value;
  if (u.zScale.value > 0) {
    u.gridStepZ.value = stepY * u.zScale.value;
    u.gridOriginZ.value = u.yCenter.value * u.zScale.value;
  } else {
    // 1D backdrop: horizontal lines at quarters of the height range.
    u.gridStepZ.value = HEIGHT_SCALE / 4;
    u.gridOriginZ.value = 0;
  }
}

/**
 * Faint grid lines in world coordinates `a` and `b`; `reach` is the distance (1 = the edge of the
 * landscape) used to fade them out, `strength` their opacity.
 */
function gridMaterial(
  u: ViewUniforms,
  a: FloatNode,
  b: FloatNode,
  reach: FloatNode,
  strength: number,
): MeshBasicNodeMaterial {
  const material = new MeshBasicNodeMaterial({ transparent: true, depthWrite: false, side: DoubleSide });
  material.colorNode = rgb(GRID_COLOR);
  const lines = max(
    lineMask(a.sub(u.gridOriginX).div(u.gridStepX)),
    lineMask(b.sub(u.gridOriginZ).div(u.gridStepZ)),
  );
  material.opacityNode = lines.mul(oneMinus(smoothstep(1.0, 2.4, reach))).mul(strength);
  return material;
}

/** A ground grid just under the surface: depth cue, and domain units in the top view. */
export function buildFloor(u: ViewUniforms): Mesh {
  const geometry = new PlaneGeometry(WORLD_SIZE * 5, WORLD_SIZE * 5);
  geometry.rotateX(-Math.PI / 2);
  const reach = max(abs(positionWorld.x), abs(positionWorld.z)).div(WORLD_SIZE / 2);
  const material = gridMaterial(u, positionWorld.x, positionWorld.z, reach, 0.13);
  material.name = 'floor grid';
  const floor = new Mesh(geometry, material);
  floor.name = 'floor grid';
  floor.position.y = -0.01;
  floor.renderOrder = -1;
  return floor;
}

/** Graph paper behind a 1D curve: lines at nice x values and at quarters of the height. */
export function buildBackdrop(u: ViewUniforms): Mesh {
  const geometry = new PlaneGeometry(WORLD_SIZE * 3, HEIGHT_SCALE * 4);
  const reach = max(
    abs(positionWorld.x).div(WORLD_SIZE / 2),
    abs(positionWorld.y.sub(HEIGHT_SCALE / 2)).div(HEIGHT_SCALE / 2),
  );
  // Seen face-on the lines are crisper than the floor's grazing ones: fainter.
  const material = gridMaterial(u, positionWorld.x, positionWorld.y, reach, 0.055);
  material.name = 'backdrop grid';
  const backdrop = new Mesh(geometry, material);
  backdrop.name = 'backdrop grid';
  backdrop.position.set(0, HEIGHT_SCALE / 2, -0.3);
  backdrop.renderOrder = -1;
  return backdrop;
}
