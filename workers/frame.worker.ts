/** A frame thread in a browser: threads/frame-thread.ts behind a module worker's messages. */
import { serveFrames } from '../src/core/threads/frame-thread.ts';
import type { FrameThreadInit } from '../src/core/threads/pool-protocol.ts';

self.addEventListener(
  'message',
  (event: MessageEvent<FrameThreadInit>) => {
    serveFrames(event.data, (message) => self.postMessage(message));
  },
  { once: true },
);
