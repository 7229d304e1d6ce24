/**
 * No per-frame round trip: while the app's runtime plays on the WebGPU path, buffers are mapped
 * for statistics (4 a second) and the lost-device snapshot (1 a second), never once per frame.
 * The runtime runs on this page's thread here, so the test can watch GPUBuffer.prototype.mapAsync.
 */
import { afterEach, expect, test } from 'vitest';
import type { Report } from '../../src/engine/protocol.ts';
import { SimRuntime } from '../../src/worker/runtime.ts';
import { watchConsoleErrors } from './console-errors.ts';
import { gpuAdapter } from './gpu-required.ts';

const hasAdapter = (await gpuAdapter('readback-rate')) !== null;
const originalMapAsync = globalThis.GPUBuffer?.prototype.mapAsync;
let runtime: SimRuntime | null = null;

const consoleErrors = watchConsoleErrors();

afterEach(() => {
  if (originalMapAsync) GPUBuffer.prototype.mapAsync = originalMapAsync;
  runtime?.dispose();
  runtime = null;
  consoleErrors.check();
});

test.skipIf(!hasAdapter)('buffer maps stay at the statistics rate while frames run', async () => {
  let maps = 0;
  GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
    maps++;
    return originalMapAsync!.apply(this, args);
  };
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
  const begin = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const seconds = (performance.now() - begin) / 1000;
  // Frames drawn: the last window's rate over the whole wait (the steps per frame vary at max).
  const frames = runtime.report().fps * seconds;
  expect(runtime.report().step).toBeGreaterThan(stepBefore);
  const mapsPerSecond = (maps - mapsBefore) / seconds;
  // 4 statistics readbacks and 1 snapshot a second, plus one of slack for timer jitter.
  expect(mapsPerSecond).toBeLessThanOrEqual(6);
  expect(maps - mapsBefore).toBeGreaterThan(0);
  // And far fewer than frames: the balls never come back to JavaScript to be drawn.
  expect(frames).toBeGreaterThan(2 * (maps - mapsBefore));
  expect((last as Report | null)?.transfer?.statsBytesPerSecond ?? 0).toBeGreaterThan(0);
});
