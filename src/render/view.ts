/**
 * The three.js view of a landscape and its balls. It runs in a worker on a transferred
 * OffscreenCanvas (or on a page canvas, e.g. in tests) through `WebGPURenderer`, which falls back
 * to WebGL2 by itself when there is no WebGPU. Everything that depends on the height mapping
 * (linear or log) is computed on the GPU from raw f values, so switching the scale costs no CPU
 * work even at a million balls; the same mapping is mirrored in JS (height-mapping.ts) only for
 * what is placed or picked on the CPU.
 *
 * World frame: domain x -> world +X, domain y -> world -Z (so y grows away from the default
 * camera), f -> world +Y in [0, HEIGHT_SCALE]. The domain fills a square of side WORLD_SIZE.
 *
 * This class is the facade the render worker and the tests drive: it owns the renderer, the scene
 * and the camera, and hands each overlay's work to its module (picking.ts, lesson-marks.ts,
 * inspected-ball.ts, ball-trails.ts, steepness-colors.ts, png-capture.ts).
 */

import { storage, uniformArray, vec3 } from 'three/tsl';
import {
  Box3,
  Color,
  DirectionalLight,
  Group,
  HemisphereLight,
  type Mesh,
  type Node,
  type Object3D,
  Scene,
  StorageInstancedBufferAttribute,
  Vector3,
  WebGPURenderer,
} from 'three/webgpu';
import { MAX_GROUPS } from '../core/group-limit.ts';
import type { Domain, Landscape } from '../core/landscape.ts';
import { AxesLayer, axisDrawing } from './axes.ts';
import { type BallLabel, BallLabelLayer } from './ball-labels.ts';
import { ballScale, buildBalls } from './ball-layer.ts';
import { BallTrails } from './ball-trails.ts';
import type { BasinImage, BasinMode } from './basin-map.ts';
import { BasinOverlay } from './basin-overlay.ts';
import { type CameraMode, CameraRig, type ViewInsets } from './camera-rig.ts';
import { type ClickInfo, listenForClicks, type PointerSource } from './click.ts';
import { ElementProxy } from './element-proxy.ts';
import { buildBackdrop, buildFloor, placeGrid } from './grid.ts';
import { fitHeightRange, heightMapping, heightNodes } from './height-mapping.ts';
import { InspectedBall, type InspectMarks } from './inspected-ball.ts';
import type { AnchorOf } from './labels.ts';
import { buildCurve, buildSurface, type MeshContext } from './landscape-mesh.ts';
import { LessonMarks } from './lesson-marks.ts';
import { buildMinimaMarkers, MARKER_HEIGHT } from './minima-markers.ts';
import { BACKGROUND, HEIGHT_RAMP } from './palette.ts';
import { PICK_RADIUS_PX, type PickContext, Picker } from './picking.ts';
import { capturePng } from './png-capture.ts';
import { drawFromGpuBuffer } from './shared-buffer.ts';
import { SteepnessColors } from './steepness-colors.ts';
import type { TrailPath } from './trails.ts';
import { BALL_RADIUS, createUniforms, type FloatNode, HEIGHT_SCALE, WORLD_SIZE } from './view-nodes.ts';

export type { InspectMarks } from './inspected-ball.ts';

/** Display switches; all of them are uniforms or visibility flags, so toggling is free. */
export interface ViewOptions {
  /** Grid lines over the surface (drawn in the fragment shader, so they stay crisp). */
  wireframe: boolean;
  /** Iso-height lines (CONTOUR_LEVELS of landscape-mesh.ts) over the (mapped) height range. */
  contours: boolean;
  /** log1p height scale, for steep functions such as Rosenbrock or Goldstein–Price. */
  logHeight: boolean;
  /** Markers over the landscape's known minima. */
  showMinima: boolean;
  /**
   * Paint each starting point by the minimum its ball reached (`minimum`), or by the steps it
   * took to converge (`steps`); `off` shows the height colours. Turning it on looks from the top.
   */
  basinMap: 'off' | BasinMode;
  /** Whose balls the basin map shows (a group index; all groups share their start points). */
  basinGroup: number;
  /** Fading trails behind a fixed sample of balls per group. */
  trails: boolean;
  /**
   * The tangent line at ball 0 on a 1D curve (the lesson's "slope under the ball"): a straight
   * segment through (x, f(x)) with slope f'(x), TANGENT_HALF_SPAN either side. Ignored in 2D.
   */
  tangent: boolean;
  /**
   * What a ball's colour says: its group (`group`, default), or how steep the ground under it is
   * (`steepness`: |∇f| on a log scale from the landscape's gentle valleys, dark indigo, through
   * magenta and orange to its steep walls, a warm white; see steepness.ts). Diverged balls are
   * drawn as rings either way.
   */
  ballColor: 'group' | 'steepness';
  /**
   * "The ball sees only the ground under it": draw the landscape only in a short patch around
   * ball 0 (PATCH_SHARE of lesson-marks.ts, of the domain, either side on a 1D curve, a disc of that radius on a
   * surface), following it as it steps; the minima markers hide too, as the ball cannot see them.
   */
  localPatch: boolean;
}

export interface LandscapeViewSettings {
  /** A device to share with the WebGPU compute backend, so both draw from the same buffers. */
  device?: GPUDevice;
  /** Use three's WebGL2 backend even when WebGPU exists (tests, and a manual fallback). */
  forceWebGL?: boolean;
  /** MSAA; default true. */
  antialias?: boolean;
  /**
   * Called once if the GPU device (or WebGL context) is lost; the view then stops drawing. The
   * owner can dispose it and build a new one (three picks WebGL2 if WebGPU is gone for good).
   */
  onDeviceLost?: (message: string) => void;
}

export type BackendName = 'webgpu' | 'webgl2';

/** Floats per ball in `particleData()`: x, y, f(x, y), flags (= ballFlags(group, status)). */
export const PARTICLE_STRIDE = 4;

/** The 3/4 view a landscape gets unless it says otherwise (Landscape.camera). */
const DEFAULT_CAMERA = { polar: 52, azimuth: 32 } as const;
/** The narrow side of a domain is never drawn shorter than this fraction of the wide side. */
const MIN_ASPECT = 0.5;
/** A 1D view shows one curve, often with a single ball (the lesson): draw it larger. */
const BALL_RADIUS_1D = 0.12;
/** 1D crowds above this many balls are spread upwards (ViewUniforms.crowdSpread) ... */
const CROWD_FROM = 16;
/** ... by up to this much per square root of the count, world units, and never more than CROWD_MAX_SPREAD. */
const CROWD_SPREAD_PER_ROOT = 0.025;
const CROWD_MAX_SPREAD = 1.2;
/** World room outside the domain's edges the framing keeps for the axes' tick labels. */
const AXIS_LABEL_ROOM = 0.6;

const DEFAULT_OPTIONS: ViewOptions = {
  wireframe: false,
  contours: true,
  logHeight: false,
  showMinima: true,
  basinMap: 'off',
  basinGroup: 0,
  trails: true,
  tangent: false,
  ballColor: 'group',
  localPatch: false,
};

function disposeTree(root: Object3D): void {
  root.traverse((object) => {
    const renderable = object as Partial<Mesh>;
    renderable.geometry?.dispose();
    const material = renderable.material;
    if (Array.isArray(material)) for (const m of material) m.dispose();
    else material?.dispose();
  });
}

/**
 * The landscape view: surface (or 1D curve), minima markers, balls, camera and orbit controls.
 * The caller drives the frame loop (`render()`), fills `particleData()` and resizes.
 */
export class LandscapeView {
  /** Which of three's backends draws; valid after `init()`. */
  backendName: BackendName = 'webgl2';

  private readonly renderer: WebGPURenderer;
  private readonly scene = new Scene();
  /** The world box the camera frames: the surface or curve, its markers and axis labels. */
  private readonly frameBox = new Box3();
  /** The surface or curve alone (no labels' room): what `screenRect` projects. */
  private readonly landscapeBox = new Box3();
  private readonly rig: CameraRig;
  private readonly input: ElementProxy | HTMLElement;
  private readonly uniforms = createUniforms();
  private readonly heights = heightNodes(this.uniforms);
  /** The same mapping in JS, for what is placed or picked on the CPU. */
  private readonly mapping = heightMapping(this.uniforms);
  private readonly options: ViewOptions = { ...DEFAULT_OPTIONS };
  /** Colour per group, linear RGB; a uniform array the ball shaders index by group. */
  private readonly groupColors = Array.from({ length: MAX_GROUPS }, () => new Color('#ffffff'));
  private readonly groupColorNode = uniformArray(this.groupColors, 'color');
  private readonly basin = new BasinOverlay();
  /** What the surface and curve meshes are built with (landscape-mesh.ts). */
  private readonly meshContext: MeshContext = {
    uniforms: this.uniforms,
    heights: this.heights,
    basin: this.basin,
    setHeightRange: (values, minima) => fitHeightRange(this.uniforms, values, minima),
  };
  /** The trail sample of every group, and the inspected ball's own longer, wider trail. */
  private readonly trails = new BallTrails(this.uniforms, this.heights);
  private readonly inspectedBall = new InspectedBall(this.mapping);
  private readonly axes = new AxesLayer();
  private readonly ballLabels = new BallLabelLayer();
  /** Ball 0's tangent line and local patch (ViewOptions.tangent and localPatch). */
  private readonly lesson = new LessonMarks(this.uniforms, this.mapping);
  private readonly steepness = new SteepnessColors(this.uniforms);
  private readonly picker = new Picker(this.mapping);
  private readonly clickListeners = new Set<(offsetX: number, offsetY: number, info: ClickInfo) => void>();
  private readonly stopClicks: () => void;

  /** Surface or curve, plus markers; rebuilt by setLandscape. */
  private landscapeRoot = new Group();
  private markers: Group | null = null;
  private particleObject: Mesh | null = null;
  private particleArray: Float32Array = new Float32Array(PARTICLE_STRIDE);
  private particleAttribute: StorageInstancedBufferAttribute | null = null;

  private landscape: Landscape | null = null;
  private domain: Domain | null = null;
  /** World extent of the current domain (x, z); depth is 0 for 1D. */
  private worldWidth = WORLD_SIZE;
  private worldDepth = WORLD_SIZE;
  private cssWidth = 1;
  private cssHeight = 1;
  private initialised = false;
  private disposed = false;
  private deviceLost = false;

  // Scratch objects, allocated once.
  private readonly labelScratch = new Vector3();
  private readonly corner = new Vector3();

  /**
   * @param canvas where to draw; an OffscreenCanvas in the render worker.
   * @param input pointer source for the orbit controls: an `ElementProxy` fed with forwarded events
   *   in a worker, or the canvas itself on the main thread.
   */
  constructor(
    canvas: OffscreenCanvas | HTMLCanvasElement,
    input: ElementProxy | HTMLElement,
    settings: LandscapeViewSettings = {},
  ) {
    this.input = input;
    this.renderer = new WebGPURenderer({
      canvas,
      antialias: settings.antialias ?? true,
      ...(settings.device === undefined ? {} : { device: settings.device }),
      ...(settings.forceWebGL === true ? { forceWebGL: true } : {}),
    });
    const reportLoss = this.renderer.onDeviceLost.bind(this.renderer);
    this.renderer.onDeviceLost = (info) => {
      reportLoss(info); // three's default: logs it and marks the renderer lost
      if (this.deviceLost || this.disposed) return;
      this.deviceLost = true;
      settings.onDeviceLost?.(`view: ${info.api} device lost: ${info.message}`);
    };
    this.renderer.setClearColor(BACKGROUND, 1);
    this.scene.background = new Color(BACKGROUND);
    this.scene.add(this.landscapeRoot);
    this.addLights();
    this.scene.add(
      this.trails.sample.mesh,
      this.trails.inspected.mesh,
      this.inspectedBall.layer.root,
      this.axes.root,
    );
    this.scene.add(this.ballLabels.labels.mesh);
    this.scene.add(this.lesson.tangent.mesh);
    this.stopClicks = listenForClicks(input as unknown as PointerSource, (x, y, info) => {
      for (const listener of this.clickListeners) listener(x, y, info);
    });

    // OrbitControls is typed for an HTMLElement; the proxy provides every member it uses.
    this.rig = new CameraRig(input as HTMLElement, this.frameBox);
  }

  /** Creates the GPU device or WebGL2 context; call once before anything is drawn. */
  async init(): Promise<void> {
    await this.renderer.init();
    const backend = this.renderer.backend as { isWebGPUBackend?: boolean };
    this.backendName = backend.isWebGPUBackend === true ? 'webgpu' : 'webgl2';
    this.initialised = true;
  }

  /** Builds the surface (or curve for 1D), the minima markers, and frames the camera. */
  setLandscape(landscape: Landscape, domain: Domain): void {
    this.landscape = landscape;
    this.domain = domain;
    this.scene.remove(this.landscapeRoot);
    disposeTree(this.landscapeRoot);
    this.landscapeRoot = new Group();
    this.landscapeRoot.name = 'landscape';
    this.scene.add(this.landscapeRoot);

    const u = this.uniforms;
    const width = domain.xMax - domain.xMin || 1;
    u.xCenter.value = (domain.xMin + domain.xMax) / 2;
    if (landscape.dimensions === 1) {
      u.xScale.value = WORLD_SIZE / width;
      this.worldWidth = WORLD_SIZE;
      this.worldDepth = 0;
      u.yCenter.value = 0;
      u.zScale.value = 0;
      this.applyBallRadius();
      this.landscapeRoot.add(...buildCurve(landscape, domain, this.meshContext));
      placeGrid(this.uniforms, domain.xMin, domain.xMax, 0, 0);
      this.landscapeRoot.add(buildBackdrop(this.uniforms));
    } else {
      const depth = domain.yMax - domain.yMin || 1;
      const aspect = Math.min(1 / MIN_ASPECT, Math.max(MIN_ASPECT, width / depth));
      const worldWidth = aspect >= 1 ? WORLD_SIZE : WORLD_SIZE * aspect;
      const worldDepth = aspect >= 1 ? WORLD_SIZE / aspect : WORLD_SIZE;
      u.xScale.value = worldWidth / width;
      this.worldWidth = worldWidth;
      this.worldDepth = worldDepth;
      u.yCenter.value = (domain.yMin + domain.yMax) / 2;
      u.zScale.value = worldDepth / depth;
      this.applyBallRadius();
      this.landscapeRoot.add(buildSurface(landscape, domain, this.meshContext));
      placeGrid(this.uniforms, domain.xMin, domain.xMax, domain.yMin, domain.yMax);
      this.landscapeRoot.add(buildFloor(this.uniforms));
    }
    u.halfWidth.value = this.worldWidth / 2;
    u.halfDepth.value = this.worldDepth / 2;
    this.markers = buildMinimaMarkers(landscape.minima, this.heights);
    this.landscapeRoot.add(this.markers);
    this.inspectedBall.measure(landscape, domain);
    this.steepness.setLandscape(landscape, domain);
    // Trails, arrows, ball 0's marks and the basin map belong to the previous landscape's run.
    this.trails.clear();
    this.setInspected(null);
    this.lesson.reset(this.worldWidth, this.worldDepth);
    this.placeLessonMarks();
    this.basin.setImage(null);
    this.applyOptions();
    this.drawAxes();
    this.setFrameBox(landscape);
    this.rig.setSubject(landscape.camera ?? DEFAULT_CAMERA, landscape.dimensions === 1);
    this.rig.frame(this.options.basinMap !== 'off' && landscape.dimensions === 2 ? 'top' : 'orbit');
  }

  /**
   * (Re)allocates the ball buffer for `count` balls and sets the group colours (CSS hex strings,
   * at most MAX_GROUPS are used). The new buffer is zeroed: fill it through `particleData()`.
   * `gpuBuffer`: on WebGPU, a buffer on the view's device that a compute pass writes (the GPU
   * backend's ball buffer): the balls are drawn from it, and `particleData()` is not used.
   * `array`: PARTICLE_STRIDE floats a ball that the caller fills (the CPU backend's balls as drawn,
   * in its own memory): `particleData()` is that array, uploaded as it is.
   */
  setParticles(
    count: number,
    groupColors: readonly string[],
    gpuBuffer: GPUBuffer | null = null,
    array: Float32Array | null = null,
  ): void {
    for (let i = 0; i < MAX_GROUPS; i++) {
      this.groupColors[i]?.set(groupColors[i] ?? groupColors[groupColors.length - 1] ?? '#ffffff');
    }
    if (this.particleObject !== null) {
      this.scene.remove(this.particleObject);
      disposeTree(this.particleObject);
      this.particleObject = null;
    }
    const ballCount = Math.max(0, Math.floor(count));
    if (array !== null && array.length !== ballCount * PARTICLE_STRIDE)
      throw new RangeError(`view: ${array.length} floats for ${ballCount} balls`);
    this.particleArray =
      array !== null && ballCount > 0 ? array : new Float32Array(Math.max(1, ballCount) * PARTICLE_STRIDE);
    this.particleAttribute = null;
    if (ballCount === 0) return;

    // A storage attribute: on WebGPU it can be drawn from the compute backend's buffer (see
    // shared-buffer.ts); on WebGL2 three treats it as a plain instanced vertex attribute.
    const ballBuffer = new StorageInstancedBufferAttribute(this.particleArray, PARTICLE_STRIDE);
    ballBuffer.name = 'particles';
    if (gpuBuffer !== null) {
      if (this.backendName !== 'webgpu') throw new Error('view: a GPU ball buffer needs the WebGPU renderer');
      drawFromGpuBuffer(this.renderer, ballBuffer, gpuBuffer);
    }
    this.particleAttribute = ballBuffer;
    this.particleObject = buildBalls(
      {
        uniforms: this.uniforms,
        heights: this.heights,
        groupColors: this.groupColorNode,
        steepnessColor: (x, y) => this.steepnessColor(x, y),
        batched: this.backendName === 'webgpu',
      },
      ballBuffer,
      ballCount,
    );
    this.particleObject.name = 'particles';
    this.applyBallRadius();
    this.scene.add(this.particleObject);
    this.ballLabels.refresh(ballCount, this.ballAnchor());
  }

  /**
   * Draws each text beside the ball with that global index, following it; `[]` clears. Labels
   * of balls that do not exist are left out.
   */
  setBallLabels(labels: readonly BallLabel[]): void {
    this.ballLabels.set(labels, this.particleAttribute?.count ?? 0, this.ballAnchor());
  }

  /** On WebGPU, a ball's centre read from the ball buffer by the labels' shader; null on WebGL2. */
  private ballAnchor(): AnchorOf | null {
    const attribute = this.particleAttribute;
    if (this.backendName !== 'webgpu' || attribute === null) return null;
    const h = this.heights;
    const radius = this.uniforms.ballRadius;
    const buffer = storage(attribute, 'vec4', attribute.count);
    return (ball) => {
      const b = buffer.element(ball);
      return vec3(h.edgeX(b.x), h.height(b.z).add(radius), h.edgeZ(b.y));
    };
  }

  /** The ball buffer: PARTICLE_STRIDE floats per ball (x, y, f(x, y), ballFlags(group, status)). */
  particleData(): Float32Array {
    return this.particleArray;
  }

  /** Uploads `particleData()` before the next frame. */
  markParticlesDirty(): void {
    if (this.particleAttribute !== null) this.particleAttribute.needsUpdate = true;
  }

  /** The current options (a copy). */
  getOptions(): ViewOptions {
    return { ...this.options };
  }

  setOptions(partial: Partial<ViewOptions>): void {
    const mapWasOff = this.options.basinMap === 'off';
    if (partial.wireframe !== undefined) this.options.wireframe = partial.wireframe;
    if (partial.contours !== undefined) this.options.contours = partial.contours;
    if (partial.logHeight !== undefined) this.options.logHeight = partial.logHeight;
    if (partial.showMinima !== undefined) this.options.showMinima = partial.showMinima;
    if (partial.basinMap !== undefined) this.options.basinMap = partial.basinMap;
    if (partial.basinGroup !== undefined) this.options.basinGroup = partial.basinGroup;
    if (partial.trails !== undefined) this.options.trails = partial.trails;
    if (partial.tangent !== undefined) this.options.tangent = partial.tangent;
    if (partial.ballColor !== undefined) this.options.ballColor = partial.ballColor;
    if (partial.localPatch !== undefined) this.options.localPatch = partial.localPatch;
    this.applyOptions();
    this.placeLessonMarks();
    // A map of start points reads best from straight above; the person can orbit away again.
    if (mapWasOff && this.options.basinMap !== 'off' && this.landscape?.dimensions === 2) {
      this.rig.frame('top');
    }
    // The arrows and the f ticks are placed in JS with the height mapping: follow a log/linear switch.
    if (partial.logHeight !== undefined) {
      this.setInspected(this.inspectedBall.marks);
      this.drawAxes();
    }
  }

  /** Shows a painted basin map (see basin-map.ts) while `basinMap` is on; null clears it. */
  setBasinImage(image: BasinImage | null): void {
    this.basin.setImage(image);
  }

  /** Redraws the sample trails (ring buffers of finite points; colours by group). */
  setTrails(paths: readonly TrailPath[]): void {
    if (this.landscape === null) return;
    this.trails.setSample(paths, this.groupColors, this.landscape, this.domain);
  }

  /** Redraws the inspected ball's trail; null removes it. */
  setInspectedTrail(path: TrailPath | null): void {
    this.trails.setInspected(path, this.groupColors, this.landscape, this.domain);
  }

  /**
   * Rings the inspected ball and draws its slope arrow (downhill, length growing with the
   * steepness |∇f| up to a cap) and velocity arrow; null stops inspecting.
   */
  setInspected(marks: InspectMarks | null): void {
    this.inspectedBall.show(marks, this.landscape, this.domain, this.uniforms.ballRadius.value);
  }

  /**
   * Where ball 0 is (domain x, and y on a surface), for the tangent line (1D, `tangent` option)
   * and the local patch (`localPatch`); null, or a non-finite point (a diverged ball), hides both:
   * with the patch on, no ground at all is drawn then.
   */
  setFocusBall(x: number | null, y = 0): void {
    this.lesson.setFocus(x, y);
    this.placeLessonMarks();
  }

  /** Places ball 0's tangent line and local patch for the landscape and options now shown. */
  private placeLessonMarks(): void {
    this.lesson.place(this.landscape, this.domain, this.options);
  }

  /**
   * Calls `listener` with the canvas position (CSS pixels) of every click or tap on the view, and
   * whether Shift was held.
   */
  onClick(listener: (offsetX: number, offsetY: number, info: ClickInfo) => void): () => void {
    this.clickListeners.add(listener);
    return () => this.clickListeners.delete(listener);
  }

  /**
   * The ball drawn nearest to a canvas position (CSS pixels), within `maxPixels`; -1 if none.
   * `position(i, out)` writes ball i's x, y and f into `out` and returns false to skip it (a
   * diverged ball). Projects every ball once: a few tens of ms at a million, fine for a click.
   */
  ballNear(
    offsetX: number,
    offsetY: number,
    count: number,
    position: (index: number, out: Float64Array) => boolean,
    maxPixels = PICK_RADIUS_PX,
  ): number {
    const context = this.pickContext();
    if (context === null) return -1;
    const radius = this.uniforms.ballRadius.value;
    return this.picker.ballNear(context, offsetX, offsetY, count, position, radius, maxPixels);
  }

  /**
   * A PNG of the view as it is now: draws a frame and encodes the canvas in the same task, before
   * the browser presents (and may discard) the drawing buffer.
   */
  async toPng(): Promise<Blob> {
    if (!this.initialised || this.disposed || this.deviceLost) {
      throw new Error('view: nothing to capture (the view is not running)');
    }
    return capturePng(() => this.render(), this.renderer.domElement as HTMLCanvasElement | OffscreenCanvas);
  }

  /**
   * World position of the surface point over domain point (x, y), raised by `lift` world units
   * (y ignored for 1D). The JS mirror of the shaders' mapping, for what is placed in JS.
   */
  worldPoint(x: number, y: number, lift: number, out: Vector3): Vector3 {
    return this.mapping.surfacePoint(this.landscape, x, y, lift, out);
  }

  /**
   * Sets the drawing size in CSS pixels and the device pixel ratio, and the canvas margins the
   * page's panels cover (the landscape is framed into the rest).
   */
  resize(width: number, height: number, pixelRatio: number, insets?: ViewInsets): void {
    this.cssWidth = Math.max(1, Math.floor(width));
    this.cssHeight = Math.max(1, Math.floor(height));
    this.renderer.setPixelRatio(pixelRatio);
    // updateStyle false: an OffscreenCanvas has no style, and a page canvas is sized by its CSS.
    this.renderer.setSize(this.cssWidth, this.cssHeight, false);
    this.rig.setSize(this.cssWidth, this.cssHeight, insets);
    this.axes.labels.setScreen(this.cssWidth, this.cssHeight);
    this.ballLabels.labels.setScreen(this.cssWidth, this.cssHeight);
    if (this.input instanceof ElementProxy) this.input.setSize(this.cssWidth, this.cssHeight);
  }

  /** Puts the camera back to the landscape's starting view, or straight above it (`top`). */
  resetCamera(mode: CameraMode = 'orbit'): void {
    this.rig.frame(mode);
  }

  /**
   * The height colour map: f at its bottom and top (the linear scale's; the log scale bends the
   * colours between them) and the ramp's stops, bottom to top. Null before a landscape is set.
   */
  heightScale(): { min: number; max: number; colors: readonly string[] } | null {
    if (this.landscape === null) return null;
    const u = this.uniforms;
    return { min: u.fMin.value, max: u.fMin.value + u.fRange.value, colors: HEIGHT_RAMP };
  }

  /**
   * Where the landscape's box (the domain from the floor to the top of the height scale) appears
   * on the canvas, CSS px from its top-left corner, and whether the camera is orthographic: for
   * tests of the framing. Null before a landscape is set or with a corner behind the camera.
   */
  screenRect(): { left: number; top: number; right: number; bottom: number; orthographic: boolean } | null {
    const context = this.pickContext();
    if (context === null) return null;
    const box = this.landscapeBox;
    let left = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    let top = Number.POSITIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < 8; k++) {
      this.corner.set(
        k & 1 ? box.max.x : box.min.x,
        k & 2 ? box.max.y : box.min.y,
        k & 4 ? box.max.z : box.min.z,
      );
      const at = this.picker.toCanvas(context, this.corner);
      if (at === null) return null;
      left = Math.min(left, at.offsetX);
      right = Math.max(right, at.offsetX);
      top = Math.min(top, at.offsetY);
      bottom = Math.max(bottom, at.offsetY);
    }
    return { left, top, right, bottom, orthographic: this.rig.camera === this.rig.orthographic };
  }

  /** Which camera draws: `top` is the orthographic map view. */
  get cameraMode(): CameraMode {
    return this.rig.mode;
  }

  /**
   * Turns the camera around its target by `azimuth` and `polar` radians and scales its distance
   * by `zoom` (below 1 is closer), within the orbit controls' limits: what a drag and the wheel
   * do, for the keyboard.
   */
  orbitBy(azimuth: number, polar: number, zoom = 1): void {
    this.rig.orbitBy(azimuth, polar, zoom);
  }

  /** World centre of a ball from its ball buffer entry (JS mirror of ballNodes' `center`). */
  private readonly placeBall = (x: number, y: number, f: number, out: Vector3): Vector3 => {
    const { mapping } = this;
    const is1d = this.landscape?.dimensions === 1;
    return out.set(
      mapping.edgeX(x),
      mapping.height(f) + this.uniforms.ballRadius.value,
      is1d ? 0 : mapping.edgeZ(y),
    );
  };

  /** Whether the GPU device or WebGL context was lost (see `onDeviceLost`). */
  get isDeviceLost(): boolean {
    return this.deviceLost;
  }

  /** Draws one frame. Does nothing before `init()`, after `dispose()` or after a device loss. */
  render(): void {
    if (!this.initialised || this.disposed || this.deviceLost) return;
    this.rig.update();
    this.ballLabels.follow(this.particleArray, this.placeBall, this.labelScratch);
    const camera = this.rig.camera;
    this.inspectedBall.layer.faceCamera(camera.quaternion);
    this.renderer.render(this.scene, camera);
  }

  /**
   * The domain point under a canvas position (CSS pixels from the canvas's top-left corner), found
   * by marching the camera ray against the mapped surface; null when the ray misses it.
   */
  pick(offsetX: number, offsetY: number): { x: number; y: number } | null {
    const context = this.pickContext();
    return context === null ? null : this.picker.pick(context, offsetX, offsetY);
  }

  /**
   * Where the surface point over domain point (x, y) appears on the canvas, in CSS pixels from its
   * top-left corner (y is ignored for 1D); null when it is behind the camera. For overlays such
   * as labels, and the inverse of `pick`.
   */
  project(x: number, y: number): { offsetX: number; offsetY: number } | null {
    const context = this.pickContext();
    return context === null ? null : this.picker.project(context, x, y);
  }

  /** What picking needs of the view now; null before a landscape is set. */
  private pickContext(): PickContext | null {
    const { landscape, domain } = this;
    if (landscape === null || domain === null) return null;
    return { landscape, domain, camera: this.rig.camera, width: this.cssWidth, height: this.cssHeight };
  }

  /** Frees every GPU object and the controls. Safe to call more than once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopClicks();
    this.clickListeners.clear();
    this.rig.dispose();
    disposeTree(this.scene);
    this.basin.dispose();
    this.axes.dispose();
    this.ballLabels.labels.dispose();
    this.steepness.dispose();
    this.renderer.dispose();
  }

  // ---------------------------------------------------------------------------------------------

  private addLights(): void {
    const hemisphere = new HemisphereLight('#c8d4ff', '#1a1e2a', 1.8);
    hemisphere.name = 'sky light';
    const sun = new DirectionalLight('#fff4e0', 2.6);
    sun.name = 'sun';
    sun.position.set(6, 12, 8);
    this.scene.add(hemisphere, sun);
  }

  private applyOptions(): void {
    const u = this.uniforms;
    u.logMix.value = this.options.logHeight ? 1 : 0;
    u.contourMix.value = this.options.contours ? 1 : 0;
    u.wireMix.value = this.options.wireframe ? 1 : 0;
    // The patch's ball cannot see the minima either.
    if (this.markers !== null) this.markers.visible = this.options.showMinima && !this.options.localPatch;
    // Nor the scale of the whole landscape.
    this.axes.setVisible(!this.options.localPatch);
    this.basin.setVisible(this.options.basinMap !== 'off');
    // The local patch shows only what the ball feels: a trail would draw the hidden curve.
    this.trails.sample.mesh.visible = this.options.trails && !this.options.localPatch;
    u.patchMix.value = this.options.localPatch ? 1 : 0;
    const steepness = this.options.ballColor === 'steepness';
    u.steepnessMix.value = steepness ? 1 : 0;
    if (steepness) this.steepness.bake(this.landscape, this.domain);
  }

  /** Ball radius for the current landscape and count (sprites shrink as they multiply). */
  private applyBallRadius(): void {
    const base = this.landscape?.dimensions === 1 ? BALL_RADIUS_1D : BALL_RADIUS;
    const count = this.particleAttribute?.count ?? 0;
    this.uniforms.ballRadius.value = base * ballScale(count);
    this.uniforms.crowdSpread.value =
      this.landscape?.dimensions === 1 && count > CROWD_FROM
        ? Math.min(CROWD_MAX_SPREAD, CROWD_SPREAD_PER_ROOT * Math.sqrt(count))
        : 0;
  }

  /** The steepness colour the ball shaders read (see steepness-colors.ts). */
  private steepnessColor(x: FloatNode, y: FloatNode): Node<'vec3'> {
    return this.steepness.color(x, y);
  }

  /** Axes with ticks for the current landscape and height scale. */
  private drawAxes(): void {
    const { landscape, domain } = this;
    if (landscape === null || domain === null) return;
    const { mapping } = this;
    const fMin = this.uniforms.fMin.value;
    this.axes.set(
      axisDrawing({
        dimensions: landscape.dimensions === 1 ? 1 : 2,
        xMin: domain.xMin,
        xMax: domain.xMax,
        yMin: domain.yMin,
        yMax: domain.yMax,
        worldX: mapping.worldX,
        worldZ: mapping.worldZ,
        height: mapping.height,
        fMin,
        fMax: fMin + this.uniforms.fRange.value,
        ...(landscape.variables ? { names: landscape.variables } : {}),
      }),
    );
  }

  /**
   * The box the camera frames: the surface (or curve) with its minima markers, and room for the
   * axes' labels outside the domain's edges.
   */
  private setFrameBox(landscape: Landscape): void {
    let top = HEIGHT_SCALE;
    for (const m of landscape.minima) {
      if (Number.isFinite(m.value)) top = Math.max(top, this.mapping.height(m.value) + MARKER_HEIGHT);
    }
    this.landscapeBox.min.set(-this.worldWidth / 2, 0, -this.worldDepth / 2);
    this.landscapeBox.max.set(this.worldWidth / 2, HEIGHT_SCALE, this.worldDepth / 2);
    const margin = AXIS_LABEL_ROOM;
    if (landscape.dimensions === 1) {
      this.frameBox.min.set(-this.worldWidth / 2 - margin, -margin, 0);
      this.frameBox.max.set(this.worldWidth / 2 + margin, top + BALL_RADIUS_1D * 2, 0);
    } else {
      // The same room on both sides, though the labels are on two: the domain's middle stays the
      // middle of the picture (and of the top view's map).
      this.frameBox.min.set(-this.worldWidth / 2 - margin, 0, -this.worldDepth / 2 - margin);
      this.frameBox.max.set(this.worldWidth / 2 + margin, top, this.worldDepth / 2 + margin);
    }
  }
}
