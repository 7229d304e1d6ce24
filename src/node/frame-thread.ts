/** A frame thread in Node (worker_threads): threads/frame-thread.ts behind Node's message port. */
import { parentPort } from 'node:worker_threads';
import { serveFrames } from '../core/threads/frame-thread.ts';
import type { FrameThreadInit } from '../core/threads/pool-protocol.ts';

const port = parentPort;
if (!port) throw new Error('frame-thread.ts runs as a worker thread');
port.once('message', (init: FrameThreadInit) => {
  serveFrames(init, (message) => port.postMessage(message));
});
