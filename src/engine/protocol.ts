/**
 * What the main thread and the simulation worker say to each other (through comlink). Types only,
 * so both sides agree at compile time.
 */

import type { SimulationConfig } from '../core/simulation.ts';
import type { GroupStats } from '../core/stats.ts';
import type { BackendChoice } from '../core/url-state.ts';
import type { ForwardedEvent } from '../render/element-proxy.ts';
import type { ViewOptions } from '../render/view.ts';

/** A simulation config that can cross a thread: the landscape named by its preset id. */
export type WireConfig = SimulationConfig & { readonly landscape: string };

export interface ViewSize {
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
}

export interface InitRequest {
  /** Absent for a simulation without a view (tests, scripts). */
  readonly canvas?: OffscreenCanvas;
  readonly size: ViewSize;
  readonly config: WireConfig;
  /** Steps per frame. */
  readonly speed: number;
  readonly paused: boolean;
  /** `auto` (default): WebGPU when there is a device, else the CPU. */
  readonly backend?: BackendChoice;
  readonly viewOptions?: Partial<ViewOptions>;
}

export interface InitResult {
  readonly backend: 'cpu' | 'webgpu';
  /** e.g. `WebGPU · swiftshader`. */
  readonly backendLabel: string;
  /** What draws the view (`webgpu`, `webgl2`), null without a view. */
  readonly renderer: string | null;
  readonly particleCount: number;
  readonly groupCount: number;
}

/** Sent a few times a second, and on demand. Small by design: never the balls themselves. */
export interface Report {
  readonly step: number;
  readonly playing: boolean;
  readonly backend: 'cpu' | 'webgpu';
  /** Human label for the HUD, e.g. `CPU · worker`. */
  readonly backendLabel: string;
  readonly renderer: string | null;
  readonly particleCount: number;
  /** Frames drawn per second over the last report window (0 without a view). */
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
}

export interface SimWorkerApi {
  /** Builds the simulation (and the view when a canvas is given) and starts the loop. */
  init(request: InitRequest, onReport: (report: Report) => void): Promise<InitResult>;
  /** Replaces the simulation with a new one (new landscape, count, layout, groups...). */
  configure(config: WireConfig): Promise<InitResult>;
  /** Moves the run to another backend, continuing from the same state and step. */
  setBackend(choice: BackendChoice): Promise<InitResult>;
  setPlaying(playing: boolean): void;
  /** Advances by `steps` while paused (or on top of playing) and reports. */
  step(steps: number): Promise<Report>;
  reset(): Promise<Report>;
  setSpeed(stepsPerFrame: number): void;
  setLearningRate(group: number, learningRate: number): void;
  setViewOptions(options: Partial<ViewOptions>): void;
  /** Puts the camera back: the 3/4 view, or straight down on the contour map. */
  resetCamera(mode: 'orbit' | 'top'): void;
  resize(size: ViewSize): void;
  pointer(event: ForwardedEvent): void;
  report(): Report;
  /** Fault injection for tests: destroys the GPU device as a driver reset would. */
  loseGpuDevice(): void;
  dispose(): void;
}
