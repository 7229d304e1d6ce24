/**
 * The largest setup the app takes (issue 15, point 7): 4,194,304 balls in eight Adam groups, with
 * trails and the basin map on, on each backend. It runs — builds, steps, is drawn, paints its
 * map — or is refused before anything is allocated with a message naming the limit; the worker
 * never dies on an allocation. The runtime runs on this page's thread with a small view.
 */
import { afterEach, expect, test } from 'vitest';
import { MAX_GROUPS, MAX_PARTICLES } from '../../src/core/simulation.ts';
import type { Report } from '../../src/engine/protocol.ts';
import { SimRuntime } from '../../src/worker/runtime.ts';
import { watchConsoleErrors } from './console-errors.ts';
import { gpuAdapter } from './gpu-required.ts';

const hasAdapter = (await gpuAdapter('limits')) !== null;
let runtime: SimRuntime | null = null;
const consoleErrors = watchConsoleErrors();

afterEach(() => {
  runtime?.dispose();
  runtime = null;
  consoleErrors.check();
});

const LARGEST = {
  landscape: 'himmelblau',
  particleCount: MAX_PARTICLES,
  groups: Array.from({ length: MAX_GROUPS }, (_, g) => ({ optimizer: 'adam', learningRate: 0.01 * (g + 1) })),
};

async function startLargest(backend: 'webgpu' | 'cpu'): Promise<{ backend: string; notices: string[] }> {
  const notices: string[] = [];
  runtime = new SimRuntime();
  const info = await runtime.init(
    {
      canvas: new OffscreenCanvas(96, 64),
      size: { width: 96, height: 64, pixelRatio: 1 },
      config: LARGEST,
      speed: 1,
      paused: true,
      backend,
      viewOptions: { trails: true, basinMap: 'minimum' },
    },
    (report: Report) => {
      if (report.notice && !notices.includes(report.notice.text)) notices.push(report.notice.text);
    },
  );
  return { backend: info.backend, notices };
}

/**
 * Steps the run and checks every ball is there, in every group, with finite numbers; then lets
 * the loop draw (trails, the basin map from a snapshot) for a while with nothing going wrong.
 */
async function stepsAll(steps: number, notices: string[]): Promise<void> {
  const report = await runtime!.step(steps);
  expect(report.step).toBe(steps);
  expect(report.particleCount).toBe(MAX_PARTICLES);
  expect(report.groups).toHaveLength(MAX_GROUPS);
  for (const group of report.groups) {
    expect(group.count).toBe(MAX_PARTICLES / MAX_GROUPS);
    expect(Number.isFinite(group.meanLoss)).toBe(true);
  }
  // The trails' sample and the inspected ball come with it.
  await runtime!.inspect(MAX_PARTICLES - 1);
  await expect.poll(() => runtime!.report().inspected?.group, { timeout: 30_000 }).toBe(MAX_GROUPS - 1);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(notices).toEqual([]);
  expect(runtime!.report().particleCount).toBe(MAX_PARTICLES);
}

test.skipIf(!hasAdapter)(
  'on WebGPU: 4,194,304 balls in eight Adam groups with trails and the basin map run',
  async () => {
    const { backend, notices } = await startLargest('webgpu');
    // The device asks for the adapter's largest buffers; where they are too small for this many
    // balls, the start is refused up front with the limit named (src/gpu/gpu-simulation.ts).
    if (backend !== 'webgpu') {
      expect(notices.join(' ')).toMatch(/storage buffers are limited to \d+ bytes/);
      return;
    }
    expect(notices).toEqual([]);
    await stepsAll(2, notices);
  },
  180_000,
);

test('on the CPU: the same setup runs', async () => {
  const { backend, notices } = await startLargest('cpu');
  expect(backend).toBe('cpu');
  expect(notices).toEqual([]);
  await stepsAll(2, notices);
}, 180_000);
