/**
 * The worker side of Slope: owns the simulation backend (WebGPU or CPU) and the view, runs the
 * frame loop, and reports small statistics to the main thread a few times a second. The main
 * thread never steps balls.
 *
 * On the WebGPU path the view and the compute share one GPUDevice: the compute shader writes the
 * very buffer three.js draws, and only statistics (and, once a second, a snapshot kept in case
 * the device is lost) come back to JavaScript.
 */
import type { BackendKind, SimBackend, TransferCounters } from '../backend/backend.ts';
import { CpuBackend } from '../backend/cpu-backend.ts';
import { GROUP_COLORS } from '../core/group-colors.ts';
import type { Landscape } from '../core/landscape.ts';
import { findPreset } from '../core/landscapes/index.ts';
import type { SimulationConfig, SimulationSnapshot, SimulationStats } from '../core/simulation.ts';
import type { BackendChoice } from '../core/url-state.ts';
import type {
  InitRequest,
  InitResult,
  Report,
  SimWorkerApi,
  ViewSize,
  WireConfig,
} from '../engine/protocol.ts';
import type { GpuContext } from '../gpu/device.ts';
import { ElementProxy, type ForwardedEvent } from '../render/element-proxy.ts';
import { RenderScaler, usesSoftwareRenderer } from '../render/software-renderer.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';

/** How often statistics go to the main thread. */
const REPORT_INTERVAL_MS = 250;
/**
 * How often the GPU state is copied back as insurance against a lost device: a loss costs at
 * most this much progress, and the copy (16-32 bytes a ball) stays off the per-frame path.
 */
const SNAPSHOT_INTERVAL_MS = 1000;
/** Frames the GPU may be behind before the loop waits for it: enough to overlap CPU and GPU. */
const MAX_GPU_FRAMES_IN_FLIGHT = 2;

type FrameScheduler = (callback: () => void) => void;

/** A config whose landscape is the object itself, not its id. */
type ResolvedConfig = SimulationConfig & { readonly landscape: Landscape };

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
  #playing = false;
  #speed = 1;
  #running = false;
  #disposed = false;
  #schedule: FrameScheduler = (callback) => setTimeout(callback, 0);
  /** Builds and backend switches, one at a time (see #build). */
  #queue: Promise<unknown> = Promise.resolve();
  // Counters of the current report window.
  #windowStart = 0;
  #windowFrames = 0;
  #windowSteps = 0;
  /** Whether the balls changed since they were last handed to the view (CPU path). */
  #ballsMoved = true;
  /** Frames submitted to the shared GPU device and not finished yet. */
  #gpuFramesInFlight = 0;
  #fps = 0;
  #stepsPerSecond = 0;
  /** Transfer counters at the start of the window, and the rates over the last one. */
  #transferAtWindowStart: TransferCounters | null = null;
  #transferRates: Report['transfer'] = null;
  #stats: SimulationStats | null = null;
  #statsPending = false;
  #snapshot: SimulationSnapshot | null = null;
  #snapshotAt = 0;
  #snapshotPending = false;
  #notice: { id: number; text: string } | null = null;
  #lastReport: Report | null = null;
  #size: ViewSize = { width: 1, height: 1, pixelRatio: 1 };
  readonly #scaler = new RenderScaler();

  async init(request: InitRequest, onReport: (report: Report) => void): Promise<InitResult> {
    this.#onReport = onReport;
    this.#speed = request.speed;
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
    const result = await this.#build(request.config, null, false);
    this.#startLoop();
    return result;
  }

  async configure(config: WireConfig): Promise<InitResult> {
    return this.#build(config, null, false);
  }

  /** Moves the run to another backend, continuing from the same positions, state and step. */
  setBackend(choice: BackendChoice): Promise<InitResult> {
    return this.#serial(async () => {
      this.#choice = choice;
      const snapshot = await this.#requireBackend().snapshot();
      return this.#buildNow(this.#requireConfig(), snapshot, false);
    });
  }

  setPlaying(playing: boolean): void {
    this.#playing = playing;
    this.#emit();
  }

  async step(steps: number): Promise<Report> {
    this.#requireBackend().step(steps);
    this.#ballsMoved = true;
    await this.#refreshStats();
    return this.#emit();
  }

  async reset(): Promise<Report> {
    this.#requireBackend().reset();
    this.#ballsMoved = true;
    this.#snapshot = null;
    await this.#refreshStats();
    return this.#emit();
  }

  setSpeed(stepsPerFrame: number): void {
    this.#speed = stepsPerFrame;
  }

  setLearningRate(group: number, learningRate: number): void {
    this.#requireBackend().setLearningRate(group, learningRate);
  }

  setViewOptions(options: Partial<ViewOptions>): void {
    Object.assign(this.#viewOptions, options);
    this.#view?.setOptions(options);
  }

  resetCamera(mode: 'orbit' | 'top'): void {
    this.#view?.resetCamera(mode);
  }

  resize(size: ViewSize): void {
    this.#size = size;
    this.#input?.setSize(size.width, size.height);
    this.#view?.resize(size.width, size.height, size.pixelRatio * this.#scaler.scale);
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
    this.#backend?.dispose();
    this.#backend = null;
    this.#view?.dispose();
    this.#view = null;
    this.#gpu?.device.destroy();
    this.#gpu = null;
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
    view.resize(this.#size.width, this.#size.height, this.#size.pixelRatio * this.#scaler.scale);
    view.setOptions(this.#viewOptions);
    this.#view = view;
  }

  /**
   * Builds run one after another: a build replaces the view's ball buffer, which a build still
   * creating its GPU simulation on the old one must not see happen.
   */
  #build(config: WireConfig, snapshot: SimulationSnapshot | null, quiet: boolean): Promise<InitResult> {
    return this.#serial(() => this.#buildNow(config, snapshot, quiet));
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Makes a backend for `config` (continuing `snapshot` when given) and swaps it in. WebGPU when
   * chosen and possible, else the CPU with a notice saying why.
   */
  async #buildNow(
    config: WireConfig,
    snapshot: SimulationSnapshot | null,
    quiet: boolean,
  ): Promise<InitResult> {
    const landscape = findPreset(config.landscape);
    if (!landscape) throw new RangeError(`landscape: no preset called "${config.landscape}"`);
    const full: ResolvedConfig = { ...config, landscape };
    // The CPU backend validates the config and places the balls; the GPU backend copies both.
    const cpu = new CpuBackend(full);
    // The config is valid: the old backend stops here, before the view's buffers are replaced
    // under it (frames skip while there is no backend).
    const previous = this.#backend;
    this.#backend = null;
    previous?.dispose();
    const view = this.#view;
    const sameBalls =
      previous !== null &&
      previous.particleCount === cpu.particleCount &&
      this.#config?.landscape === config.landscape;
    const wantGpu = this.#choice !== 'cpu';
    if (view && !(snapshot && sameBalls)) {
      view.setLandscape(cpu.landscape, cpu.domain);
      view.setParticles(cpu.particleCount, GROUP_COLORS.slice(0, cpu.groupCount));
      // three creates the GPU buffer behind the balls at their first draw; the compute writes it.
      if (wantGpu && this.#gpu) view.render();
    }
    let backend: SimBackend = cpu;
    if (wantGpu && this.#gpu) {
      try {
        backend = await this.#createGpuBackend(full);
      } catch (error) {
        this.#say(`WebGPU simulation failed to start (${messageOf(error)}); running on the CPU.`);
      }
    } else if (this.#choice === 'webgpu' && !quiet) {
      this.#say(
        `WebGPU is not available here (${this.#gpuProblem ?? 'unknown reason'}); running on the CPU.`,
      );
    }
    if (snapshot) backend.restore(snapshot);
    this.#backend = backend;
    this.#config = config;
    this.#snapshot = snapshot;
    this.#ballsMoved = true;
    this.#resetWindow();
    await this.#refreshStats();
    this.#emit();
    return this.#result();
  }

  async #createGpuBackend(config: ResolvedConfig): Promise<SimBackend> {
    const gpu = this.#gpu!;
    const { createGpuSimulation } = await import('../gpu/gpu-simulation.ts');
    const ballBuffer = this.#view?.gpuParticleBuffer() ?? undefined;
    return createGpuSimulation(gpu.device, config, { ballBuffer, adapterName: gpu.adapterName });
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
      this.#say(`The view could not be restarted after the GPU was lost (${messageOf(error)}).`);
    });
    if (!config) return;
    await this.#build(config, snapshot, true);
    this.#say(
      `The GPU device was lost (${reason}); the run continues on the CPU from step ${snapshot?.stepCount ?? 0}.`,
    );
  }

  #startLoop(): void {
    if (this.#running) return;
    this.#running = true;
    const frame = (): void => {
      if (this.#disposed) return;
      try {
        this.#frame();
      } catch (error) {
        this.#say(`Frame failed: ${messageOf(error)}`);
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
    if (this.#playing) {
      backend.step(this.#speed);
      this.#windowSteps += this.#speed;
      this.#ballsMoved = true;
    }
    const view = this.#view;
    if (view) {
      // On the GPU path the compute shader already wrote the buffer the view draws.
      if (this.#ballsMoved && backend instanceof CpuBackend) {
        backend.writeRenderData(view.particleData());
        view.markParticlesDirty();
      }
      this.#ballsMoved = false;
      view.render();
      this.#windowFrames++;
    }
    this.#trackGpuFrame();
    const now = performance.now();
    if (now - this.#windowStart >= REPORT_INTERVAL_MS) {
      this.#closeWindow(now);
      void this.#refreshStats().then(() => this.#emit());
    }
    if (
      backend.kind === 'webgpu' &&
      now - this.#snapshotAt >= SNAPSHOT_INTERVAL_MS &&
      !this.#snapshotPending
    ) {
      this.#snapshotAt = now;
      this.#snapshotPending = true;
      backend
        .snapshot()
        .then((snapshot) => {
          if (backend === this.#backend) this.#snapshot = snapshot;
        })
        .catch(() => undefined)
        .finally(() => {
          this.#snapshotPending = false;
        });
    }
  }

  /** Counts this frame's GPU work as in flight until the queue reports it done. */
  #trackGpuFrame(): void {
    const gpu = this.#gpu;
    if (!gpu) return;
    this.#gpuFramesInFlight++;
    const done = (): void => {
      // After a device loss the counter was reset; an old frame must not drive it negative.
      if (this.#gpu === gpu) this.#gpuFramesInFlight--;
    };
    gpu.device.queue.onSubmittedWorkDone().then(done, done);
  }

  /** Fetches statistics unless a fetch is already under way. */
  async #refreshStats(): Promise<void> {
    const backend = this.#backend;
    if (!backend || this.#statsPending) return;
    this.#statsPending = true;
    try {
      const stats = await backend.stats();
      if (backend === this.#backend) this.#stats = stats;
    } catch {
      // A lost device rejects pending reads; the loss handler takes it from here.
    } finally {
      this.#statsPending = false;
    }
  }

  /** Closes the measurement window: rates over it, and a lower resolution if frames were slow. */
  #closeWindow(now: number): void {
    const seconds = (now - this.#windowStart) / 1000;
    this.#fps = this.#windowFrames / seconds;
    this.#stepsPerSecond = this.#windowSteps / seconds;
    const transfer = this.#backend?.transfer;
    const start = this.#transferAtWindowStart;
    this.#transferRates =
      transfer && start
        ? {
            statsBytesPerSecond: (transfer.statsBytes - start.statsBytes) / seconds,
            snapshotBytesPerSecond: (transfer.snapshotBytes - start.snapshotBytes) / seconds,
            uploadBytesPerSecond: (transfer.uploadBytes - start.uploadBytes) / seconds,
          }
        : null;
    this.#resetWindow(now);
    if (this.#view && this.#playing && this.#scaler.observe(this.#fps)) this.resize(this.#size);
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
      step: backend?.stepCount ?? 0,
      playing: this.#playing,
      backend: backend?.kind ?? 'cpu',
      backendLabel: backend?.label ?? 'starting…',
      renderer: this.#view?.backendName ?? null,
      particleCount,
      fps: this.#fps,
      stepsPerSecond: this.#stepsPerSecond,
      particleStepsPerSecond: this.#stepsPerSecond * particleCount,
      groups: this.#stats?.groups ?? [],
      transfer: backend?.kind === 'webgpu' ? this.#transferRates : null,
      notice: this.#notice,
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
    };
  }

  #resetWindow(now = performance.now()): void {
    const transfer = this.#backend?.transfer;
    this.#transferAtWindowStart = transfer ? { ...transfer } : null;
    this.#windowStart = now;
    this.#windowFrames = 0;
    this.#windowSteps = 0;
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
