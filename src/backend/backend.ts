/**
 * One engine interface, two backends: the CPU (src/core's Simulation, in the worker) and WebGPU
 * (src/gpu). The worker runs whichever it has through this interface, and moves a run from one
 * to the other with a snapshot.
 */
import type { Domain, Landscape } from '../core/landscape.ts';
import type { SimulationSnapshot, SimulationStats } from '../core/simulation.ts';

export type BackendKind = 'cpu' | 'webgpu';

export interface SimBackend {
  readonly kind: BackendKind;
  /** For the HUD, e.g. `CPU · worker` or `WebGPU · swiftshader`. */
  readonly label: string;
  readonly landscape: Landscape;
  readonly domain: Domain;
  readonly particleCount: number;
  readonly perGroup: number;
  readonly groupCount: number;
  /** Steps done (queued ones included on the GPU). */
  readonly stepCount: number;
  /** Advances every group by `steps` steps. */
  step(steps: number): void;
  /** Per-group statistics of the current state. */
  stats(): Promise<SimulationStats>;
  /** The whole run state, to continue it on another backend. */
  snapshot(): Promise<SimulationSnapshot>;
  restore(snapshot: SimulationSnapshot): void;
  setLearningRate(group: number, learningRate: number): void;
  reset(): void;
  /** Frees what the backend holds; safe to call twice. */
  dispose(): void;
}
