/**
 * What the coordinating thread and the frame threads share: a control block of int32 flags they
 * wait on and wake each other with (Atomics), and a job area holding the frame calls of one
 * step() as float64 numbers. Both sides read this one table.
 */
import type { BallLayout } from '../ball-memory.ts';
import type { FrameRun } from '../wasm/frame-runs.ts';

/** Int32 slots of the control block. */
export const CONTROL = {
  /** Bumped for every job; frame threads wait for it to change. */
  generation: 0,
  /** Parts of the current job not yet done; whoever finishes the last wakes the coordinator. */
  remaining: 1,
  /** 1: the last thread to finish also posts 'done' (a coordinator that cannot block). */
  postDone: 2,
  /** 1: the threads end. */
  stop: 3,
  /** 1: a frame thread failed a job (its message says why). */
  failed: 4,
} as const;
export const CONTROL_SLOTS = 5;

/** Most frame calls in one job; a step() with more (a long schedule) takes several jobs. */
export const MAX_RUNS = 1024;
const RUN_FIELDS = 6;
/** Float64 slots of the job area: the count, then the runs. */
export const JOB_SLOTS = 1 + MAX_RUNS * RUN_FIELDS;

/** What a frame thread is started with (its first message). */
export interface FrameThreadInit {
  readonly kind: 'frame-thread';
  readonly modules: readonly WebAssembly.Module[];
  readonly memory: WebAssembly.Memory;
  readonly layout: BallLayout;
  readonly perGroup: number;
  /** Int32Array(CONTROL_SLOTS) on it. */
  readonly control: SharedArrayBuffer;
  /** Float64Array(JOB_SLOTS) on it. */
  readonly job: SharedArrayBuffer;
  /** This thread's part of every group's balls, of `parts`. */
  readonly part: number;
  readonly parts: number;
}

/** What a frame thread says: ready, a job done (when asked), or that it failed. */
export type FrameThreadMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly detail: string };

export function writeJob(job: Float64Array, runs: readonly FrameRun[]): void {
  if (runs.length > MAX_RUNS) throw new RangeError(`a job holds at most ${MAX_RUNS} runs`);
  job[0] = runs.length;
  runs.forEach((run, k) => {
    const o = 1 + k * RUN_FIELDS;
    job[o] = run.group;
    job[o + 1] = run.steps;
    job[o + 2] = run.learningRate;
    job[o + 3] = run.stepsDone;
    job[o + 4] = run.counter0;
    job[o + 5] = run.counter1;
  });
}

export function readJob(job: Float64Array): FrameRun[] {
  return Array.from({ length: job[0]! }, (_, k) => {
    const o = 1 + k * RUN_FIELDS;
    return {
      group: job[o]!,
      steps: job[o + 1]!,
      learningRate: job[o + 2]!,
      stepsDone: job[o + 3]!,
      counter0: job[o + 4]!,
      counter1: job[o + 5]!,
    };
  });
}
