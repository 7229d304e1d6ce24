/**
 * The worker side of Slope: owns the simulation backend (WebGPU or CPU) and the view, runs the
 * frame loop, and reports small statistics to the main thread a few times a second. The main
 * thread never steps balls.
 *
 * On the WebGPU path the view and the compute share one GPUDevice: the compute shader writes the
 * very buffer three.js draws, and only statistics (with the few tracked balls: trails and the
 * inspected ball) and, once a second, a snapshot (kept in case the device is lost, and painted
 * as the basin map) come back to JavaScript.
 */

import { releaseProxy } from 'comlink';
import type { BackendKind, SimBackend } from '../backend/backend.ts';
import { GROUP_COLORS } from '../core/group-colors.ts';
import { MessageError } from '../core/message.ts';
import { findOptimizer } from '../core/optimizers/index.ts';
import { type ResolvedConfig, sameLandscapeSource } from '../core/plain-config.ts';
import {
  configGroups,
  type GroupConfig,
  type SimulationSnapshot,
  type SimulationStats,
  TRACKED_STATE_VALUES,
} from '../core/simulation.ts';
import type { BackendChoice } from '../core/url-state.ts';
import type {
  DropPoint,
  InitRequest,
  InitResult,
  Report,
  SimWorkerApi,
  TrajectorySample,
  ViewSize,
  WireConfig,
} from '../engine/protocol.ts';
import type { RecordSupport } from '../engine/recording.ts';
import type { GpuContext } from '../gpu/device.ts';
import { errorText, setLanguage, t } from '../i18n/index.ts';
import { ElementProxy, type ForwardedEvent } from '../render/element-proxy.ts';
import { RenderScaler, usesSoftwareRenderer } from '../render/software-renderer.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';
import { ballLabels, type WireBallLabel } from './ball-labels.ts';
import { ballAt } from './ball-picker.ts';
import { BasinPainter } from './basin-painter.ts';
import { buildBackend } from './build-backend.ts';
import { FrameMeter } from './frame-meter.ts';
import { Pacer } from './pacer.ts';
import type { ViewRecorder } from './recorder.ts';
import { StartProgress } from './start-progress.ts';
import { StatsFetcher } from './stats-fetcher.ts';
import { BallTracking } from './tracking.ts';

/**
 * How long a new run's starting balls stay still on screen before they move (ms): long enough to
 * see the carpet they start from, short enough not to look stuck.
 */
export const FIRST_LOOK_MS = 1000;
/**
 * How often the GPU state is copied back as insurance against a lost device: a loss costs at
 * most this much progress, and the copy (16-32 bytes a ball) stays off the per-frame path.
 */
const SNAPSHOT_INTERVAL_MS = 1000;
/** Frames the GPU may be behind before the loop waits for it: enough to overlap CPU and GPU. */
const MAX_GPU_FRAMES_IN_FLIGHT = 2;

type FrameScheduler = (callback: () => void) => void;

export class SimRuntime implements SimWorkerApi {
  #backend: SimBackend | null = null;
  #config: WireConfig | null = null;
  #choice: BackendChoice = 'auto';
  /** The shared GPU device, or null with the reason WebGPU is not in use. */
  #gpu: GpuContext | null = null;
  #gpuProblem: string | null = null;
  #canvas: OffscreenCanvas | null = null;
  #view: LandscapeView | null = null;
  #viewOptions: Partial<ViewOptions> = {};
  #input: ElementProxy | null = null;
  #onReport: ((report: Report) => void) | null = null;
  /** The page's ear for clicks on empty ground (see SimWorkerApi.init). */
  #onDrop: ((point: DropPoint) => void) | null = null;
  #playing = false;
  /** Steps per frame by the clock (the speed is in steps per second). */
  readonly #pacer = new Pacer(1);
  #running = false;
  #disposed = false;
  #schedule: FrameScheduler = (callback) => setTimeout(callback, 0);
  /** Builds and backend switches, one at a time (see #build). */
  #queue: Promise<unknown> = Promise.resolve();
  /** Frames, steps and bytes per second over the report window. */
  readonly #meter = new FrameMeter();
  /** The build's phase and progress for the page (Report.starting). */
  readonly #start = new StartProgress(() => this.#emit());
  /**
   * A build's first frame: `pending` until it is drawn, `drawn` until it is on screen (the next
   * frame, or the GPU's queue says so), then `none`.
   */
  #firstFrame: 'none' | 'pending' | 'drawn' = 'none';
  /** Whether the run being started holds its starting balls a moment once they are shown. */
  #holdAfterStart = false;
  /** The run the numbers belong to (Report.run): a new one with every configure and reset. */
  #run = 0;
  /** Whether the balls changed since they were last handed to the view (CPU path). */
  #ballsMoved = true;
  /** Frames submitted to the shared GPU device and not finished yet. */
  #gpuFramesInFlight = 0;
  /** Statistics of the current run (null until its first readback). */
  #stats: SimulationStats | null = null;
  readonly #statsFetcher = new StatsFetcher();
  #snapshot: SimulationSnapshot | null = null;
  #snapshotAt = 0;
  #snapshotPending = false;
  /**
   * The latest snapshot of the run for the basin map and Adam's second moment: the GPU's
   * insurance snapshot, or on the CPU one taken once a second while something needs it.
   */
  #latestSnapshot: SimulationSnapshot | null = null;
  /** Counts resets and builds, so a snapshot taken before one is not used after it. */
  #runGeneration = 0;
  #resolved: ResolvedConfig | null = null;
  /** Learning rate per group now (they change during a run). */
  #learningRates: number[] = [];
  /** The trail sample, the inspected ball and the ball the tangent follows. */
  readonly #tracking = new BallTracking({
    view: () => this.#view,
    viewOptions: () => this.#viewOptions,
    groupConfig: (g) => this.#groupConfig(g),
    learningRate: (g) => this.#learningRates[g] ?? this.#groupConfig(g).learningRate,
    latestSnapshot: () => this.#latestSnapshot,
  });
  #basinPainter: BasinPainter | null = null;
  /** What the basin map shows now: its snapshot and `mode|group`, to repaint only on change. */
  #basinSource: SimulationSnapshot | null = null;
  #basinKey = '';
  #notice: { id: number; text: string } | null = null;
  /** The texts beside balls the page asked for (see setBallLabels), kept across builds. */
  #ballLabels: readonly WireBallLabel[] = [];
  #lastReport: Report | null = null;
  #size: ViewSize = { width: 1, height: 1, pixelRatio: 1 };
  readonly #scaler = new RenderScaler();
  /** Loaded with the first question about recording (WebCodecs and the muxer wait until then). */
  #recorder: ViewRecorder | null = null;

  async init(
    request: InitRequest,
    onReport: (report: Report) => void,
    onDrop?: (point: DropPoint) => void,
  ): Promise<InitResult> {
    setLanguage(request.language ?? 'en');
    this.#onReport = onReport;
    this.#onDrop = onDrop ?? null;
    this.#pacer.setSpeed(request.speed);
    this.#playing = !request.paused;
    this.#choice = request.backend ?? 'auto';
    this.#size = request.size;
    this.#viewOptions = { ...request.viewOptions };
    await this.#openGpu();
    if (request.canvas) {
      this.#canvas = request.canvas;
      this.#input = new ElementProxy();
      this.#input.setSize(request.size.width, request.size.height);
      await this.#createView();
      const raf = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
        .requestAnimationFrame;
      if (raf) this.#schedule = (callback) => raf(callback);
    }
    const result = await this.#build(request.config, null, false, true);
    this.#startLoop();
    return result;
  }

  async configure(config: WireConfig): Promise<InitResult> {
    return this.#build(config, null, false, true);
  }

  /** Moves the run to another backend, continuing from the same positions, state and step. */
  setBackend(choice: BackendChoice): Promise<InitResult> {
    return this.#serial(async () => {
      this.#choice = choice;
      const snapshot = await this.#requireBackend().snapshot();
      return this.#buildNow(this.#requireConfig(), snapshot, false, false);
    });
  }

  setPlaying(playing: boolean): void {
    // Play pressed after a paused start: the starting balls have been seen, they move at once.
    if (playing && !this.#playing) this.#pacer.release();
    this.#playing = playing;
    this.#emit();
  }

  async step(steps: number): Promise<Report> {
    const backend = this.#requireBackend();
    this.#pacer.release();
    backend.step(steps);
    this.#ballsMoved = true;
    await this.#refreshStats();
    // The CPU's tracked balls are current even when a statistics fetch was already under way.
    if (backend === this.#backend) this.#tracking.use(backend);
    return this.#emit();
  }

  async reset(): Promise<Report> {
    this.#requireBackend().reset();
    this.#ballsMoved = true;
    this.#snapshot = null;
    this.#forgetRun();
    this.#newRun();
    // The starting balls are shown a moment before they move (without a view, nobody looks).
    if (this.#view) this.#pacer.hold(FIRST_LOOK_MS);
    await this.#refreshStats();
    return this.#emit();
  }

  setSpeed(stepsPerSecond: number): void {
    this.#pacer.setSpeed(stepsPerSecond);
  }

  setLearningRate(group: number, learningRate: number): void {
    this.#requireBackend().setLearningRate(group, learningRate);
    this.#learningRates[group] = learningRate;
  }

  setViewOptions(options: Partial<ViewOptions>): void {
    const mapWasOff = (this.#viewOptions.basinMap ?? 'off') === 'off';
    Object.assign(this.#viewOptions, options);
    this.#view?.setOptions(options);
    // A map turned on wants a current snapshot now rather than within the second.
    if (mapWasOff && this.#basinMapOn()) this.#snapshotAt = Number.NEGATIVE_INFINITY;
    this.#tracking.optionsChanged(options, this.#backend);
  }

  inspect(index: number | null): void {
    const backend = this.#requireBackend();
    this.#tracking.inspect(backend, index);
    // Adam's second moment comes from a snapshot: have one soon.
    if (this.#inspectingWideState()) this.#snapshotAt = Number.NEGATIVE_INFINITY;
    this.#emit();
    // On the GPU the ball's numbers come with the next readback.
    if (backend.kind === 'webgpu') void this.#refreshStats().then(() => this.#emit());
  }

  setBallLabels(labels: readonly WireBallLabel[]): void {
    this.#ballLabels = Array.isArray(labels) ? labels : [];
    const backend = this.#backend;
    if (!backend) return;
    this.#view?.setBallLabels(ballLabels(labels, backend.particleCount, backend.perGroup, GROUP_COLORS));
  }

  async capturePng(): Promise<Blob> {
    const view = this.#view;
    if (!view) throw new Error('capturePng: there is no view to capture (the worker has no canvas)');
    return view.toPng();
  }

  async record(seconds: number, onProgress?: (share: number) => void): Promise<Blob> {
    try {
      return await (await this.#loadRecorder()).record(this.#view ? this.#canvas : null, seconds, onProgress);
    } finally {
      // From the page, `onProgress` is a comlink proxy holding a message port: let it go.
      (onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
    }
  }

  async recordSupport(): Promise<RecordSupport> {
    return (await this.#loadRecorder()).support(this.#view ? this.#canvas : null);
  }

  async trajectories(): Promise<readonly TrajectorySample[]> {
    return this.#tracking.trajectories();
  }

  viewGeometry(): ReturnType<SimWorkerApi['viewGeometry']> {
    return this.#view?.screenRect() ?? null;
  }

  resetCamera(mode: 'orbit' | 'top'): void {
    this.#view?.resetCamera(mode);
  }

  orbitCamera(azimuth: number, polar: number, zoom: number): void {
    this.#view?.orbitBy(azimuth, polar, zoom);
  }

  /** A click at the centre of the view with Shift held: drops balls there (the keyboard's way). */
  dropAtCentre(): void {
    const view = this.#view;
    if (!view) return;
    void this.#click(view, this.#size.width / 2, this.#size.height / 2, true).catch((error: unknown) => {
      this.#say(t('notice.pick-failed', { detail: errorText(error) }));
    });
  }

  resize(size: ViewSize): void {
    this.#size = size;
    this.#input?.setSize(size.width, size.height);
    this.#view?.resize(size.width, size.height, size.pixelRatio * this.#scaler.scale, size.insets);
  }

  pointer(event: ForwardedEvent): void {
    this.#input?.handleEvent(event);
  }

  report(): Report {
    return this.#lastReport ?? this.#makeReport();
  }

  /** Fault injection for tests and demos: destroys the GPU device as a driver reset would. */
  loseGpuDevice(): void {
    this.#gpu?.device.destroy();
  }

  dispose(): void {
    this.#disposed = true;
    this.#recorder?.dispose();
    this.#start.dispose();
    this.#tracking.dispose();
    this.#backend?.dispose();
    this.#backend = null;
    this.#view?.dispose();
    this.#view = null;
    this.#gpu?.device.destroy();
    this.#gpu = null;
  }

  async #loadRecorder(): Promise<ViewRecorder> {
    if (!this.#recorder) {
      const { ViewRecorder } = await import('./recorder.ts');
      this.#recorder ??= new ViewRecorder();
    }
    return this.#recorder;
  }

  /** Gets the shared GPU device when the browser has one; remembers why not otherwise. */
  async #openGpu(): Promise<void> {
    try {
      const { requestGpu } = await import('../gpu/device.ts');
      const gpu = await requestGpu({
        onLost: (info) => {
          if (this.#gpu === gpu && !this.#disposed) void this.#onDeviceLost(info.message || info.reason);
        },
      });
      this.#gpu = gpu;
      this.#gpuProblem = null;
    } catch (error) {
      this.#gpu = null;
      this.#gpuProblem = error instanceof Error ? error.message : String(error);
    }
  }

  /** The view on the shared device (or three's own choice when there is none). */
  async #createView(): Promise<void> {
    if (!this.#canvas || !this.#input) return;
    // The view module (three.js) loads only when there is something to draw.
    const { LandscapeView } = await import('../render/view.ts');
    const view = new LandscapeView(this.#canvas, this.#input, {
      antialias: !(await usesSoftwareRenderer()),
      ...(this.#gpu ? { device: this.#gpu.device } : {}),
    });
    await view.init();
    view.resize(
      this.#size.width,
      this.#size.height,
      this.#size.pixelRatio * this.#scaler.scale,
      this.#size.insets,
    );
    view.setOptions(this.#viewOptions);
    view.onClick((offsetX, offsetY, info) => {
      void this.#click(view, offsetX, offsetY, info.shiftKey).catch((error: unknown) => {
        this.#say(t('notice.pick-failed', { detail: errorText(error) }));
      });
    });
    this.#view = view;
    // A view rebuilt after a device loss starts without the basin map and the trails.
    this.#basinSource = null;
  }

  /**
   * Builds run one after another: a build replaces the view's ball buffer, which a build still
   * creating its GPU simulation on the old one must not see happen. `fresh`: a new run (configure),
   * not one carried over to another backend.
   */
  #build(
    config: WireConfig,
    snapshot: SimulationSnapshot | null,
    quiet: boolean,
    fresh: boolean,
  ): Promise<InitResult> {
    return this.#serial(() => this.#buildNow(config, snapshot, quiet, fresh));
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Makes a backend for `config` (continuing `snapshot` when given) and swaps it in; the page's
   * progress bar follows it until the first frame is on screen.
   */
  async #buildNow(
    config: WireConfig,
    snapshot: SimulationSnapshot | null,
    quiet: boolean,
    fresh: boolean,
  ): Promise<InitResult> {
    const view = this.#view;
    let sameBalls = false;
    let built: Awaited<ReturnType<typeof buildBackend>>;
    try {
      built = await buildBackend(config, {
        view,
        gpu: this.#gpu,
        choice: this.#choice,
        gpuProblem: this.#gpuProblem,
        quiet,
        progress: this.#start,
        say: (text) => this.#say(text),
        retire: (cpu) => {
          const previous = this.#backend;
          this.#backend = null;
          previous?.dispose();
          sameBalls =
            previous !== null &&
            previous.particleCount === cpu.particleCount &&
            this.#config !== null &&
            sameLandscapeSource(this.#config, config);
          // From here on the reports are the new run's (with no numbers until its first readback).
          if (fresh) this.#newRun();
          return snapshot !== null && sameBalls;
        },
      });
    } catch (error) {
      // A bad config: the old run (if any) goes on, and the bar goes away. A core message is put
      // in words here, in the page's language: only an Error's text crosses to the page.
      this.#start.finish();
      throw error instanceof MessageError ? new RangeError(errorText(error)) : error;
    }
    const { backend, resolved: full } = built;
    view?.setBallLabels(ballLabels(this.#ballLabels, backend.particleCount, backend.perGroup, GROUP_COLORS));
    if (snapshot) backend.restore(snapshot);
    const sameRun = snapshot !== null && sameBalls && this.#tracking.hasRun;
    this.#backend = backend;
    this.#config = config;
    this.#resolved = full;
    this.#snapshot = snapshot;
    this.#latestSnapshot = snapshot;
    this.#learningRates = snapshot
      ? [...snapshot.learningRates]
      : Array.from({ length: backend.groupCount }, (_, g) => this.#groupConfig(g).learningRate);
    this.#basinPainter = null;
    this.#basinSource = null;
    this.#runGeneration++;
    if (!sameRun) this.#tracking.newRun(backend, config.seed ?? 1);
    this.#tracking.apply(backend);
    this.#ballsMoved = true;
    this.#meter.restart(performance.now(), backend.transfer ?? null);
    this.#start.enter('upload');
    this.#holdAfterStart = fresh && view !== null;
    this.#firstFrame = 'pending';
    // Without a view there is no frame to wait for.
    if (!view) this.#started();
    await this.#refreshStats();
    this.#emit();
    return this.#result();
  }

  /** The device is gone: the run goes on on the CPU from the last snapshot, with a new view. */
  async #onDeviceLost(reason: string): Promise<void> {
    const config = this.#config;
    const snapshot = this.#snapshot;
    this.#gpu = null;
    this.#gpuFramesInFlight = 0;
    this.#gpuProblem = `the GPU device was lost: ${reason}`;
    const lostBackend = this.#backend;
    this.#backend = null;
    lostBackend?.dispose();
    this.#view?.dispose();
    this.#view = null;
    await this.#createView().catch((error: unknown) => {
      this.#say(t('notice.view-restart-failed', { detail: errorText(error) }));
    });
    if (!config) return;
    await this.#build(config, snapshot, true, false);
    this.#say(t('notice.device-lost', { detail: reason, step: snapshot?.stepCount ?? 0 }));
  }

  #startLoop(): void {
    if (this.#running) return;
    this.#running = true;
    const frame = (): void => {
      if (this.#disposed) return;
      try {
        this.#frame();
      } catch (error) {
        this.#say(t('notice.frame-failed', { detail: errorText(error) }));
      }
      this.#schedule(frame);
    };
    this.#schedule(frame);
  }

  #frame(): void {
    const backend = this.#backend;
    if (!backend) return;
    // The GPU has not finished the frame before last: submitting more would only queue work up
    // (and starve statistics readbacks, which wait behind it). Skip this tick.
    if (this.#gpuFramesInFlight >= MAX_GPU_FRAMES_IN_FLIGHT) return;
    // Without a GPU queue to ask, the first frame is on screen once the next one is due.
    if (this.#firstFrame === 'drawn' && !this.#gpu) this.#started();
    // No steps until the first frame is shown (the pacer then holds a moment before moving).
    if (this.#playing && this.#firstFrame === 'none') {
      const steps = this.#pacer.take(performance.now());
      if (steps > 0) {
        backend.step(steps);
        this.#meter.countSteps(steps);
        this.#ballsMoved = true;
      }
    } else {
      this.#pacer.pause();
    }
    const view = this.#view;
    const firstFrame = view !== null && this.#firstFrame === 'pending';
    if (view) {
      // On the GPU path the compute shader already wrote the buffer the view draws.
      if (this.#ballsMoved && backend.writeRenderData) {
        backend.writeRenderData(view.particleData());
        view.markParticlesDirty();
      }
      this.#ballsMoved = false;
      view.render();
      if (this.#canvas) this.#recorder?.afterRender(this.#canvas, performance.now());
      this.#meter.countFrame();
      if (firstFrame) this.#firstFrame = 'drawn';
    }
    const generation = this.#runGeneration;
    this.#trackGpuFrame(
      firstFrame
        ? () => {
            if (generation === this.#runGeneration && this.#firstFrame === 'drawn') this.#started();
          }
        : null,
    );
    // CPU: the tracked balls as they are after this frame's steps; GPU: new ones only arrive
    // with a statistics readback, and the tracking skips values it has already used.
    this.#tracking.use(backend);
    const now = performance.now();
    if (this.#meter.due(now)) {
      this.#closeWindow(now);
      void this.#refreshStats().then(() => this.#emit());
    }
    // The GPU's state is copied back once a second in case the device is lost; the CPU takes a
    // copy only while the basin map or an Adam ball's inspection needs one.
    const wantSnapshot = backend.kind === 'webgpu' || this.#basinMapOn() || this.#inspectingWideState();
    if (wantSnapshot && now - this.#snapshotAt >= SNAPSHOT_INTERVAL_MS && !this.#snapshotPending) {
      this.#snapshotAt = now;
      this.#snapshotPending = true;
      backend
        .snapshot()
        .then((snapshot) => {
          if (backend !== this.#backend || generation !== this.#runGeneration) return;
          if (backend.kind === 'webgpu') this.#snapshot = snapshot;
          this.#latestSnapshot = snapshot;
          this.#paintBasinMap();
        })
        .catch(() => undefined)
        .finally(() => {
          this.#snapshotPending = false;
        });
    }
    this.#paintBasinMap();
  }

  /**
   * Group `g` as configured (the default group when the config names none). Asked only while a
   * run exists; before one, a placeholder at 0.01.
   */
  #groupConfig(g: number): GroupConfig {
    const config = this.#resolved;
    return config?.groups?.[g] ?? configGroups({}, config?.landscape ?? { learningRate: 0.01 })[0]!;
  }

  #basinMapOn(): boolean {
    return (this.#viewOptions.basinMap ?? 'off') !== 'off';
  }

  /** Whether the inspected ball's optimizer keeps more state than the tracked values hold (Adam's v). */
  #inspectingWideState(): boolean {
    const backend = this.#backend;
    const inspected = this.#tracking.inspected;
    if (inspected === null || !backend) return false;
    const optimizer = findOptimizer(this.#groupConfig(Math.floor(inspected / backend.perGroup)).optimizer);
    return (optimizer?.stateNames.length ?? 0) > TRACKED_STATE_VALUES;
  }

  /** Repaints the basin map when its snapshot, mode or group changed. */
  #paintBasinMap(): void {
    const view = this.#view;
    const backend = this.#backend;
    const config = this.#resolved;
    const mode = this.#viewOptions.basinMap ?? 'off';
    const snapshot = this.#latestSnapshot;
    if (!view || !backend || !config || mode === 'off' || !snapshot) return;
    if (backend.landscape.dimensions !== 2) return;
    const group = this.#viewOptions.basinGroup ?? 0;
    const key = `${mode}|${group}`;
    if (snapshot === this.#basinSource && key === this.#basinKey) return;
    this.#basinPainter ??= new BasinPainter(config, backend.perGroup);
    view.setBasinImage(this.#basinPainter.paint(snapshot, mode, group));
    this.#basinSource = snapshot;
    this.#basinKey = key;
  }

  /** A reset: the recorded paths and the snapshot belong to the run before it. */
  #forgetRun(): void {
    this.#runGeneration++;
    this.#latestSnapshot = null;
    this.#basinSource = null;
    this.#snapshotAt = Number.NEGATIVE_INFINITY;
    this.#tracking.forgetRun();
  }

  /**
   * A click on the view: inspects the ball drawn nearest to it; with no ball there (or with Shift
   * held) but the landscape under it, tells the page to drop balls at that point; over neither,
   * stops inspecting.
   */
  async #click(view: LandscapeView, offsetX: number, offsetY: number, shift: boolean): Promise<void> {
    const index = shift ? -1 : await this.#ballAt(view, offsetX, offsetY);
    if (index === null || view !== this.#view) return;
    if (index >= 0) {
      this.inspect(index);
      return;
    }
    const point = this.#onDrop ? view.pick(offsetX, offsetY) : null;
    if (point && this.#onDrop) {
      // A rejected call means the page went away; nothing to tell anyone.
      Promise.resolve(this.#onDrop({ x: point.x, y: point.y })).catch(() => undefined);
      return;
    }
    if (!shift) this.inspect(null);
  }

  /** The ball drawn nearest to a canvas position (see ballAt); null when there is no run. */
  async #ballAt(view: LandscapeView, offsetX: number, offsetY: number): Promise<number | null> {
    const backend = this.#backend;
    if (!backend || view !== this.#view) return null;
    // A snapshot of the current step stands for the GPU's positions only while paused.
    const latest = this.#playing ? null : this.#latestSnapshot;
    const current = () => backend === this.#backend && view === this.#view;
    return ballAt(view, backend, offsetX, offsetY, latest, current);
  }

  /**
   * Counts this frame's GPU work as in flight until the queue reports it done, and then calls
   * `onDone` (when the device is still the same).
   */
  #trackGpuFrame(onDone: (() => void) | null): void {
    const gpu = this.#gpu;
    if (!gpu) return;
    this.#gpuFramesInFlight++;
    const done = (): void => {
      // After a device loss the counter was reset; an old frame must not drive it negative.
      if (this.#gpu !== gpu) return;
      this.#gpuFramesInFlight--;
      onDone?.();
    };
    gpu.device.queue.onSubmittedWorkDone().then(done, done);
  }

  /** Fetches statistics of the run as it is now (see StatsFetcher). */
  #refreshStats(): Promise<void> {
    const backend = this.#backend;
    if (!backend) return Promise.resolve();
    const current = () => ({ backend: this.#backend, generation: this.#runGeneration });
    return this.#statsFetcher.refresh(backend, current, (stats) => {
      this.#stats = stats;
      // The GPU's tracked balls came back with these statistics: use them before reporting.
      this.#tracking.use(backend);
    });
  }

  /** A new run begins: no numbers, rates or reports of the old one are its own. */
  #newRun(): void {
    this.#run++;
    this.#stats = null;
    this.#meter.forget(performance.now(), this.#backend?.transfer ?? null);
  }

  /** The build's first frame is on screen: the bar goes, and a new run's balls hold a moment. */
  #started(): void {
    this.#firstFrame = 'none';
    if (this.#holdAfterStart) this.#pacer.hold(FIRST_LOOK_MS);
    this.#holdAfterStart = false;
    this.#start.finish();
  }

  /** Closes the measurement window: rates over it, and a lower resolution if frames were slow. */
  #closeWindow(now: number): void {
    this.#meter.close(now, this.#backend?.transfer ?? null);
    if (this.#view && this.#playing && this.#scaler.observe(this.#meter.fps)) this.resize(this.#size);
  }

  #say(text: string): void {
    this.#notice = { id: (this.#notice?.id ?? 0) + 1, text };
    this.#emit();
  }

  /** Sends the current state to the main thread and returns it. */
  #emit(): Report {
    const report = this.#makeReport();
    this.#lastReport = report;
    this.#onReport?.(report);
    return report;
  }

  #makeReport(): Report {
    const backend = this.#backend;
    const particleCount = backend?.particleCount ?? 0;
    return {
      run: this.#run,
      starting: this.#start.current,
      step: backend?.stepCount ?? 0,
      playing: this.#playing,
      backend: backend?.kind ?? 'cpu',
      backendLabel: backend?.label ?? 'starting…',
      renderer: this.#view?.backendName ?? null,
      particleCount,
      fps: this.#meter.fps,
      stepsPerSecond: this.#meter.stepsPerSecond,
      particleStepsPerSecond: this.#meter.stepsPerSecond * particleCount,
      groups: this.#stats?.groups ?? [],
      transfer: backend?.kind === 'webgpu' ? this.#meter.transferRates : null,
      notice: this.#notice,
      inspected: this.#tracking.inspectedInfo,
    };
  }

  #result(): InitResult {
    const backend = this.#requireBackend();
    return {
      backend: backend.kind as BackendKind,
      backendLabel: backend.label,
      renderer: this.#view?.backendName ?? null,
      particleCount: backend.particleCount,
      groupCount: backend.groupCount,
      heightScale: this.#view?.heightScale() ?? null,
    };
  }

  #requireBackend(): SimBackend {
    if (!this.#backend) throw new Error('sim worker: no simulation yet (init() has not finished)');
    return this.#backend;
  }

  #requireConfig(): WireConfig {
    if (!this.#config) throw new Error('sim worker: init() has not run');
    return this.#config;
  }
}
