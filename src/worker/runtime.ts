/**
 * The worker side of Slope: owns the simulation and the view, runs the frame loop, and reports
 * small statistics to the main thread a few times a second. The main thread never steps balls.
 */
import { GROUP_COLORS } from '../core/group-colors.ts';
import { createSimulation, type Simulation } from '../core/simulation.ts';
import type {
  InitRequest,
  InitResult,
  Report,
  SimWorkerApi,
  ViewSize,
  WireConfig,
} from '../engine/protocol.ts';
import { ElementProxy, type ForwardedEvent } from '../render/element-proxy.ts';
import { RenderScaler, usesSoftwareRenderer } from '../render/software-renderer.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';

/** How often statistics go to the main thread. Statistics cost a pass over every ball. */
const REPORT_INTERVAL_MS = 250;

type FrameScheduler = (callback: () => void) => void;

export class SimRuntime implements SimWorkerApi {
  #simulation: Simulation | null = null;
  #view: LandscapeView | null = null;
  #input: ElementProxy | null = null;
  #onReport: ((report: Report) => void) | null = null;
  #playing = false;
  #speed = 1;
  #running = false;
  #disposed = false;
  #schedule: FrameScheduler = (callback) => setTimeout(callback, 0);
  // Counters of the current report window.
  #windowStart = 0;
  #windowFrames = 0;
  #windowSteps = 0;
  /** Whether the balls changed since they were last handed to the view. */
  #ballsMoved = true;
  #fps = 0;
  #stepsPerSecond = 0;
  #lastReport: Report | null = null;
  #size: ViewSize = { width: 1, height: 1, pixelRatio: 1 };
  readonly #scaler = new RenderScaler();

  async init(request: InitRequest, onReport: (report: Report) => void): Promise<InitResult> {
    this.#onReport = onReport;
    this.#speed = request.speed;
    this.#playing = !request.paused;
    if (request.canvas) {
      // The view module (three.js) loads only when there is something to draw.
      const { LandscapeView } = await import('../render/view.ts');
      this.#input = new ElementProxy();
      this.#input.setSize(request.size.width, request.size.height);
      const view = new LandscapeView(request.canvas, this.#input, {
        antialias: !(await usesSoftwareRenderer()),
      });
      await view.init();
      this.#size = request.size;
      view.resize(request.size.width, request.size.height, request.size.pixelRatio);
      if (request.viewOptions) view.setOptions(request.viewOptions);
      this.#view = view;
      const raf = (globalThis as { requestAnimationFrame?: (callback: () => void) => number })
        .requestAnimationFrame;
      if (raf) this.#schedule = (callback) => raf(callback);
    }
    const result = this.#build(request.config);
    this.#startLoop();
    return result;
  }

  async configure(config: WireConfig): Promise<InitResult> {
    return this.#build(config);
  }

  setPlaying(playing: boolean): void {
    this.#playing = playing;
    this.#emit();
  }

  step(steps: number): Report {
    this.#requireSimulation().step(steps);
    this.#ballsMoved = true;
    this.#windowSteps += steps;
    return this.#emit();
  }

  reset(): Report {
    this.#requireSimulation().reset();
    this.#ballsMoved = true;
    return this.#emit();
  }

  setSpeed(stepsPerFrame: number): void {
    this.#speed = stepsPerFrame;
  }

  setLearningRate(group: number, learningRate: number): void {
    this.#requireSimulation().setLearningRate(group, learningRate);
  }

  setViewOptions(options: Partial<ViewOptions>): void {
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

  dispose(): void {
    this.#disposed = true;
    this.#view?.dispose();
    this.#view = null;
    this.#simulation = null;
  }

  #build(config: WireConfig): InitResult {
    const simulation = createSimulation(config);
    this.#simulation = simulation;
    this.#view?.setLandscape(simulation.landscape, simulation.domain);
    this.#view?.setParticles(simulation.particleCount, GROUP_COLORS.slice(0, simulation.groupCount));
    this.#ballsMoved = true;
    this.#resetWindow();
    this.#emit();
    return {
      backend: 'cpu',
      renderer: this.#view?.backendName ?? null,
      particleCount: simulation.particleCount,
      groupCount: simulation.groupCount,
    };
  }

  #startLoop(): void {
    if (this.#running) return;
    this.#running = true;
    const frame = (): void => {
      if (this.#disposed) return;
      this.#frame();
      this.#schedule(frame);
    };
    this.#schedule(frame);
  }

  #frame(): void {
    const simulation = this.#simulation;
    if (!simulation) return;
    if (this.#playing) {
      simulation.step(this.#speed);
      this.#windowSteps += this.#speed;
      this.#ballsMoved = true;
    }
    const view = this.#view;
    if (view) {
      // Paused, the camera may still move, but a million balls need not be packed and uploaded.
      if (this.#ballsMoved) {
        simulation.writeRenderData(view.particleData());
        view.markParticlesDirty();
        this.#ballsMoved = false;
      }
      view.render();
      this.#windowFrames++;
    }
    const now = performance.now();
    if (now - this.#windowStart >= REPORT_INTERVAL_MS) {
      this.#closeWindow(now);
      this.#emit();
    }
  }

  /** Closes the measurement window: rates over it, and a lower resolution if frames were slow. */
  #closeWindow(now: number): void {
    const seconds = (now - this.#windowStart) / 1000;
    this.#fps = this.#windowFrames / seconds;
    this.#stepsPerSecond = this.#windowSteps / seconds;
    this.#resetWindow(now);
    if (this.#view && this.#playing && this.#scaler.observe(this.#fps)) this.resize(this.#size);
  }

  /** Sends the current state to the main thread and returns it. */
  #emit(): Report {
    const report = this.#makeReport();
    this.#lastReport = report;
    this.#onReport?.(report);
    return report;
  }

  #makeReport(): Report {
    const simulation = this.#requireSimulation();
    const stats = simulation.stats();
    return {
      step: stats.step,
      playing: this.#playing,
      backend: 'cpu',
      backendLabel: 'CPU · worker',
      renderer: this.#view?.backendName ?? null,
      particleCount: simulation.particleCount,
      fps: this.#fps,
      stepsPerSecond: this.#stepsPerSecond,
      particleStepsPerSecond: this.#stepsPerSecond * simulation.particleCount,
      groups: stats.groups,
    };
  }

  #resetWindow(now = performance.now()): void {
    this.#windowStart = now;
    this.#windowFrames = 0;
    this.#windowSteps = 0;
  }

  #requireSimulation(): Simulation {
    if (!this.#simulation) throw new Error('sim worker: init() has not run');
    return this.#simulation;
  }
}
