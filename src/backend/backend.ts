/**
 * One engine interface, two backends: the CPU (src/core's Simulation, in the worker) and WebGPU
 * (src/gpu). The worker runs whichever it has through this interface, and moves a run from one
 * to the other with a snapshot.
 */
import type { Domain, Landscape } from '../core/landscape.ts';
import type { SimulationSnapshot, SimulationStats } from '../core/simulation.ts';

export type BackendKind = 'cpu' | 'webgpu';

/** Cumulative bytes copied between GPU buffers and JavaScript (the GPU backend only). */
export interface TransferCounters {
  /** Read back for statistics. */
  readonly statsBytes: number;
  /** Read back for snapshots (backend switches, insurance against a lost device). */
  readonly snapshotBytes: number;
  /** Written from JavaScript: per-dispatch parameters, uploads on reset and restore. */
  readonly uploadBytes: number;
}

export interface SimBackend {
  readonly kind: BackendKind;
  /** For the HUD, e.g. `CPU · worker` or `WebGPU · swiftshader`. */
  readonly label: string;
  readonly landscape: Landscape;
  readonly domain: Domain;
  readonly particleCount: number;
  readonly perGroup: number;
  readonly groupCount: number;
  /** What crossed between GPU and JavaScript so far; absent where nothing has to. */
  readonly transfer?: TransferCounters;
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
