/**
 * A frame thread's life, the same in a browser worker (workers/frame.worker.ts) and a Node
 * worker thread (src/node/frame-thread.ts): instantiate the frames on the shared memory, say
 * ready, then wait for jobs and run this thread's part of every group's balls, until told to
 * stop. It blocks in Atomics.wait between jobs, which a worker may do (a page may not).
 */
import { instantiateFrames } from '../group-kernels.ts';
import { advanceRun, partOf } from '../wasm/frame-runs.ts';
import { CONTROL, type FrameThreadInit, type FrameThreadMessage, readJob } from './pool-protocol.ts';

export function serveFrames(init: FrameThreadInit, post: (message: FrameThreadMessage) => void): void {
  const control = new Int32Array(init.control);
  const job = new Float64Array(init.job);
  const frames = instantiateFrames(init.modules, init.memory);
  const [begin, end] = partOf(init.perGroup, init.part, init.parts);
  // The generation before saying ready: a job may be handed out the moment the coordinator hears.
  let seen = Atomics.load(control, CONTROL.generation);
  post({ kind: 'ready' });
  for (;;) {
    Atomics.wait(control, CONTROL.generation, seen);
    if (Atomics.load(control, CONTROL.stop) === 1) return;
    const generation = Atomics.load(control, CONTROL.generation);
    if (generation === seen) continue;
    seen = generation;
    try {
      for (const run of readJob(job))
        advanceRun(frames[run.group]!, init.layout, init.perGroup, run, begin, end);
    } catch (error) {
      Atomics.store(control, CONTROL.failed, 1);
      post({ kind: 'failed', detail: error instanceof Error ? error.message : String(error) });
    }
    if (Atomics.sub(control, CONTROL.remaining, 1) === 1) {
      Atomics.notify(control, CONTROL.remaining);
      if (Atomics.load(control, CONTROL.postDone) === 1) post({ kind: 'done' });
    }
  }
}
