/**
 * No per-frame round trip: while the app's runtime plays on the WebGPU path, buffers are mapped
 * for statistics (4 a second) and the lost-device snapshot (1 a second), never once per frame.
 * The runtime runs on this page's thread here, so the test can watch GPUBuffer.prototype.mapAsync,
 * and drive its frames itself: a fake requestAnimationFrame and a clock that moves 1/60 s a
 * frame, so the count depends on frames and simulated seconds, not on how busy the machine is.
 */
import { afterEach, expect, test } from 'vitest';
import type { Report } from '../../src/engine/protocol.ts';
import { SimRuntime } from '../../src/worker/runtime.ts';
import { watchConsoleErrors } from './console-errors.ts';
import { gpuAdapter } from './gpu-required.ts';

const hasAdapter = (await gpuAdapter('readback-rate')) !== null;
const originalMapAsync = globalThis.GPUBuffer?.prototype.mapAsync;
const originalRequestAnimationFrame = globalThis.requestAnimationFrame;
const originalNow = performance.now.bind(performance);
let runtime: SimRuntime | null = null;

const consoleErrors = watchConsoleErrors();

afterEach(() => {
  if (originalMapAsync) GPUBuffer.prototype.mapAsync = originalMapAsync;
  globalThis.requestAnimationFrame = originalRequestAnimationFrame;
  performance.now = originalNow;
  runtime?.dispose();
  runtime = null;
  consoleErrors.check();
});

/** Frames the test drives, 1/60 s apart on the simulated clock: 4 simulated seconds. */
const FRAMES = 240;
const FRAME_MS = 1000 / 60;

test.skipIf(!hasAdapter)('buffer maps stay at the statistics rate while frames run', async () => {
  let maps = 0;
  GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
    maps++;
    return originalMapAsync!.apply(this, args);
  };
  // The runtime's frames come from this queue, and its clock is this one.
  const pending: FrameRequestCallback[] = [];
  globalThis.requestAnimationFrame = (callback) => pending.push(callback);
  let clock = originalNow();
  performance.now = () => clock;
  const canvas = document.createElement('canvas');
  canvas.width = 96;
  canvas.height = 64;
  document.body.append(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  let last: Report | null = null;
  runtime = new SimRuntime();
  const info = await runtime.init(
    {
      canvas: offscreen,
      size: { width: 96, height: 64, pixelRatio: 1 },
      // A rate so small that no ball settles: every frame does the full work.
      config: { landscape: 'bowl', particleCount: 4096, groups: [{ optimizer: 'gd', learningRate: 1e-5 }] },
      // As many steps a frame as keep frames smooth: every frame steps.
      speed: Number.POSITIVE_INFINITY,
      paused: false,
      backend: 'webgpu',
    },
    (report) => {
      last = report;
    },
  );
  expect(info.backend).toBe('webgpu');
  const mapsBefore = maps;
  const stepBefore = runtime.report().step;
  for (let frame = 0; frame < FRAMES; frame++) {
    clock += FRAME_MS;
    for (const callback of pending.splice(0)) callback(clock);
    // Real time for the GPU to finish the frame and for readbacks to resolve.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = (FRAMES * FRAME_MS) / 1000;
  const mapped = maps - mapsBefore;
  expect(runtime.report().step).toBeGreaterThan(stepBefore);
  // At most 4 statistics readbacks and 1 snapshot a simulated second (one each of slack for the
  // first window), however the frames went; at least one.
  expect(mapped).toBeLessThanOrEqual(Math.ceil(seconds * 4) + Math.ceil(seconds) + 2);
  expect(mapped).toBeGreaterThan(0);
  // And far fewer than frames: the balls never come back to JavaScript to be drawn.
  expect(mapped * 4).toBeLessThan(FRAMES);
  expect((last as Report | null)?.transfer?.statsBytesPerSecond ?? 0).toBeGreaterThan(0);
});
