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
import { canGenerateCode } from '../core/code-generation.ts';
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
import { errorText, setLanguage, t } from '../i18n/index.ts';
import type { ForwardedEvent } from '../render/element-proxy.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';
import { ballLabels, type WireBallLabel } from './ball-labels.ts';
import { BasinMapSync } from './basin-map-sync.ts';
import { buildBackend } from './build-backend.ts';
import { FirstFrame } from './first-frame.ts';
import { FrameMeter } from './frame-meter.ts';
import { GpuFrames } from './gpu-frames.ts';
import { Pacer } from './pacer.ts';
import type { ViewRecorder } from './recorder.ts';
import { RunSnapshots } from './run-snapshots.ts';
import { Stage } from './stage.ts';
import { StartProgress } from './start-progress.ts';
import { StatsFetcher } from './stats-fetcher.ts';
import { BallTracking } from './tracking.ts';
import { type ClickTarget, clickView } from './view-clicks.ts';

/**
 * How long a new run's starting balls stay still on screen before they move (ms): long enough to
 * see the carpet they start from, short enough not to look stuck.
 */
export const FIRST_LOOK_MS = 1000;

type FrameScheduler = (callback: () => void) => void;

export class SimRuntime implements SimWorkerApi {
  #backend: SimBackend | null = null;
  #config: WireConfig | null = null;
  #choice: BackendChoice = 'auto';
  /** The view options asked for (shared with the stage, which applies them to a new view). */
  readonly #viewOptions: Partial<ViewOptions> = {};
  /** The GPU device, the canvas and the view. */
  readonly #stage = new Stage(this.#viewOptions, {
    onDeviceLost: (reason) =>
      void this.#onDeviceLost(reason).catch((error: unknown) => {
        this.#say(t('notice.resume-failed', { detail: errorText(error) }));
      }),
    onClick: (view, offsetX, offsetY, shift) => this.#click(view, offsetX, offsetY, shift),
  });
  #onReport: ((report: Report) => void) | null = null;
  /** The page's ear for clicks on empty ground (see SimWorkerApi.init). */
  #onDrop: ((point: DropPoint) => void) | null = null;
  #playing = false;
  /**
   * While a backend switch reads the run's state back and builds the new backend, the loop takes
   * no steps: they would be lost with the old backend, and the run would seem to go back (the
   * charts would mark a rewind).
   */
  #switching = false;
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
  /** The build's first frame: the bar goes when it is on screen, and a new run's balls hold. */
  readonly #firstFrame = new FirstFrame((hold) => {
    if (hold) this.#pacer.hold(FIRST_LOOK_MS);
    this.#start.finish();
  });
  /** The run the numbers belong to (Report.run): a new one with every configure and reset. */
  #run = 0;
  /** Whether the balls changed since they were last handed to the view (CPU path). */
  #ballsMoved = true;
  readonly #gpuFrames = new GpuFrames();
  /** Statistics of the current run (null until its first readback). */
  #stats: SimulationStats | null = null;
  readonly #statsFetcher = new StatsFetcher();
  readonly #snapshots = new RunSnapshots();
  /** Counts resets and builds, so numbers fetched before one are not used after it. */
  #runGeneration = 0;
  #resolved: ResolvedConfig | null = null;
  /** Learning rate per group now (they change during a run). */
  #learningRates: number[] = [];
  /** The trail sample, the inspected ball and the ball the tangent follows. */
  readonly #tracking = new BallTracking({
    view: () => this.#stage.view,
    viewOptions: () => this.#viewOptions,
    groupConfig: (g) => this.#groupConfig(g),
    learningRate: (g) => this.#learningRates[g] ?? this.#groupConfig(g).learningRate,
    latestSnapshot: () => this.#snapshots.latest,
  });
  readonly #basinMap = new BasinMapSync();
  /** What a click on the view reaches. */
  readonly #clicks: ClickTarget = {
    view: () => this.#stage.view,
    backend: () => this.#backend,
    pausedSnapshot: () => (this.#playing ? null : this.#snapshots.latest),
    inspect: (index) => this.inspect(index),
    onDrop: () => this.#onDrop,
  };
  #notice: { id: number; text: string } | null = null;
  /** The texts beside balls the page asked for (see setBallLabels), kept across builds. */
  #ballLabels: readonly WireBallLabel[] = [];
  #lastReport: Report | null = null;
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
    Object.assign(this.#viewOptions, request.viewOptions);
    if (request.canvas) {
      const raf = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
        .requestAnimationFrame;
      if (raf) this.#schedule = (callback) => raf(callback);
    }
    // In the queue from the start: a request sent before init has answered waits for the run.
    const result = await this.#serial(async () => {
      await this.#stage.open(request.canvas, request.size);
      this.#gpuFrames.use(this.#stage.gpu);
      return this.#buildNow(request.config, null, false, true);
    });
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
      // No steps from the state read back until the new backend has it (see #switching).
      this.#switching = true;
      try {
        const snapshot = await this.#requireBackend().snapshot();
        // Asked for the GPU after a device loss: a fresh device when the browser gives one, and
        // a new view on it (which starts without the basin map).
        if (choice !== 'cpu' && !this.#stage.gpu && (await this.#stage.reopenGpu())) {
          this.#gpuFrames.use(this.#stage.gpu);
          this.#basinMap.invalidate();
          // The run is carried over, so the build keeps the view's landscape: this view has none.
          const current = this.#requireBackend();
          this.#stage.view?.setLandscape(current.landscape, current.domain);
        }
        return await this.#buildNow(this.#requireConfig(), snapshot, false, false);
      } finally {
        this.#switching = false;
      }
    });
  }

  setPlaying(playing: boolean): void {
    // Play pressed after a paused start: the starting balls have been seen, they move at once.
    if (playing && !this.#playing) this.#pacer.release();
    this.#playing = playing;
    this.#emit();
  }

  // Calls that act on the run wait for a build under way (#serial): there is no run mid-build,
  // and what they change belongs to the run the build hands over.

  step(steps: number): Promise<Report> {
    return this.#serial(async () => {
      const backend = this.#requireBackend();
      this.#pacer.release();
      backend.step(steps);
      this.#ballsMoved = true;
      await this.#refreshStats();
      // The CPU's tracked balls are current even when a statistics fetch was already under way.
      if (backend === this.#backend) this.#tracking.use(backend);
      return this.#emit();
    });
  }

  reset(): Promise<Report> {
    return this.#serial(async () => {
      this.#requireBackend().reset();
      this.#ballsMoved = true;
      this.#forgetRun();
      this.#newRun();
      // The starting balls are shown a moment before they move (without a view, nobody looks).
      if (this.#stage.view) this.#pacer.hold(FIRST_LOOK_MS);
      await this.#refreshStats();
      return this.#emit();
    });
  }

  setSpeed(stepsPerSecond: number): void {
    this.#pacer.setSpeed(stepsPerSecond);
  }

  setLearningRate(group: number, learningRate: number): Promise<void> {
    return this.#serial(async () => {
      this.#requireBackend().setLearningRate(group, learningRate);
      this.#learningRates[group] = learningRate;
    });
  }

  setViewOptions(options: Partial<ViewOptions>): void {
    const mapWasOff = (this.#viewOptions.basinMap ?? 'off') === 'off';
    Object.assign(this.#viewOptions, options);
    this.#stage.view?.setOptions(options);
    // A map turned on wants a current snapshot now rather than within the second.
    if (mapWasOff && this.#basinMapOn()) this.#snapshots.soon();
    this.#tracking.optionsChanged(options, this.#backend);
  }

  inspect(index: number | null): Promise<void> {
    return this.#serial(async () => {
      const backend = this.#requireBackend();
      this.#tracking.inspect(backend, index);
      // Adam's second moment comes from a snapshot: have one soon.
      if (this.#inspectingWideState()) this.#snapshots.soon();
      this.#emit();
      // On the GPU the ball's numbers come with the next readback.
      if (backend.kind === 'webgpu') void this.#refreshStats().then(() => this.#emit());
    });
  }

  setBallLabels(labels: readonly WireBallLabel[]): void {
    this.#ballLabels = Array.isArray(labels) ? labels : [];
    const backend = this.#backend;
    if (!backend) return;
    this.#stage.view?.setBallLabels(
      ballLabels(labels, backend.particleCount, backend.perGroup, GROUP_COLORS),
    );
  }

  async capturePng(): Promise<Blob> {
    const view = this.#stage.view;
    if (!view) throw new Error('capturePng: there is no view to capture (the worker has no canvas)');
    return view.toPng();
  }

  async record(seconds: number, onProgress?: (share: number) => void): Promise<Blob> {
    try {
      return await (await this.#loadRecorder()).record(this.#stage.drawnCanvas, seconds, onProgress);
    } finally {
      // From the page, `onProgress` is a comlink proxy holding a message port: let it go.
      (onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
    }
  }

  async recordSupport(): Promise<RecordSupport> {
    return (await this.#loadRecorder()).support(this.#stage.drawnCanvas);
  }

  async trajectories(): Promise<readonly TrajectorySample[]> {
    return this.#tracking.trajectories();
  }

  viewGeometry(): ReturnType<SimWorkerApi['viewGeometry']> {
    return this.#stage.view?.screenRect() ?? null;
  }

  resetCamera(mode: 'orbit' | 'top'): void {
    this.#stage.view?.resetCamera(mode);
  }

  orbitCamera(azimuth: number, polar: number, zoom: number): void {
    this.#stage.view?.orbitBy(azimuth, polar, zoom);
  }

  /** A click at the centre of the view with Shift held: drops balls there (the keyboard's way). */
  dropAtCentre(): void {
    const view = this.#stage.view;
    if (!view) return;
    const { width, height } = this.#stage.size;
    this.#click(view, width / 2, height / 2, true);
  }

  resize(size: ViewSize): void {
    this.#stage.resize(size);
  }

  pointer(event: ForwardedEvent): void {
    this.#stage.pointer(event);
  }

  report(): Report {
    return this.#lastReport ?? this.#makeReport();
  }

  /** Fault injection for tests and demos: destroys the GPU device as a driver reset would. */
  loseGpuDevice(): void {
    this.#stage.loseDevice();
  }

  dispose(): void {
    this.#disposed = true;
    this.#recorder?.dispose();
    this.#start.dispose();
    this.#tracking.dispose();
    this.#backend?.dispose();
    this.#backend = null;
    this.#stage.dispose();
  }

  async #loadRecorder(): Promise<ViewRecorder> {
    if (!this.#recorder) {
      const { ViewRecorder } = await import('./recorder.ts');
      this.#recorder ??= new ViewRecorder();
    }
    return this.#recorder;
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
    const view = this.#stage.view;
    let sameBalls = false;
    let built: Awaited<ReturnType<typeof buildBackend>>;
    try {
      built = await buildBackend(config, {
        view,
        gpu: this.#stage.gpu,
        choice: this.#choice,
        gpuProblem: this.#stage.gpuProblem,
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
    this.#snapshots.begin(snapshot);
    this.#learningRates = snapshot
      ? [...snapshot.learningRates]
      : Array.from({ length: backend.groupCount }, (_, g) => this.#groupConfig(g).learningRate);
    this.#basinMap.forget();
    this.#runGeneration++;
    if (!sameRun) this.#tracking.newRun(backend, config.seed ?? 1);
    this.#tracking.apply(backend);
    this.#ballsMoved = true;
    this.#meter.restart(performance.now(), backend.transfer ?? null);
    this.#start.enter('upload');
    this.#firstFrame.expect(fresh && view !== null);
    // Without a view there is no frame to wait for.
    if (!view) this.#firstFrame.skip();
    await this.#refreshStats();
    this.#emit();
    return this.#result();
  }

  /** The device is gone: the run goes on on the CPU from the last snapshot, with a new view. */
  #onDeviceLost(reason: string): Promise<void> {
    // Frames stop waiting on the lost queue at once; the rest waits its turn like every request
    // that acts on the run (#serial), so none of them finds the run gone in between.
    this.#gpuFrames.use(null);
    // A recording stops here: the view is about to be replaced, and frames drawn after a loss
    // took the encoder seconds each (the recording seemed to hang).
    this.#recorder?.stop('the GPU device was lost, so the recording stopped; record again');
    return this.#serial(async () => {
      const config = this.#config;
      const lostBackend = this.#backend;
      this.#backend = null;
      // A CPU run lost nothing with the device (only its view was on it): it goes on from where
      // it is, not from the insurance copy (which only a GPU run keeps up to date).
      const snapshot =
        lostBackend?.kind === 'cpu'
          ? await lostBackend.snapshot().catch(() => this.#snapshots.insurance)
          : this.#snapshots.insurance;
      lostBackend?.dispose();
      await this.#stage.replaceLostDevice(reason).catch((error: unknown) => {
        this.#say(t('notice.view-restart-failed', { detail: errorText(error) }));
      });
      // A view rebuilt after a device loss starts without the basin map and the trails.
      this.#basinMap.invalidate();
      if (!config) return;
      // The rates now are the person's last word: ones set after the snapshot was taken too.
      const rates = [...this.#learningRates];
      await this.#buildNow(config, snapshot, true, false);
      this.#keepRates(rates);
      this.#say(t('notice.device-lost', { detail: reason, step: snapshot?.stepCount ?? 0 }));
    });
  }

  /** Puts back learning rates a rebuild from an older copy of the run would have undone. */
  #keepRates(rates: readonly number[]): void {
    const backend = this.#backend;
    if (!backend) return;
    rates.forEach((rate, group) => {
      if (group >= backend.groupCount || rate === this.#learningRates[group]) return;
      backend.setLearningRate(group, rate);
      this.#learningRates[group] = rate;
    });
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
    if (this.#gpuFrames.full) return;
    // Without a GPU queue to ask, the first frame is on screen once the next one is due.
    if (!this.#stage.gpu) this.#firstFrame.shown();
    // No steps until the first frame is shown (the pacer then holds a moment before moving).
    if (this.#playing && !this.#firstFrame.waiting && !this.#switching) {
      const steps = this.#pacer.take(performance.now());
      if (steps > 0) {
        backend.step(steps);
        this.#meter.countSteps(steps);
        this.#ballsMoved = true;
      }
    } else {
      this.#pacer.pause();
    }
    const view = this.#stage.view;
    const firstFrame = view !== null && this.#firstFrame.pending;
    if (view) {
      // On the GPU path the compute shader already wrote the buffer the view draws.
      if (this.#ballsMoved && backend.writeRenderData) {
        backend.writeRenderData(view.particleData());
        view.markParticlesDirty();
      }
      this.#ballsMoved = false;
      view.render();
      const canvas = this.#stage.drawnCanvas;
      if (canvas) this.#recorder?.afterRender(canvas, performance.now());
      this.#meter.countFrame();
      if (firstFrame) this.#firstFrame.drawn();
    }
    const generation = this.#runGeneration;
    this.#gpuFrames.track(
      firstFrame
        ? () => {
            if (generation === this.#runGeneration) this.#firstFrame.shown();
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
    const stillCurrent = () => backend === this.#backend && generation === this.#runGeneration;
    this.#snapshots.takeIfDue(backend, now, wantSnapshot, stillCurrent, () => this.#paintBasinMap());
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
    const view = this.#stage.view;
    const backend = this.#backend;
    const config = this.#resolved;
    if (!view || !backend || !config) return;
    this.#basinMap.paint(view, config, backend.perGroup, this.#viewOptions, this.#snapshots.latest);
  }

  /** A reset: the recorded paths and the snapshot belong to the run before it. */
  #forgetRun(): void {
    this.#runGeneration++;
    this.#snapshots.forget();
    this.#basinMap.invalidate();
    this.#tracking.forgetRun();
  }

  /** A click on the view (see clickView); a failure is told where the person looks. */
  #click(view: LandscapeView, offsetX: number, offsetY: number, shift: boolean): void {
    clickView(this.#clicks, view, offsetX, offsetY, shift).catch((error: unknown) => {
      this.#say(t('notice.pick-failed', { detail: errorText(error) }));
    });
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

  /** Closes the measurement window: rates over it, and a lower resolution if frames were slow. */
  #closeWindow(now: number): void {
    this.#meter.close(now, this.#backend?.transfer ?? null);
    if (this.#playing) this.#stage.observeFps(this.#meter.fps);
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
      cpuEngine: backend?.cpuEngine ?? null,
      renderer: this.#stage.view?.backendName ?? null,
      particleCount,
      fps: this.#meter.fps,
      stepsPerSecond: this.#meter.stepsPerSecond,
      particleStepsPerSecond: this.#meter.stepsPerSecond * particleCount,
      groups: this.#stats?.groups ?? [],
      transfer: backend?.kind === 'webgpu' ? this.#meter.transferRates : null,
      notice: this.#notice,
      inspected: this.#tracking.inspectedInfo,
      codeGeneration: canGenerateCode(),
      sample: this.#tracking.sample,
    };
  }

  #result(): InitResult {
    const backend = this.#requireBackend();
    return {
      backend: backend.kind as BackendKind,
      backendLabel: backend.label,
      renderer: this.#stage.view?.backendName ?? null,
      particleCount: backend.particleCount,
      groupCount: backend.groupCount,
      heightScale: this.#stage.view?.heightScale() ?? null,
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
