/**
 * The view's cameras and orbit controls, and how they frame the landscape: into the part of the
 * canvas the page's panels leave free (`ViewInsets`, measured by src/ui/free-area.ts), at any
 * window size. A perspective camera for the 3/4 view and the 1D curve's front view; an
 * orthographic one for the top view (a contour map, not a perspective pillow).
 *
 * Framing fits the landscape's bounding box exactly: the camera's distance is searched until the
 * box's projected corners fit the free rectangle, then the projection centre is shifted (a view
 * offset) so that the box sits in the middle of it. Once the person has turned or zoomed the
 * view, a new layout only moves the projection centre: their camera is not taken away.
 */

import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { type Box3, OrthographicCamera, PerspectiveCamera, Spherical, Vector3 } from 'three/webgpu';

/** CSS pixels of the canvas covered by panels on each side. */
export interface ViewInsets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export type CameraMode = 'orbit' | 'top';

/** Viewing angles in degrees: from the vertical (polar) and around it from +Z (azimuth). */
export interface CameraAngles {
  readonly polar: number;
  readonly azimuth: number;
}

/** The free rectangle of the canvas, in CSS pixels from its top-left corner. */
export interface FreeRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A free area smaller than this (CSS px either way) is ignored: the whole canvas is used. */
const MIN_FREE_PX = 120;
/** Share of the free rectangle left empty around the framed box. */
const FIT_MARGIN = 0.04;
const FOV_DEGREES = 40;
const NEAR = 0.05;
const FAR = 500;
/**
 * Free areas narrower than PORTRAIT_ASPECT (width / height) are looked at from PORTRAIT_POLAR
 * degrees off the vertical at most, wider than LANDSCAPE_ASPECT from the landscape's own angle,
 * and in between from an angle in between.
 */
const PORTRAIT_ASPECT = 0.6;
const LANDSCAPE_ASPECT = 1.1;
const PORTRAIT_POLAR = 28;
const PORTRAIT_AZIMUTH = 10;
/** The top camera's height above the box, world units: anything well above the highest point. */
const TOP_CAMERA_CLEARANCE = 20;

/**
 * The canvas rectangle left free by `insets` (whole canvas when absent, or when what is left is
 * too small to draw anything in).
 */
export function freeRect(width: number, height: number, insets?: ViewInsets): FreeRect {
  const whole = { x: 0, y: 0, width, height };
  if (insets === undefined) return whole;
  const clampInset = (value: number, span: number): number =>
    Number.isFinite(value) ? Math.min(Math.max(value, 0), span) : 0;
  const left = clampInset(insets.left, width);
  const top = clampInset(insets.top, height);
  const free = {
    x: left,
    y: top,
    width: width - left - clampInset(insets.right, width),
    height: height - top - clampInset(insets.bottom, height),
  };
  return free.width >= Math.min(MIN_FREE_PX, width) && free.height >= Math.min(MIN_FREE_PX, height)
    ? free
    : whole;
}

export class CameraRig {
  readonly perspective = new PerspectiveCamera(FOV_DEGREES, 1, NEAR, FAR);
  readonly orthographic = new OrthographicCamera(-1, 1, 1, -1, NEAR, FAR);
  readonly controls: OrbitControls;
  /** The camera that draws now: perspective, or orthographic in the top view. */
  camera: PerspectiveCamera | OrthographicCamera = this.perspective;
  mode: CameraMode = 'orbit';

  private width = 1;
  private height = 1;
  private insets: ViewInsets | undefined;
  private readonly box: Box3;
  private angles: CameraAngles = { polar: 52, azimuth: 32 };
  private flat = false;
  /** Whether the person moved the camera since it was last framed (then layouts only recentre). */
  private moved = false;
  /** World units per CSS pixel of the top view while it was framed. */
  private orthoScale = 0.02;
  /** Where, in the free rectangle, the projection centre sits (fractions), from the last fit. */
  private centreShare = { x: 0.5, y: 0.5 };
  // Scratch objects, allocated once.
  private readonly corner = new Vector3();
  private readonly centre = new Vector3();
  private readonly direction = new Vector3();

  /**
   * @param input the orbit controls' pointer source (an ElementProxy in the worker).
   * @param box the world box to frame; the rig keeps the reference, so the owner updates it in
   *   place and calls `frame`.
   */
  constructor(input: HTMLElement, box: Box3) {
    this.box = box;
    this.controls = new OrbitControls(this.perspective, input);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.08;
    this.controls.screenSpacePanning = true;
    this.controls.minDistance = 1.5;
    this.controls.maxDistance = 80;
    // Looking from under the surface shows nothing useful and flips the lighting.
    this.controls.maxPolarAngle = Math.PI * 0.495;
    this.controls.addEventListener('start', () => {
      this.moved = true;
    });
  }

  /** The landscape's viewing angles, and whether it is a flat 1D curve (seen from the front). */
  setSubject(angles: CameraAngles, flat: boolean): void {
    this.angles = angles;
    this.flat = flat;
  }

  /** The canvas size and the panels' insets (CSS px): refits, or only recentres once moved. */
  setSize(width: number, height: number, insets?: ViewInsets): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.insets = insets;
    this.perspective.aspect = this.width / this.height;
    if (this.moved) this.applyProjection();
    else this.frame(this.mode);
  }

  /** The free rectangle the landscape is framed into (CSS px). */
  free(): FreeRect {
    return freeRect(this.width, this.height, this.insets);
  }

  /**
   * Frames the box: the landscape's own 3/4 view (`orbit`; the front view of a 1D curve), or
   * straight down through the orthographic camera (`top`, not for 1D curves).
   */
  frame(mode: CameraMode): void {
    this.mode = mode === 'top' && !this.flat ? 'top' : 'orbit';
    this.moved = false;
    this.box.getCenter(this.centre);
    if (this.mode === 'top') this.frameTop();
    else this.frameOrbit();
    this.controls.target.copy(this.centre);
    this.controls.update();
  }

  /**
   * Turns the camera around its target by `azimuth` and `polar` radians and scales its distance
   * by `zoom` (below 1 is closer), within the controls' limits: what a drag and the wheel do, for
   * the keyboard. The top view only zooms.
   */
  orbitBy(azimuth: number, polar: number, zoom = 1): void {
    this.moved = true;
    const controls = this.controls;
    if (this.camera === this.orthographic) {
      this.orthographic.zoom = Math.min(Math.max(this.orthographic.zoom / zoom, 0.2), 20);
      this.orthographic.updateProjectionMatrix();
      return;
    }
    const offset = this.camera.position.clone().sub(controls.target);
    const spherical = new Spherical().setFromVector3(offset);
    spherical.theta += azimuth;
    spherical.phi = Math.min(Math.max(spherical.phi + polar, 1e-3), controls.maxPolarAngle);
    spherical.radius = Math.min(
      Math.max(spherical.radius * zoom, controls.minDistance),
      controls.maxDistance,
    );
    this.camera.position.copy(controls.target).add(offset.setFromSpherical(spherical));
    this.camera.lookAt(controls.target);
    controls.update();
  }

  /** Per frame: damping of the orbit controls. */
  update(): void {
    this.controls.update();
  }

  dispose(): void {
    this.controls.dispose();
  }

  private use(camera: PerspectiveCamera | OrthographicCamera): void {
    this.camera = camera;
    this.controls.object = camera;
    // The top view is a map: it pans and zooms but does not turn.
    this.controls.enableRotate = camera === this.perspective;
  }

  private frameOrbit(): void {
    this.use(this.perspective);
    const camera = this.perspective;
    const free = this.free();
    const angles = this.anglesFor(free);
    const polar = this.flat ? Math.PI / 2 : (angles.polar * Math.PI) / 180;
    const azimuth = this.flat ? 0 : (angles.azimuth * Math.PI) / 180;
    this.direction.set(
      Math.sin(polar) * Math.sin(azimuth),
      Math.cos(polar),
      Math.sin(polar) * Math.cos(azimuth),
    );
    const focal = this.height / 2 / Math.tan((camera.fov * Math.PI) / 360);
    const room = { width: free.width * (1 - FIT_MARGIN * 2), height: free.height * (1 - FIT_MARGIN * 2) };
    // The projected box shrinks as the camera backs away: bisect the nearest distance that fits.
    let near = 0.5;
    let far = FAR / 2;
    for (let i = 0; i < 40; i++) {
      const mid = (near + far) / 2;
      const extent = this.projectedExtent(mid, focal);
      if (extent !== null && extent.width <= room.width && extent.height <= room.height) far = mid;
      else near = mid;
    }
    const extent = this.projectedExtent(far, focal);
    camera.near = NEAR;
    camera.far = FAR;
    // Where the box's projected middle lands: the middle of the free rectangle.
    const middleX = extent === null ? 0 : (extent.minX + extent.maxX) / 2;
    const middleY = extent === null ? 0 : (extent.minY + extent.maxY) / 2;
    const centreX = free.x + free.width / 2 - middleX;
    const centreY = free.y + free.height / 2 + middleY;
    this.centreShare = { x: (centreX - free.x) / free.width, y: (centreY - free.y) / free.height };
    this.applyProjection();
  }

  /**
   * The viewing angles (degrees) for a free area: the landscape's own on a wide one; on a tall
   * one (a phone held upright) from higher up and more square-on, where a 3/4 view's diamond
   * would be narrow and leave the screen's height empty.
   */
  private anglesFor(free: FreeRect): CameraAngles {
    const aspect = free.width / free.height;
    const share = Math.min(1, Math.max(0, (aspect - PORTRAIT_ASPECT) / (LANDSCAPE_ASPECT - PORTRAIT_ASPECT)));
    const { polar, azimuth } = this.angles;
    const steep = Math.min(polar, PORTRAIT_POLAR);
    const square = Math.sign(azimuth) * Math.min(Math.abs(azimuth), PORTRAIT_AZIMUTH);
    return { polar: steep + (polar - steep) * share, azimuth: square + (azimuth - square) * share };
  }

  /**
   * The box's projected extent (CSS px around the projection centre, y up) with the perspective
   * camera at `distance` from the box's centre along `direction`; null when a corner is behind
   * the near plane.
   */
  private projectedExtent(distance: number, focal: number) {
    const camera = this.perspective;
    camera.position.copy(this.direction).multiplyScalar(distance).add(this.centre);
    camera.lookAt(this.centre);
    camera.updateMatrixWorld();
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < 8; k++) {
      this.corner
        .set(
          k & 1 ? this.box.max.x : this.box.min.x,
          k & 2 ? this.box.max.y : this.box.min.y,
          k & 4 ? this.box.max.z : this.box.min.z,
        )
        .applyMatrix4(camera.matrixWorldInverse);
      const depth = -this.corner.z;
      if (depth <= NEAR * 2) return null;
      const x = (focal * this.corner.x) / depth;
      const y = (focal * this.corner.y) / depth;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    return { minX, maxX, minY, maxY, width: maxX - minX, height: maxY - minY };
  }

  private frameTop(): void {
    this.use(this.orthographic);
    const free = this.free();
    const size = this.box.getSize(this.corner);
    const share = 1 - FIT_MARGIN * 2;
    this.orthoScale = Math.max(size.x / (free.width * share), size.z / (free.height * share));
    const camera = this.orthographic;
    camera.zoom = 1;
    camera.near = NEAR;
    camera.far = FAR;
    // A hair off the vertical keeps the controls' spherical coordinates well defined, and puts
    // domain +y (world -Z) at the top of the screen.
    camera.position.set(this.centre.x, this.box.max.y + TOP_CAMERA_CLEARANCE, this.centre.z + 1e-3);
    camera.lookAt(this.centre);
    this.centreShare = { x: 0.5, y: 0.5 };
    this.applyProjection();
  }

  /**
   * The projection for the current size: the frustum (the orthographic one in world units per
   * pixel), and a view offset that puts the projection centre at its place in the free rectangle.
   */
  private applyProjection(): void {
    const free = this.free();
    const { width, height } = this;
    const centreX = free.x + free.width * this.centreShare.x;
    const centreY = free.y + free.height * this.centreShare.y;
    const ortho = this.orthographic;
    ortho.left = (-width / 2) * this.orthoScale;
    ortho.right = (width / 2) * this.orthoScale;
    ortho.top = (height / 2) * this.orthoScale;
    ortho.bottom = (-height / 2) * this.orthoScale;
    this.perspective.aspect = width / height;
    for (const camera of [this.perspective, ortho]) {
      // The canvas shows the window of a same-sized virtual view whose centre is at (centreX, centreY).
      camera.setViewOffset(width, height, width / 2 - centreX, height / 2 - centreY, width, height);
      camera.updateProjectionMatrix();
    }
  }
}
