/**
 * Threads that run the WebAssembly frames on the same shared balls: each takes its part of every
 * group (frame-runs.ts partOf), so no two threads ever write the same ball and a job needs no
 * locks, only a count of the parts still running (pool-protocol.ts).
 *
 * Two ways to wait for a job. `runBlocking` (a worker, Node) takes part 0 itself and then waits
 * in Atomics.wait: the page's simulation worker, whose frame loop steps synchronously, works
 * alongside its helpers. `run` (Node's `await sim.step(n)`) leaves every part to the frame
 * threads and hears back by message, so the caller's thread stays free.
 *
 * Spawning a thread is the caller's (a browser Worker or a Node worker thread, see SpawnThread),
 * so this module runs anywhere.
 */
import type { WasmKernels } from '../group-kernels.ts';
import { instantiateFrames } from '../group-kernels.ts';
import { advanceRun, type FrameRun, partOf } from '../wasm/frame-runs.ts';
import {
  CONTROL,
  CONTROL_SLOTS,
  type FrameThreadInit,
  type FrameThreadMessage,
  JOB_SLOTS,
  MAX_RUNS,
  writeJob,
} from './pool-protocol.ts';

/** A started thread, as the pool needs it. */
export interface ThreadPort {
  postMessage(message: FrameThreadInit): void;
  /** Calls back with each message the thread posts, and with an error that ends it. */
  listen(onMessage: (message: FrameThreadMessage) => void, onError: (detail: string) => void): void;
  terminate(): void;
  /** Whether the thread keeps its process alive (Node); it should only while work is owed. */
  keepAlive?(alive: boolean): void;
}

export type SpawnThread = () => ThreadPort;

export interface PoolOptions {
  /** Threads working on a job, this one included when blocking (at least 2). */
  readonly threads: number;
  readonly spawn: SpawnThread;
  /** This thread takes part and waits in Atomics.wait (runBlocking) rather than by message (run). */
  readonly blocking: boolean;
}

export interface FramePool {
  /** Threads working on a job. */
  readonly threads: number;
  /** Resolves once every frame thread is ready; rejects with the reason one could not start. */
  readonly ready: Promise<void>;
  readonly isReady: boolean;
  /** Runs the calls on every thread, this one too, and returns when all are done. */
  runBlocking(runs: readonly FrameRun[]): void;
  /** Runs the calls on the frame threads; resolves when all are done. */
  run(runs: readonly FrameRun[]): Promise<void>;
  /** Ends the threads; safe to call twice. */
  dispose(): void;
}

export function createFramePool(wasm: WasmKernels, options: PoolOptions): FramePool {
  if (!(options.threads >= 2)) throw new RangeError(`a pool needs 2 threads or more, got ${options.threads}`);
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  const jobBuffer = new SharedArrayBuffer(JOB_SLOTS * 8);
  const job = new Float64Array(jobBuffer);
  const helpers = options.blocking ? options.threads - 1 : options.threads;
  // Part 0 is this thread's when it takes part.
  const firstHelperPart = options.blocking ? 1 : 0;
  const frames = options.blocking ? instantiateFrames(wasm.modules, wasm.memory) : [];
  const [ownBegin, ownEnd] = partOf(wasm.perGroup, 0, options.threads);

  let failure: string | null = null;
  let isReady = false;
  let disposed = false;
  let readyCount = 0;
  let onReady: () => void = () => {};
  let onStartFailed: (error: Error) => void = () => {};
  let jobDone: (() => void) | null = null;
  let jobFailed: ((error: Error) => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onStartFailed = reject;
  });
  // Nobody may be waiting on `ready` (a blocking pool just runs alone until it is).
  ready.catch(() => {});

  const fail = (detail: string): void => {
    failure ??= detail;
    onStartFailed(new Error(`frame thread: ${detail}`));
    jobFailed?.(new Error(`frame thread: ${detail}`));
  };
  const ports = Array.from({ length: helpers }, (_, k) => {
    const port = options.spawn();
    port.listen(
      (message) => {
        if (message.kind === 'ready' && ++readyCount === helpers) {
          isReady = true;
          for (const other of ports) other.keepAlive?.(false);
          onReady();
        } else if (message.kind === 'done') {
          jobDone?.();
        } else if (message.kind === 'failed') {
          fail(message.detail);
        }
      },
      (detail) => fail(detail),
    );
    port.postMessage({
      kind: 'frame-thread',
      modules: wasm.modules,
      memory: wasm.memory,
      layout: wasm.layout,
      perGroup: wasm.perGroup,
      control: control.buffer as SharedArrayBuffer,
      job: jobBuffer,
      part: firstHelperPart + k,
      parts: options.threads,
    });
    return port;
  });

  const check = (): void => {
    if (disposed) throw new Error('frame pool: disposed');
    if (failure !== null) throw new Error(`frame thread: ${failure}`);
    if (!isReady) throw new Error('frame pool: not ready yet');
  };
  /** Hands one job (at most MAX_RUNS calls) to the frame threads. */
  const start = (runs: readonly FrameRun[], postDone: boolean): void => {
    writeJob(job, runs);
    Atomics.store(control, CONTROL.postDone, postDone ? 1 : 0);
    Atomics.store(control, CONTROL.remaining, helpers);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
  };
  const chunks = (runs: readonly FrameRun[]): FrameRun[][] => {
    const out: FrameRun[][] = [];
    for (let k = 0; k < runs.length; k += MAX_RUNS) out.push(runs.slice(k, k + MAX_RUNS));
    return out;
  };

  return {
    threads: options.threads,
    ready,
    get isReady() {
      return isReady;
    },
    runBlocking(runs) {
      check();
      if (!options.blocking) throw new Error('frame pool: made to run by message');
      for (const chunk of chunks(runs)) {
        start(chunk, false);
        for (const run of chunk)
          advanceRun(frames[run.group]!, wasm.layout, wasm.perGroup, run, ownBegin, ownEnd);
        for (let left = Atomics.load(control, CONTROL.remaining); left !== 0; ) {
          Atomics.wait(control, CONTROL.remaining, left);
          left = Atomics.load(control, CONTROL.remaining);
        }
        if (Atomics.load(control, CONTROL.failed) === 1) {
          failure ??= 'a job failed';
          throw new Error(`frame thread: ${failure}`);
        }
      }
    },
    async run(runs) {
      check();
      if (options.blocking) throw new Error('frame pool: made to block');
      if (jobDone) throw new Error('frame pool: a job is already running');
      for (const port of ports) port.keepAlive?.(true);
      try {
        for (const chunk of chunks(runs)) {
          await new Promise<void>((resolve, reject) => {
            jobDone = resolve;
            jobFailed = reject;
            start(chunk, true);
          });
        }
      } finally {
        jobDone = null;
        jobFailed = null;
        for (const port of ports) port.keepAlive?.(false);
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      Atomics.store(control, CONTROL.stop, 1);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
      for (const port of ports) port.terminate();
      onStartFailed(new Error('frame pool: disposed'));
    },
  };
}
