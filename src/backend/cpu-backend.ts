/**
 * The CPU backend: src/core's simulation, run in the worker, behind the SimBackend interface.
 * Its steps run on the WebAssembly frames where they can (else JavaScript), and, once
 * startThreads has frame threads ready, on every core: the worker takes its part of the balls
 * and waits for the others' (threads/frame-pool.ts), so a frame's steps are done when step()
 * returns, as on one thread.
 */
import {
  createSimulationEngine,
  type Simulation,
  type SimulationConfig,
  type SimulationEngine,
  type TrackedBalls,
} from '../core/simulation.ts';
import { createFramePool, type FramePool, type SpawnThread } from '../core/threads/frame-pool.ts';
import { type CpuEngineInfo, type CpuNote, checkTracked, type SimBackend } from './backend.ts';

export interface CpuBackendOptions {
  /** The balls in memory frame threads can share (the page must be cross-origin isolated). */
  readonly shared?: boolean;
  /** Keep the balls as drawn in the balls' own memory, for the view (see drawBuffer). */
  readonly drawn?: boolean;
}

export class CpuBackend implements SimBackend {
  readonly kind = 'cpu';
  readonly simulation: Simulation;
  readonly #engine: SimulationEngine;
  #tracked = new Uint32Array(0);
  #pool: FramePool | null = null;
  #threadsNote: CpuNote | null = null;

  constructor(config: SimulationConfig, options: CpuBackendOptions = {}) {
    this.#engine = createSimulationEngine(config, {
      shared: options.shared ?? false,
      drawn: options.drawn ?? false,
    });
    this.simulation = this.#engine.simulation;
  }

  /**
   * Splits the steps over `threads` threads (this one included) once their frames are ready;
   * until then, and for good if they cannot start or the kernel is not WebAssembly, this thread
   * steps alone. `note` is why one thread, when no pool is asked for (e.g. no isolation).
   */
  startThreads(threads: number, spawn: SpawnThread | null, note: CpuNote | null): void {
    const wasm = this.#engine.kernels.wasm;
    this.#threadsNote = note;
    if (!wasm || !spawn || threads < 2 || !(wasm.memory.buffer instanceof SharedArrayBuffer)) return;
    const pool = createFramePool(wasm, { threads, spawn, blocking: true });
    this.#pool = pool;
    pool.ready.then(
      () => {
        if (this.#pool === pool) this.#engine.executeWith((runs) => this.#runOnPool(pool, runs));
      },
      () => this.#dropPool(pool),
    );
  }

  #runOnPool(pool: FramePool, runs: Parameters<FramePool['runBlocking']>[0]): void {
    try {
      pool.runBlocking(runs);
    } catch (error) {
      // A thread failed mid-job: on one thread from the next step on, and say so.
      this.#dropPool(pool);
      throw error;
    }
  }

  #dropPool(pool: FramePool): void {
    if (this.#pool !== pool) return;
    this.#pool = null;
    this.#threadsNote = 'threads-failed';
    this.#engine.executeWith(null);
    pool.dispose();
  }

  get cpuEngine(): CpuEngineInfo {
    const { kernel, kernelFallback } = this.simulation;
    const threads = this.#pool?.isReady ? this.#pool.threads : 1;
    return { kernel, threads, note: kernelFallback ?? (threads === 1 ? this.#threadsNote : null) };
  }

  /** For the HUD; the page words it from cpuEngine. */
  get label(): string {
    const { kernel, threads } = this.cpuEngine;
    return kernel === 'wasm' ? `CPU · WebAssembly · ${threads}` : 'CPU · JavaScript';
  }

  get landscape() {
    return this.simulation.landscape;
  }
  get domain() {
    return this.simulation.domain;
  }
  get particleCount() {
    return this.simulation.particleCount;
  }
  get perGroup() {
    return this.simulation.perGroup;
  }
  get groupCount() {
    return this.simulation.groupCount;
  }
  get statusNow(): Uint8Array {
    return this.simulation.status;
  }

  get stepCount() {
    return this.simulation.stepCount;
  }

  step(steps: number): void {
    this.simulation.step(steps);
  }
  async stats() {
    return this.simulation.stats();
  }
  async snapshot() {
    return this.simulation.snapshot();
  }
  restore(snapshot: Parameters<Simulation['restore']>[0]): void {
    this.simulation.restore(snapshot);
  }
  setLearningRate(group: number, learningRate: number): void {
    this.simulation.setLearningRate(group, learningRate);
  }
  setTracked(indices: Uint32Array): void {
    checkTracked(indices, this.simulation.particleCount);
    this.#tracked = indices.slice();
  }
  /** The tracked balls as they are now (the CPU has no readback to wait for). */
  tracked(): TrackedBalls {
    return this.simulation.trackedBalls(this.#tracked);
  }
  reset(): void {
    this.simulation.reset();
  }
  /**
   * The balls as drawn, in the simulation's own memory (shared with the frame threads when they
   * run): writeRenderData(drawBuffer) fills it in place, in WebAssembly where the kernel is, and
   * the view draws from it as it is. null unless asked for (CpuBackendOptions.drawn).
   */
  get drawBuffer(): Float32Array | null {
    return this.#engine.kernels.drawn;
  }
  /** Packs the balls for the view (x, y, f, flags per ball). */
  writeRenderData(out: Float32Array): void {
    this.simulation.writeRenderData(out);
  }
  dispose(): void {
    const pool = this.#pool;
    this.#pool = null;
    this.#engine.executeWith(null);
    pool?.dispose();
  }
}
