/**
 * What the view draws for the inspected ball: a ring around it, the slope as an arrow whose length
 * is its steepness, and the velocity arrow of optimizers that carry one. The arrows are placed in
 * JS (one ball, a few matrices a frame) and drawn over the scene so a hill cannot hide them.
 */
import {
  Color,
  ConeGeometry,
  CylinderGeometry,
  Group,
  Mesh,
  MeshBasicNodeMaterial,
  TorusGeometry,
  Vector3,
} from 'three/webgpu';
import { GRADIENT_ARROW_COLOR, VELOCITY_ARROW_COLOR } from './inspect-colors.ts';

const RING_COLOR = '#ffffff';

/**
 * Shaft and head sizes in world units (the domain spans WORLD_SIZE = 10 of them). The velocity
 * arrow is the thinner one and is drawn last: when both arrows saturate in the same direction (a
 * ball rolling straight downhill) the slope arrow still shows around it.
 */
const SLOPE_ARROW = { shaft: 0.05, head: 0.14, renderOrder: 10 };
const VELOCITY_ARROW = { shaft: 0.022, head: 0.085, renderOrder: 11 };
const HEAD_LENGTH = 0.3;
/** Below this world length an arrow is not drawn: no slope, no arrow (a ball at a minimum). */
const MIN_ARROW_LENGTH = 0.03;
/** Share of the steepness scale at which an arrow reaches half its cap (see arrowLength). */
const HALF_CAP_AT = 1;

/**
 * Length of an arrow for a vector of size `magnitude`, in the units the caller uses for `cap`:
 * proportional to the magnitude while it is small against `typical` (the landscape's usual
 * steepness), then easing into `cap`, so the slope on a cliff does not leave the screen while a
 * gentle slope still reads as a short arrow. Monotonic: a steeper slope always gets a longer one.
 */
export function arrowLength(magnitude: number, typical: number, cap: number): number {
  if (!(Number.isFinite(magnitude) && magnitude > 0)) return 0;
  if (!(typical > 0 && cap > 0)) return 0;
  // tanh(atanh(0.5)) = 0.5: a magnitude of HALF_CAP_AT * typical gets half the cap.
  return cap * Math.tanh((Math.atanh(0.5) * magnitude) / (HALF_CAP_AT * typical));
}

class Arrow {
  readonly group = new Group();
  private readonly shaft: Mesh;
  private readonly head: Mesh;
  private readonly direction = new Vector3();
  private static readonly up = new Vector3(0, 1, 0);

  constructor(
    color: string,
    name: string,
    private readonly size: { readonly shaft: number; readonly head: number; readonly renderOrder: number },
  ) {
    const material = new MeshBasicNodeMaterial({
      color: new Color(color),
      depthTest: false,
      transparent: true,
    });
    material.name = name;
    const shaft = new CylinderGeometry(1, 1, 1, 12);
    shaft.translate(0, 0.5, 0);
    const head = new ConeGeometry(1, 1, 16);
    head.translate(0, 0.5, 0);
    this.shaft = new Mesh(shaft, material);
    this.head = new Mesh(head, material);
    for (const part of [this.shaft, this.head]) {
      part.renderOrder = size.renderOrder;
      part.frustumCulled = false;
      this.group.add(part);
    }
    this.group.name = name;
    this.group.visible = false;
  }

  /** Points the arrow from `from` to `to` (world); hides it when it would be too short to read. */
  set(from: Vector3, to: Vector3 | null): void {
    const total = to === null ? 0 : this.direction.subVectors(to, from).length();
    if (to === null || !(total >= MIN_ARROW_LENGTH)) {
      this.group.visible = false;
      return;
    }
    this.direction.divideScalar(total);
    const headLength = Math.min(HEAD_LENGTH, total * 0.45);
    const shaftLength = total - headLength;
    this.group.visible = true;
    this.group.position.copy(from);
    this.group.quaternion.setFromUnitVectors(Arrow.up, this.direction);
    const shaft = this.size.shaft;
    this.shaft.scale.set(shaft, Math.max(shaftLength, 1e-4), shaft);
    this.head.position.set(0, shaftLength, 0);
    const headRadius = Math.min(this.size.head, headLength * 0.5);
    this.head.scale.set(headRadius, headLength, headRadius);
  }

  hide(): void {
    this.group.visible = false;
  }
}

export class InspectLayer {
  readonly root = new Group();
  private readonly ring: Mesh;
  private readonly gradient = new Arrow(GRADIENT_ARROW_COLOR, 'gradient arrow', SLOPE_ARROW);
  private readonly velocity = new Arrow(VELOCITY_ARROW_COLOR, 'velocity arrow', VELOCITY_ARROW);

  constructor() {
    this.root.name = 'inspected ball';
    const material = new MeshBasicNodeMaterial({
      color: new Color(RING_COLOR),
      depthTest: false,
      transparent: true,
    });
    material.name = 'inspected ring';
    this.ring = new Mesh(new TorusGeometry(1, 0.09, 8, 40), material);
    this.ring.name = 'inspected ring';
    this.ring.renderOrder = 10;
    this.ring.frustumCulled = false;
    this.root.add(this.ring, this.gradient.group, this.velocity.group);
    this.root.visible = false;
  }

  /**
   * Shows the ring around `ball` (world centre, radius in world units) and the arrows to their
   * tips (null: no such arrow). `ball` null hides everything.
   */
  update(
    ball: Vector3 | null,
    radius: number,
    gradientTip: Vector3 | null,
    velocityTip: Vector3 | null,
  ): void {
    if (ball === null) {
      this.root.visible = false;
      this.gradient.hide();
      this.velocity.hide();
      return;
    }
    this.root.visible = true;
    this.ring.position.copy(ball);
    this.ring.scale.setScalar(radius);
    this.gradient.set(ball, gradientTip);
    this.velocity.set(ball, velocityTip);
  }

  /** Turns the ring to face the camera, so it reads as a circle from any angle. */
  faceCamera(cameraQuaternion: { x: number; y: number; z: number; w: number }): void {
    this.ring.quaternion.set(cameraQuaternion.x, cameraQuaternion.y, cameraQuaternion.z, cameraQuaternion.w);
  }
}
