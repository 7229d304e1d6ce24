/**
 * What the main thread and the simulation worker say to each other (through comlink). Types only,
 * so both sides agree at compile time.
 */

import type { CpuEngineInfo } from '../backend/backend.ts';
import type { PlainConfig } from '../core/plain-config.ts';
import type { GroupStats } from '../core/stats.ts';
import type { BackendChoice, Language } from '../core/url-state.ts';
import type { ForwardedEvent } from '../render/element-proxy.ts';
import type { ViewOptions } from '../render/view.ts';
import type { RecordSupport } from './recording.ts';

/**
 * A simulation config that can cross a thread: the landscape named by its preset id, or by the
 * text of a typed expression (`expression`), which the worker compiles itself.
 */
export type WireConfig = PlainConfig;

export interface ViewSize {
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
  /**
   * CSS pixels of the canvas covered by the page's panels on each side (src/ui/free-area.ts); the
   * camera frames the landscape into the rest. Absent: the whole canvas is free.
   */
  readonly insets?: {
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly left: number;
  };
}

export interface InitRequest {
  /** Absent for a simulation without a view (tests, scripts). */
  readonly canvas?: OffscreenCanvas;
  readonly size: ViewSize;
  readonly config: WireConfig;
  /**
   * Steps per second, whatever the display's frame rate; `Number.POSITIVE_INFINITY` is "max" (as
   * many steps a frame as keep frames smooth).
   */
  readonly speed: number;
  readonly paused: boolean;
  /** `auto` (default): WebGPU when there is a device, else the CPU. */
  readonly backend?: BackendChoice;
  readonly viewOptions?: Partial<ViewOptions>;
  /** The page's language, for the notices the worker writes (English when absent). */
  readonly language?: Language;
}

export interface InitResult {
  readonly backend: 'cpu' | 'webgpu';
  /** e.g. `WebGPU · swiftshader`. */
  readonly backendLabel: string;
  /** What draws the view (`webgpu`, `webgl2`), null without a view. */
  readonly renderer: string | null;
  readonly particleCount: number;
  readonly groupCount: number;
  /**
   * f at the bottom and top of the height colour map and the ramp's colour stops (CSS hex, bottom
   * to top), for the legend's colour bar; null without a view.
   */
  readonly heightScale: {
    readonly min: number;
    readonly max: number;
    readonly colors: readonly string[];
  } | null;
}

/**
 * The ball being inspected and its optimizer's inside, at `step`. On the GPU it is refreshed with
 * the statistics readback (about 4 times a second), on the CPU with every report. Numbers can be
 * non-finite only for a diverged ball; a display shows those as "—".
 */
export interface InspectedBall {
  readonly group: number;
  /** Index within its group. */
  readonly ball: number;
  /** Global index (group * perGroup + ball). */
  readonly index: number;
  readonly step: number;
  readonly status: 'active' | 'converged' | 'diverged';
  readonly x: number;
  readonly y: number;
  /** f(x, y). */
  readonly loss: number;
  /** ∇f at (x, y), computed in JS from the landscape's exact gradient. */
  readonly gradient: readonly [number, number];
  /** |∇f|: how steep the ground under the ball is. */
  readonly steepness: number;
  /** Momentum and Nesterov velocity (x, y per step); null for optimizers without one. */
  readonly velocity: readonly [number, number] | null;
  /**
   * The step the optimizer takes from here, by its rule and current state (no noise); [0, 0] for
   * a ball that has stopped. Adam's second moment is not tracked per step: it comes from the
   * latest snapshot (at most about a second old), which moves it little (beta2 = 0.999).
   */
  readonly nextStep: readonly [number, number];
  /** Optimizer id, e.g. `momentum`. */
  readonly optimizer: string;
  /**
   * The learning rate of the step about to be taken: the group's rate now (it can change during a
   * run) times its schedule's factor at this step.
   */
  readonly learningRate: number;
}

/** One sampled ball's recorded path (finite values only), for the trajectories CSV. */
export interface TrajectorySample {
  readonly group: number;
  /** Index within its group; the same indices in every group, so paths compare side by side. */
  readonly ball: number;
  readonly steps: readonly number[];
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly loss: readonly number[];
}

/** What a build is doing now, for the page's progress bar (see Report.starting). */
export type StartPhase = 'layout' | 'compile' | 'upload';

/** Sent a few times a second, and on demand. Small by design: never the balls themselves. */
export interface Report {
  /**
   * Which run the numbers belong to: it changes with every new run (configure, reset) and stays
   * through a backend switch or a device loss, which carry the run on. The page starts its charts
   * and CSV afresh when it changes, so no number of an old run is drawn as the new run's.
   */
  readonly run: number;
  /**
   * Non-null while a build is under way, until its first frame is shown: the phase (placing the
   * balls, compiling GPU pipelines, uploading and drawing the first frame) and the share of the
   * whole start done, 0..1, never going back within one start.
   */
  readonly starting: { readonly phase: StartPhase; readonly progress: number } | null;
  readonly step: number;
  readonly playing: boolean;
  readonly backend: 'cpu' | 'webgpu';
  /** Label for the HUD, e.g. `WebGPU · swiftshader` (the CPU's is worded from cpuEngine). */
  readonly backendLabel: string;
  /** How the CPU backend runs (kernel, threads, why); null on the GPU and while starting. */
  readonly cpuEngine: CpuEngineInfo | null;
  readonly renderer: string | null;
  readonly particleCount: number;
  /** Frames drawn per second over the last report window (0 without a view or a measurement yet). */
  readonly fps: number;
  /** Simulation steps per second over the last report window. */
  readonly stepsPerSecond: number;
  /** Balls times steps per second over the last report window. */
  readonly particleStepsPerSecond: number;
  readonly groups: readonly GroupStats[];
  /** Bytes per second copied between GPU and JavaScript over the last window; null on the CPU. */
  readonly transfer: {
    readonly statsBytesPerSecond: number;
    readonly snapshotBytesPerSecond: number;
    readonly uploadBytesPerSecond: number;
  } | null;
  /** The latest message for the person (a fallback and why); a new id means a new message. */
  readonly notice: { readonly id: number; readonly text: string } | null;
  /** The ball picked by a click (or `inspect`), null when none is. */
  readonly inspected: InspectedBall | null;
  /**
   * Whether the worker may compile JavaScript (`new Function`): false under a
   * Content-Security-Policy without 'unsafe-eval', where formulas and optimizer rules run
   * interpreted (src/core/code-generation.ts); the performance section says so.
   */
  readonly codeGeneration: boolean;
  /**
   * Where the trail sample's balls are (a few per group, those not diverged) at the latest
   * tracked step: for a model, the model each of them is (the data pane's fan of lines).
   */
  readonly sample: readonly SampledBall[];
}

/** A ball of the trail sample: its group and position (a model's parameters). */
export interface SampledBall {
  readonly group: number;
  readonly x: number;
  readonly y: number;
}

/**
 * A click (or tap) on the view that hit no ball but hit the landscape: the domain point under it
 * (y is 0 on a 1D curve). Shift+click sends one even over a ball. The page drops a burst of balls
 * there (src/ui/drop.ts).
 */
export interface DropPoint {
  readonly x: number;
  readonly y: number;
}

export interface SimWorkerApi {
  /**
   * Builds the simulation (and the view when a canvas is given) and starts the loop. `onDrop`
   * hears clicks on empty ground; without it, such a click only stops inspecting.
   */
  init(
    request: InitRequest,
    onReport: (report: Report) => void,
    onDrop?: (point: DropPoint) => void,
  ): Promise<InitResult>;
  /** Replaces the simulation with a new one (new landscape, count, layout, groups...). */
  configure(config: WireConfig): Promise<InitResult>;
  /** Moves the run to another backend, continuing from the same state and step. */
  setBackend(choice: BackendChoice): Promise<InitResult>;
  setPlaying(playing: boolean): void;
  /** Advances by `steps` while paused (or on top of playing) and reports; ends a start's hold. */
  step(steps: number): Promise<Report>;
  /** Back to the starting points: a new run (a new `run` id), held a moment before it moves. */
  reset(): Promise<Report>;
  /** Steps per second while playing; `Number.POSITIVE_INFINITY` is "max". */
  setSpeed(stepsPerSecond: number): void;
  /** Waits for a build under way, like every call that acts on the run. */
  setLearningRate(group: number, learningRate: number): Promise<void>;
  setViewOptions(options: Partial<ViewOptions>): void;
  /** Puts the camera back: the 3/4 view, or straight down on the contour map. */
  resetCamera(mode: 'orbit' | 'top'): void;
  /** Turns the camera (radians) and scales its distance (below 1 is closer): keyboard orbiting. */
  orbitCamera(azimuth: number, polar: number, zoom: number): void;
  /** Drops a burst of balls at the landscape point in the middle of the view, if there is one. */
  dropAtCentre(): void;
  resize(size: ViewSize): void;
  pointer(event: ForwardedEvent): void;
  report(): Report;
  /**
   * Inspects the ball with this global index (as a click on it does), or stops inspecting (null,
   * as a click on empty space or Escape does). Throws a RangeError for an index that is no ball.
   * The report's `inspected` fills in with the next tracked values (at once on the CPU, with
   * the next statistics readback on the GPU).
   */
  inspect(index: number | null): Promise<void>;
  /**
   * Draws each text on the canvas next to the ball with that global index, following it (the
   * lesson names each ball's rate); `[]` clears. Indices that are no ball are ignored. Meant for
   * a few dozen balls, on either backend.
   */
  setBallLabels(labels: readonly { readonly index: number; readonly text: string }[]): void;
  /** PNG of the current view (a frame drawn for it). Rejects with a clear Error without a view. */
  capturePng(): Promise<Blob>;
  /**
   * Records `seconds` of the view, from the next frame drawn, as a WebM video (VP9, else VP8, at
   * about 30 frames a second, each at the time it was drawn); `onProgress` hears the share done
   * (0 to 1). Rejects with a RangeError unless 0 < seconds <= 60, and with a clear Error while
   * another recording runs, without a view, or where the browser cannot encode video.
   */
  record(seconds: number, onProgress?: (share: number) => void): Promise<Blob>;
  /** What the view can be recorded with here, or why it cannot (see RecordSupport). */
  recordSupport(): Promise<RecordSupport>;
  /**
   * The recorded paths of the trail sample (16 balls a group, the same ball numbers in every
   * group): per ball, the steps and positions recorded since the last reset or configure, at most
   * the last 1,000 points each. A point per frame on the CPU, per statistics readback (~4 a
   * second) on the GPU, so the steps between points vary; a ball at rest adds none. Only finite
   * values: a diverged ball's path ends at its last finite point.
   */
  trajectories(): Promise<readonly TrajectorySample[]>;
  /**
   * For tests of the framing: where the landscape's box appears on the canvas (CSS px from its
   * top-left corner) and whether the camera is orthographic (the top view); null without a view.
   */
  viewGeometry(): {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
    readonly orthographic: boolean;
  } | null;
  /** Fault injection for tests: destroys the GPU device as a driver reset would. */
  loseGpuDevice(): void;
  dispose(): void;
}
