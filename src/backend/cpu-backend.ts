/** The CPU backend: src/core's simulation, run in the worker, behind the SimBackend interface. */
import {
  createSimulation,
  type Simulation,
  type SimulationConfig,
  type TrackedBalls,
} from '../core/simulation.ts';
import { checkTracked, type SimBackend } from './backend.ts';

export class CpuBackend implements SimBackend {
  readonly kind = 'cpu';
  readonly label = 'CPU · worker';
  readonly simulation: Simulation;
  #tracked = new Uint32Array(0);

  constructor(config: SimulationConfig) {
    this.simulation = createSimulation(config);
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
  /** Packs the balls for the view (x, y, f, flags per ball). */
  writeRenderData(out: Float32Array): void {
    this.simulation.writeRenderData(out);
  }
  dispose(): void {}
}
