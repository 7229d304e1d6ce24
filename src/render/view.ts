/**
 * The three.js view of a landscape and its balls. It runs in a worker on a transferred
 * OffscreenCanvas (or on a page canvas, e.g. in tests) through `WebGPURenderer`, which falls back
 * to WebGL2 by itself when there is no WebGPU. Everything that depends on the height mapping
 * (linear or log) is computed on the GPU from raw f values, so switching the scale costs no CPU
 * work even at a million balls; the same mapping is mirrored in JS only for picking and framing.
 *
 * World frame: domain x -> world +X, domain y -> world -Z (so y grows away from the default
 * camera), f -> world +Y in [0, HEIGHT_SCALE]. The domain fills a square of side WORLD_SIZE.
 */

import { clamp, dot, float, log, max, sqrt, storage, texture, uniformArray, vec2, vec3 } from 'three/tsl';
import {
  Box3,
  ClampToEdgeWrapping,
  Color,
  DataTexture,
  DataUtils,
  DirectionalLight,
  Group,
  HalfFloatType,
  HemisphereLight,
  LinearFilter,
  Matrix4,
  type Mesh,
  type Node,
  type Object3D,
  Raycaster,
  RGFormat,
  Scene,
  StorageInstancedBufferAttribute,
  Vector2,
  Vector3,
  WebGPURenderer,
} from 'three/webgpu';
import { MAX_GROUPS } from '../core/group-limit.ts';
import type { Domain, Landscape } from '../core/landscape.ts';
import { AxesLayer, axisDrawing } from './axes.ts';
import { type BallLabel, BallLabelLayer } from './ball-labels.ts';
import { ballScale, buildBalls } from './ball-layer.ts';
import type { BasinImage, BasinMode } from './basin-map.ts';
import { BasinOverlay } from './basin-overlay.ts';
import { type CameraMode, CameraRig, type ViewInsets } from './camera-rig.ts';
import { type ClickInfo, listenForClicks, type PointerSource } from './click.ts';
import { ElementProxy } from './element-proxy.ts';
import { buildBackdrop, buildFloor, placeGrid } from './grid.ts';
import { arrowLength, InspectLayer } from './inspect-layer.ts';
import type { AnchorOf } from './labels.ts';
import { buildCurve, buildSurface, type MeshContext } from './landscape-mesh.ts';
import { buildMinimaMarkers, MARKER_HEIGHT } from './minima-markers.ts';
import { BACKGROUND, HEIGHT_RAMP } from './palette.ts';
import { STEEPNESS_FIELD_SIZE, STEEPNESS_RAMP, steepnessField } from './steepness.ts';
import { TangentLine } from './tangent-line.ts';
import { TrailLayer, type TrailPath, type TrailShape } from './trails.ts';
import {
  BALL_RADIUS,
  createUniforms,
  type FloatNode,
  HEIGHT_SCALE,
  heightNodes,
  MAX_NORMALISED_HEIGHT,
  rampColor,
  WORLD_SIZE,
} from './view-nodes.ts';

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
   * ball 0 (PATCH_SHARE of the domain either side on a 1D curve, a disc of that radius on a
   * surface), following it as it steps; the minima markers hide too, as the ball cannot see them.
   */
  localPatch: boolean;
}

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
/** No bounds: before a landscape is set. */
const EVERYWHERE: Domain = { xMin: -Infinity, xMax: Infinity, yMin: -Infinity, yMax: Infinity };
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
/**
 * The log scale's softness s is this quantile of (f - fMin) over the grid: the lowest 5% of the
 * landscape then takes a readable share of the height instead of a flat floor.
 */
const LOG_SOFTNESS_QUANTILE = 0.05;

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

/**
 * The local patch's half-width (1D) or radius (2D), as a share of the domain's wider side: on the
 * lesson's curve (x from -2 to 8) x ± 1, a bit shorter than the tangent (± 1.5, tangent-line.ts), so
 * the straight line visibly leaves the ground it was drawn from.
 */
const PATCH_SHARE = 0.1;

/** Longest arrow, as a share of the domain's larger side: long enough to read, never off-screen. */
const ARROW_CAP_SHARE = 0.25;
/** Samples per side when estimating a landscape's typical steepness (the arrows' scale). */
const STEEPNESS_SAMPLES = 24;
/** Which quantile of the sampled |∇f| counts as typical (see typicalSteepness). */
const STEEPNESS_QUANTILE = 0.1;
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
/** Canvas distance (CSS pixels) within which a click picks a ball. */
const PICK_RADIUS_PX = 14;
/** On a 1D view, `pick` finds the curve's x within this many world units above or below the plot. */
const PICK_1D_MARGIN = 0.5;

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
    setHeightRange: (values, minima) => this.setHeightRange(values, minima),
  };
  /** The trail sample of every group, and the inspected ball's own longer, wider trail. */
  private readonly trails: TrailLayer;
  private readonly inspectedTrail: TrailLayer;
  private readonly inspectLayer = new InspectLayer();
  private readonly axes = new AxesLayer();
  private readonly ballLabels = new BallLabelLayer();
  private inspected: InspectMarks | null = null;
  /** The tangent line (see ViewOptions.tangent). */
  private readonly tangentLine = new TangentLine();
  /** Where ball 0 is (domain x, y), for the tangent line and the local patch; null: nowhere. */
  private focus: { x: number; y: number } | null = null;
  /**
   * ∇f over the domain as half floats, for the steepness colours (see steepness.ts). Baked on
   * first use after each setLandscape, so views that never colour by steepness never pay for it.
   */
  private readonly steepnessTexture = createFieldTexture(STEEPNESS_FIELD_SIZE);
  private steepnessFieldStale = true;
  /** A typical |∇f| on the landscape: the slope at which an arrow is drawn at half its longest. */
  private typicalSteepness = 1;
  private readonly clickListeners = new Set<(offsetX: number, offsetY: number, info: ClickInfo) => void>();
  private readonly stopClicks: () => void;

  /** Surface or curve, plus markers; rebuilt by setLandscape. */
  private landscapeRoot = new Group();
  private markers: Group | null = null;
  private particleObject: Mesh | null = null;
  private particleArray = new Float32Array(PARTICLE_STRIDE);
  private particleAttribute: StorageInstancedBufferAttribute | null = null;

  private landscape: Landscape | null = null;
  private domain: Domain | null = null;
  /** JS copies of the mapping uniforms, for picking and framing. */
  private fMin = 0;
  private fRange = 1;
  private logSoftness = 1;
  private logDenominator = 1;
  /** World extent of the current domain (x, z); depth is 0 for 1D. */
  private worldWidth = WORLD_SIZE;
  private worldDepth = WORLD_SIZE;
  private cssWidth = 1;
  private cssHeight = 1;
  private initialised = false;
  private disposed = false;
  private deviceLost = false;

  // Scratch objects for pick(), allocated once.
  private readonly raycaster = new Raycaster();
  private readonly pointerNdc = new Vector2();
  private readonly rayPoint = new Vector3();
  // Scratch objects for the inspected ball's arrows and for ballNear().
  private readonly ballCentre = new Vector3();
  private readonly labelScratch = new Vector3();
  private readonly gradientTip = new Vector3();
  private readonly velocityTip = new Vector3();
  private readonly projectionView = new Matrix4();
  private readonly ballScratch = new Float64Array(3);

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
    const h = this.heights;
    const place = (point: Node<'vec3'>): Node<'vec3'> =>
      vec3(h.edgeX(point.x), h.height(point.z), h.edgeZ(point.y));
    // On the surface (or the curve), lifted a hair; as wide as for few balls whatever the count,
    // so they never thin into dashes under a crowd of small balls.
    const lift = float(TRAIL_LIFT);
    this.trails = new TrailLayer(
      place,
      float(BALL_RADIUS * TRAIL_WIDTH_SHARE),
      lift,
      TRAIL_SEGMENTS,
      'trails',
    );
    this.inspectedTrail = new TrailLayer(
      place,
      float(BALL_RADIUS * INSPECTED_TRAIL_WIDTH_SHARE),
      lift,
      1024,
      'inspected trail',
    );
    this.scene.add(this.trails.mesh, this.inspectedTrail.mesh, this.inspectLayer.root, this.axes.root);
    this.scene.add(this.ballLabels.labels.mesh);
    this.scene.add(this.tangentLine.mesh);
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
    this.typicalSteepness = typicalSteepness(landscape, domain);
    this.setFieldMapping(landscape, domain);
    this.steepnessFieldStale = true;
    // Trails, arrows and the basin map belong to the previous landscape's run.
    this.trails.clear();
    this.inspectedTrail.clear();
    this.setInspected(null);
    this.focus = null;
    this.placeTangent();
    this.placePatch();
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
   */
  setParticles(count: number, groupColors: readonly string[]): void {
    for (let i = 0; i < MAX_GROUPS; i++) {
      this.groupColors[i]?.set(groupColors[i] ?? groupColors[groupColors.length - 1] ?? '#ffffff');
    }
    if (this.particleObject !== null) {
      this.scene.remove(this.particleObject);
      disposeTree(this.particleObject);
      this.particleObject = null;
    }
    const ballCount = Math.max(0, Math.floor(count));
    this.particleArray = new Float32Array(Math.max(1, ballCount) * PARTICLE_STRIDE);
    this.particleAttribute = null;
    if (ballCount === 0) return;

    // A storage attribute: on WebGPU its GPUBuffer can be written by the compute backend directly
    // (see gpuParticleBuffer); on WebGL2 three treats it as a plain instanced vertex attribute.
    const ballBuffer = new StorageInstancedBufferAttribute(this.particleArray, PARTICLE_STRIDE);
    ballBuffer.name = 'particles';
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

  /**
   * The GPUBuffer three created for the ball buffer, so a WebGPU compute pass on the same device
   * can write positions in place. Exists only on the WebGPU backend and after the first `render()`
   * following `setParticles`; relies on three internals (`backend.get(attribute).buffer`).
   */
  gpuParticleBuffer(): GPUBuffer | null {
    if (this.backendName !== 'webgpu' || this.particleAttribute === null) return null;
    const backend = this.renderer.backend as unknown as { get(object: object): { buffer?: GPUBuffer } };
    return backend.get(this.particleAttribute).buffer ?? null;
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
    this.placeTangent();
    this.placePatch();
    // A map of start points reads best from straight above; the person can orbit away again.
    if (mapWasOff && this.options.basinMap !== 'off' && this.landscape?.dimensions === 2) {
      this.rig.frame('top');
    }
    // The arrows and the f ticks are placed in JS with the height mapping: follow a log/linear switch.
    if (partial.logHeight !== undefined) {
      this.setInspected(this.inspected);
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
    this.trails.update(paths, this.groupColors, this.landscape.f, this.trailShape(DRAWN_TRAILS_PER_GROUP));
  }

  /** Redraws the inspected ball's trail; null removes it. */
  setInspectedTrail(path: TrailPath | null): void {
    if (this.landscape === null || path === null) {
      this.inspectedTrail.clear();
      return;
    }
    this.inspectedTrail.update([path], this.groupColors, this.landscape.f, this.trailShape(1));
  }

  /** Trails follow the surface in pieces of at most TRAIL_PIECE world units, over the landscape only. */
  private trailShape(perGroup: number): TrailShape {
    const u = this.uniforms;
    return {
      perGroup,
      maxPiece: TRAIL_PIECE,
      xUnit: 1 / u.xScale.value,
      yUnit: u.zScale.value > 0 ? 1 / u.zScale.value : Number.POSITIVE_INFINITY,
      bounds: this.domain ?? EVERYWHERE,
      twoD: this.landscape?.dimensions !== 1,
    };
  }

  /**
   * Rings the inspected ball and draws its slope arrow (downhill, length growing with the
   * steepness |∇f| up to a cap) and velocity arrow; null stops inspecting.
   */
  setInspected(marks: InspectMarks | null): void {
    this.inspected = marks;
    const { landscape, domain } = this;
    if (marks === null || landscape === null || domain === null || !finitePair(marks.x, marks.y)) {
      this.inspectLayer.update(null, 0, null, null);
      return;
    }
    const radius = this.uniforms.ballRadius.value;
    if (marks.diverged) {
      // Where the ball itself is drawn: clamped to the domain (see the simulation's render data).
      const x = Math.min(domain.xMax, Math.max(domain.xMin, marks.x));
      const y = Math.min(domain.yMax, Math.max(domain.yMin, marks.y));
      this.inspectLayer.update(this.worldPoint(x, y, radius, this.ballCentre), radius * 2.2, null, null);
      return;
    }
    this.worldPoint(marks.x, marks.y, radius, this.ballCentre);
    const cap = ARROW_CAP_SHARE * Math.max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
    const tip = (vector: readonly [number, number] | null, sign: number, out: Vector3): Vector3 | null => {
      if (vector === null || !finitePair(vector[0], vector[1])) return null;
      const magnitude = Math.hypot(vector[0], vector[1]);
      const reach = arrowLength(magnitude, this.typicalSteepness, cap);
      if (reach <= 0) return null;
      const scale = (sign * reach) / magnitude;
      return this.worldPoint(marks.x + vector[0] * scale, marks.y + vector[1] * scale, radius, out);
    };
    this.inspectLayer.update(
      this.ballCentre,
      radius * 2.2,
      // The slope arrow points downhill (-∇f): the way the slope pushes the ball.
      tip(marks.gradient, -1, this.gradientTip),
      tip(marks.velocityPerRate, 1, this.velocityTip),
    );
  }

  /**
   * Where ball 0 is (domain x, and y on a surface), for the tangent line (1D, `tangent` option)
   * and the local patch (`localPatch`); null, or a non-finite point (a diverged ball), hides both:
   * with the patch on, no ground at all is drawn then.
   */
  setFocusBall(x: number | null, y = 0): void {
    this.focus = x !== null && finitePair(x, y) ? { x, y } : null;
    this.placeTangent();
    this.placePatch();
  }

  /** Centres the local patch on ball 0 (far off screen while there is none: nothing shows). */
  private placePatch(): void {
    const u = this.uniforms;
    const { focus, domain } = this;
    if (focus === null || domain === null) {
      u.patchX.value = 1e6;
      u.patchZ.value = 1e6;
      return;
    }
    u.patchX.value = (focus.x - u.xCenter.value) * u.xScale.value;
    u.patchZ.value = -(focus.y - u.yCenter.value) * u.zScale.value;
  }

  /** The tangent segment through ball 0 on a 1D curve (the `tangent` option; hidden otherwise). */
  private placeTangent(): void {
    const { landscape, domain } = this;
    const x = this.options.tangent ? (this.focus?.x ?? null) : null;
    this.tangentLine.place(x, landscape, domain, (at, value, out) => this.tangentPoint(at, value, out));
  }

  /** World point of (x, value) on a 1D view, with the linear mapping left unclamped. */
  private tangentPoint(x: number, value: number, out: Vector3): Vector3 {
    const u = this.uniforms;
    const height = this.options.logHeight
      ? this.normalisedHeight(value) * HEIGHT_SCALE
      : ((value - this.fMin) / this.fRange) * HEIGHT_SCALE;
    return out.set((x - u.xCenter.value) * u.xScale.value, height, 0);
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
   * The ball drawn nearest to a canvas position (CSS pixels), within PICK_RADIUS_PX; -1 if none.
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
    if (this.landscape === null) return -1;
    const u = this.uniforms;
    const camera = this.rig.camera;
    camera.updateMatrixWorld();
    const m = this.projectionView.multiplyMatrices(
      camera.projectionMatrix,
      camera.matrixWorldInverse,
    ).elements;
    const radius = u.ballRadius.value;
    const scratch = this.ballScratch;
    const is1d = this.landscape.dimensions === 1;
    let best = -1;
    let bestDistance = maxPixels * maxPixels;
    for (let i = 0; i < count; i++) {
      if (!position(i, scratch)) continue;
      const wx = ((scratch[0] ?? 0) - u.xCenter.value) * u.xScale.value;
      const wy = this.normalisedHeight(scratch[2] ?? 0) * HEIGHT_SCALE + radius;
      const wz = is1d ? 0 : -((scratch[1] ?? 0) - u.yCenter.value) * u.zScale.value;
      const w = (m[3] ?? 0) * wx + (m[7] ?? 0) * wy + (m[11] ?? 0) * wz + (m[15] ?? 0);
      if (!(w > 1e-6)) continue; // behind the camera
      const ndcX = ((m[0] ?? 0) * wx + (m[4] ?? 0) * wy + (m[8] ?? 0) * wz + (m[12] ?? 0)) / w;
      const ndcY = ((m[1] ?? 0) * wx + (m[5] ?? 0) * wy + (m[9] ?? 0) * wz + (m[13] ?? 0)) / w;
      const dx = ((ndcX + 1) / 2) * this.cssWidth - offsetX;
      const dy = ((1 - ndcY) / 2) * this.cssHeight - offsetY;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best;
  }

  /**
   * A PNG of the view as it is now: draws a frame and encodes the canvas in the same task, before
   * the browser presents (and may discard) the drawing buffer.
   */
  async toPng(): Promise<Blob> {
    if (!this.initialised || this.disposed || this.deviceLost) {
      throw new Error('view: nothing to capture (the view is not running)');
    }
    this.render();
    const canvas = this.renderer.domElement as HTMLCanvasElement | OffscreenCanvas;
    if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/png' });
    return new Promise((resolve, reject) => {
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('view: the canvas could not be encoded'))),
        'image/png',
      );
    });
  }

  /**
   * World position of the surface point over domain point (x, y), raised by `lift` world units
   * (y ignored for 1D). The JS mirror of the shaders' mapping, for what is placed in JS.
   */
  worldPoint(x: number, y: number, lift: number, out: Vector3): Vector3 {
    const landscape = this.landscape;
    const u = this.uniforms;
    const is1d = landscape?.dimensions === 1;
    const f = landscape ? landscape.f(x, is1d ? 0 : y) : 0;
    return out.set(
      (x - u.xCenter.value) * u.xScale.value,
      this.normalisedHeight(f) * HEIGHT_SCALE + lift,
      is1d ? 0 : -(y - u.yCenter.value) * u.zScale.value,
    );
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
    return { min: this.fMin, max: this.fMin + this.fRange, colors: HEIGHT_RAMP };
  }

  /**
   * Where the landscape's box (the domain from the floor to the top of the height scale) appears
   * on the canvas, CSS px from its top-left corner, and whether the camera is orthographic: for
   * tests of the framing. Null before a landscape is set or with a corner behind the camera.
   */
  screenRect(): { left: number; top: number; right: number; bottom: number; orthographic: boolean } | null {
    if (this.landscape === null) return null;
    const camera = this.rig.camera;
    camera.updateMatrixWorld();
    const box = this.landscapeBox;
    let left = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    let top = Number.POSITIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < 8; k++) {
      this.rayPoint
        .set(k & 1 ? box.max.x : box.min.x, k & 2 ? box.max.y : box.min.y, k & 4 ? box.max.z : box.min.z)
        .project(camera);
      if (this.rayPoint.z > 1) return null;
      const x = ((this.rayPoint.x + 1) / 2) * this.cssWidth;
      const y = ((1 - this.rayPoint.y) / 2) * this.cssHeight;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
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
    const u = this.uniforms;
    const is1d = this.landscape?.dimensions === 1;
    const edge = (value: number, half: number) => Math.min(half, Math.max(-half, value));
    return out.set(
      edge((x - u.xCenter.value) * u.xScale.value, u.halfWidth.value),
      this.normalisedHeight(f) * HEIGHT_SCALE + u.ballRadius.value,
      is1d ? 0 : edge(-(y - u.yCenter.value) * u.zScale.value, u.halfDepth.value),
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
    this.inspectLayer.faceCamera(camera.quaternion);
    this.renderer.render(this.scene, camera);
  }

  /**
   * The domain point under a canvas position (CSS pixels from the canvas's top-left corner), found
   * by marching the camera ray against the mapped surface; null when the ray misses it.
   */
  pick(offsetX: number, offsetY: number): { x: number; y: number } | null {
    const { landscape, domain } = this;
    if (landscape === null || domain === null) return null;
    this.pointerNdc.set((offsetX / this.cssWidth) * 2 - 1, -(offsetY / this.cssHeight) * 2 + 1);
    const camera = this.rig.camera;
    camera.updateMatrixWorld();
    this.raycaster.setFromCamera(this.pointerNdc, camera);
    const { origin, direction } = this.raycaster.ray;
    const u = this.uniforms;
    const toDomainX = (worldX: number) => worldX / u.xScale.value + u.xCenter.value;
    const toDomainY = (worldZ: number) => -worldZ / u.zScale.value + u.yCenter.value;

    if (landscape.dimensions === 1) {
      if (Math.abs(direction.z) < 1e-9) return null;
      const t = -origin.z / direction.z;
      if (t < 0) return null;
      const x = toDomainX(origin.x + t * direction.x);
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
      const x = toDomainX(this.rayPoint.x);
      const y = toDomainY(this.rayPoint.z);
      if (x < domain.xMin || x > domain.xMax || y < domain.yMin || y > domain.yMax) return 1;
      return this.rayPoint.y - this.normalisedHeight(landscape.f(x, y)) * HEIGHT_SCALE;
    };
    const farthest = camera.position.length() + WORLD_SIZE * 2;
    const steps = 400;
    let previousT = 0;
    for (let i = 1; i <= steps; i++) {
      const t = (farthest * i) / steps;
      if (above(t) <= 0) {
        let lo = previousT;
        let hi = t;
        for (let k = 0; k < 24; k++) {
          const mid = (lo + hi) / 2;
          if (above(mid) > 0) lo = mid;
          else hi = mid;
        }
        this.rayPoint.copy(direction).multiplyScalar(hi).add(origin);
        return { x: toDomainX(this.rayPoint.x), y: toDomainY(this.rayPoint.z) };
      }
      previousT = t;
    }
    return null;
  }

  /**
   * Where the surface point over domain point (x, y) appears on the canvas, in CSS pixels from its
   * top-left corner (y is ignored for 1D); null when it is behind the camera. For overlays such
   * as labels, and the inverse of `pick`.
   */
  project(x: number, y: number): { offsetX: number; offsetY: number } | null {
    const { landscape } = this;
    if (landscape === null) return null;
    const u = this.uniforms;
    const height = this.normalisedHeight(landscape.f(x, landscape.dimensions === 1 ? 0 : y)) * HEIGHT_SCALE;
    const worldZ = landscape.dimensions === 1 ? 0 : -(y - u.yCenter.value) * u.zScale.value;
    const camera = this.rig.camera;
    camera.updateMatrixWorld();
    this.rayPoint.set((x - u.xCenter.value) * u.xScale.value, height, worldZ).project(camera);
    if (this.rayPoint.z > 1) return null;
    return {
      offsetX: ((this.rayPoint.x + 1) / 2) * this.cssWidth,
      offsetY: ((1 - this.rayPoint.y) / 2) * this.cssHeight,
    };
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
    this.steepnessTexture.dispose();
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
    this.trails.mesh.visible = this.options.trails && !this.options.localPatch;
    u.patchMix.value = this.options.localPatch ? 1 : 0;
    const steepness = this.options.ballColor === 'steepness';
    u.steepnessMix.value = steepness ? 1 : 0;
    if (steepness) this.bakeSteepnessField();
  }

  /** Fills the steepness texture for the current landscape, once per landscape. */
  private bakeSteepnessField(): void {
    const { landscape, domain } = this;
    if (!this.steepnessFieldStale || landscape === null || domain === null) return;
    const field = steepnessField(landscape, domain, STEEPNESS_FIELD_SIZE);
    const texels = this.steepnessTexture.image.data as Uint16Array;
    for (let k = 0; k < texels.length; k++) texels[k] = DataUtils.toHalfFloat(field.gradients[k] ?? 0);
    this.steepnessTexture.needsUpdate = true;
    this.uniforms.steepnessLogSpan.value = Math.log(field.high / field.low);
    this.steepnessFieldStale = false;
  }

  /**
   * Domain point to steepness-field coordinates, texel centres at (i + 0.5) / size as sampled,
   * and the local patch's size, which scales with the domain the same way.
   */
  private setFieldMapping(landscape: Landscape, domain: Domain): void {
    const u = this.uniforms;
    const width = domain.xMax - domain.xMin || 1;
    u.fieldUScale.value = 1 / width;
    u.fieldUOffset.value = -domain.xMin / width;
    if (landscape.dimensions === 1) {
      u.fieldVScale.value = 0;
      u.fieldVOffset.value = 0.5;
    } else {
      const depth = domain.yMax - domain.yMin || 1;
      u.fieldVScale.value = 1 / depth;
      u.fieldVOffset.value = -domain.yMin / depth;
    }
    u.patchRadius.value = PATCH_SHARE * Math.max(this.worldWidth, this.worldDepth);
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

  /** JS mirror of the TSL `normalised` height, for picking. */
  private normalisedHeight(f: number): number {
    const d = Number.isFinite(f) ? Math.max(f - this.fMin, 0) : this.fRange;
    const t = this.options.logHeight
      ? Math.log1p(d / this.logSoftness) / this.logDenominator
      : d / this.fRange;
    return Math.min(Math.max(t, 0), MAX_NORMALISED_HEIGHT);
  }

  /** Sets fMin, range and log softness from sampled values (non-finite ones ignored). */
  private setHeightRange(
    values: Float32Array,
    minima: Landscape['minima'],
  ): { fMin: number; fRange: number } {
    let fMin = Number.POSITIVE_INFINITY;
    let fMax = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (v < fMin) fMin = v;
      if (v > fMax) fMax = v;
    }
    // The grid can miss a narrow minimum; the known value keeps balls there from sinking.
    for (const m of minima) if (Number.isFinite(m.value) && m.value < fMin) fMin = m.value;
    if (!Number.isFinite(fMin) || !Number.isFinite(fMax)) {
      fMin = 0;
      fMax = 1;
    }
    const range = fMax - fMin > 1e-12 ? fMax - fMin : 1;
    const offsets = new Float32Array(values.length);
    let n = 0;
    for (const v of values) if (Number.isFinite(v)) offsets[n++] = v - fMin;
    const sorted = offsets.subarray(0, n).sort();
    const quantile = sorted[Math.floor((n - 1) * LOG_SOFTNESS_QUANTILE)] ?? range;
    const softness = Math.max(quantile, range * 1e-6);

    this.fMin = fMin;
    this.fRange = range;
    this.logSoftness = softness;
    this.logDenominator = Math.log1p(range / softness);
    const u = this.uniforms;
    u.fMin.value = fMin;
    u.fRange.value = range;
    u.logSoftness.value = softness;
    u.logDenominator.value = this.logDenominator;
    return { fMin, fRange: range };
  }

  /**
   * The steepness ramp's colour at domain point (x, y): |∇f| from the baked field (in units of
   * the scale's top), on a log scale whose bottom is steepnessLogSpan (natural log units) under
   * the top. Read at mip level 0, so it works in the vertex stage, where balls are coloured.
   */
  private steepnessColor(x: FloatNode, y: FloatNode): Node<'vec3'> {
    const u = this.uniforms;
    const at = vec2(x.mul(u.fieldUScale).add(u.fieldUOffset), y.mul(u.fieldVScale).add(u.fieldVOffset));
    const gradient = texture(this.steepnessTexture, at, float(0)).xy;
    const norm = max(sqrt(dot(gradient, gradient)), 1e-12);
    const t = clamp(float(1).add(log(norm).div(u.steepnessLogSpan)), 0, 1);
    return rampColor(t, STEEPNESS_RAMP);
  }

  /** Axes with ticks for the current landscape and height scale. */
  private drawAxes(): void {
    const { landscape, domain } = this;
    if (landscape === null || domain === null) return;
    const u = this.uniforms;
    this.axes.set(
      axisDrawing({
        dimensions: landscape.dimensions === 1 ? 1 : 2,
        xMin: domain.xMin,
        xMax: domain.xMax,
        yMin: domain.yMin,
        yMax: domain.yMax,
        worldX: (x) => (x - u.xCenter.value) * u.xScale.value,
        worldZ: (y) => -(y - u.yCenter.value) * u.zScale.value,
        height: (f) => this.normalisedHeight(f) * HEIGHT_SCALE,
        fMin: this.fMin,
        fMax: this.fMin + this.fRange,
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
      if (Number.isFinite(m.value))
        top = Math.max(top, this.normalisedHeight(m.value) * HEIGHT_SCALE + MARKER_HEIGHT);
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

/**
 * A size x size two-channel half-float texture (filterable on WebGPU and WebGL2 alike, unlike
 * 32-bit floats), zeroed, linearly filtered and clamped at the domain's edges.
 */
function createFieldTexture(size: number): DataTexture {
  const field = new DataTexture(new Uint16Array(size * size * 2), size, size, RGFormat, HalfFloatType);
  field.name = 'steepness field';
  field.minFilter = LinearFilter;
  field.magFilter = LinearFilter;
  field.wrapS = ClampToEdgeWrapping;
  field.wrapT = ClampToEdgeWrapping;
  field.generateMipmaps = false;
  field.needsUpdate = true;
  return field;
}
