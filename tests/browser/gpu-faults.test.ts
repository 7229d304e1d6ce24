/**
 * Faults on the way to the GPU and on it: each one leaves a run on the CPU and a message that says
 * why, the run kept where a loss found one, and no uncaught rejection. The runtime runs on this
 * page's thread, so the test can break WebGPU's prototypes on purpose.
 */
import { afterEach, expect, test, vi } from 'vitest';
import type { InitRequest, Report } from '../../src/engine/protocol.ts';
import { SimRuntime } from '../../src/worker/runtime.ts';
import { watchConsoleErrors } from './console-errors.ts';
import { gpuAdapter } from './gpu-required.ts';

const hasAdapter = (await gpuAdapter('gpu-faults')) !== null;
const restore: (() => void)[] = [];
let runtime: SimRuntime | null = null;

const consoleErrors = watchConsoleErrors();
/**
 * Promises nobody handled, here or in the runtime (which runs on this thread), by their reason.
 * (With a listener of the page's own, vitest logs such an event with console.error too.)
 */
const rejections: string[] = [];
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason as unknown;
  rejections.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
});

afterEach(async () => {
  for (const undo of restore.splice(0)) undo();
  // Late rejections of a failure have time to show up.
  await sleep(300);
  const unhandled = rejections.splice(0);
  runtime?.dispose();
  runtime = null;
  // First: the rejections by their reasons, rather than vitest's console line for them.
  expect(unhandled, 'unhandled rejections').toEqual([]);
  consoleErrors.check();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Replaces a prototype method until the end of the test. */
function patch<T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]): void {
  const original = target[key];
  target[key] = replacement;
  restore.push(() => {
    target[key] = original;
  });
}

/** Starts the runtime, asking for WebGPU, with the notices it gives collected. */
async function startRuntime(
  request: Partial<InitRequest> = {},
): Promise<{ runtime: SimRuntime; backend: string; notices: string[] }> {
  const notices: string[] = [];
  const started = new SimRuntime();
  runtime = started;
  const info = await started.init(
    {
      size: { width: 1, height: 1, pixelRatio: 1 },
      config: { landscape: 'bowl', particleCount: 1000 },
      speed: 1,
      paused: true,
      backend: 'webgpu',
      ...request,
    },
    (report: Report) => {
      if (report.notice && !notices.includes(report.notice.text)) notices.push(report.notice.text);
    },
  );
  return { runtime: started, backend: info.backend, notices };
}

async function startOnWebGpu(): Promise<{ backend: string; notices: string[] }> {
  const { runtime: started, backend, notices } = await startRuntime();
  // The run works where it landed.
  expect((await started.step(3)).step).toBe(3);
  return { backend, notices };
}

/** Starts on the GPU and waits for the lost-device snapshot of a run past its start. */
async function runningOnGpu(
  request: Partial<InitRequest> = {},
): Promise<{ runtime: SimRuntime; notices: string[] }> {
  const started = await startRuntime(request);
  expect(started.backend).toBe('webgpu');
  if (request.paused !== false) await started.runtime.step(50);
  // A view holds the starting balls a second (FIRST_LOOK_MS) before they move.
  await vi.waitFor(() => expect(started.runtime.report().step).toBeGreaterThan(0), { timeout: 10_000 });
  // The runtime copies the GPU's state back once a second (SNAPSHOT_INTERVAL_MS).
  await sleep(1200);
  return started;
}

/**
 * After a device loss: the run goes on on the CPU from its snapshot (not from step 0), with the
 * same balls, the message says the device was lost, and steps still work.
 */
async function goesOnOnTheCpu(
  target: SimRuntime,
  notices: string[],
  particleCount: number,
  fromStepAbove = 0,
): Promise<void> {
  await vi.waitFor(
    () => {
      expect(target.report().backend).toBe('cpu');
      expect(notices.join(' ')).toMatch(/GPU device was lost.*continues on the CPU from step \d+/);
    },
    { timeout: 10_000, interval: 50 },
  );
  const resumedAt = Number(/continues on the CPU from step (\d+)/.exec(notices.join(' '))![1]);
  expect(resumedAt).toBeGreaterThan(fromStepAbove);
  const report = target.report();
  expect(report.particleCount).toBe(particleCount);
  expect(report.step).toBeGreaterThanOrEqual(resumedAt);
  expect((await target.step(5)).step).toBeGreaterThanOrEqual(report.step + 5);
  expect(target.report().backend).toBe('cpu');
}

test.skipIf(!hasAdapter)('requestDevice fails: the CPU runs, and the message names the failure', async () => {
  patch(GPUAdapter.prototype, 'requestDevice', () => Promise.reject(new Error('out of devices')));
  const { backend, notices } = await startOnWebGpu();
  expect(backend).toBe('cpu');
  expect(notices.join(' ')).toMatch(/WebGPU is not available.*requestDevice failed.*out of devices/);
});

test.skipIf(!hasAdapter)(
  'a shader that does not compile: the CPU runs, and the message says so',
  async () => {
    const compilationInfo = GPUShaderModule.prototype.getCompilationInfo;
    patch(GPUShaderModule.prototype, 'getCompilationInfo', async function (this: GPUShaderModule) {
      const info = await compilationInfo.call(this);
      const broken = {
        type: 'error',
        message: 'injected failure',
        lineNum: 1,
        linePos: 1,
        offset: 0,
        length: 1,
      };
      return { ...info, messages: [...info.messages, broken] } as unknown as GPUCompilationInfo;
    });
    const { backend, notices } = await startOnWebGpu();
    expect(backend).toBe('cpu');
    expect(notices.join(' ')).toMatch(
      /WebGPU simulation failed to start.*does not compile.*injected failure/s,
    );
  },
);

test('no WebGPU at all: the CPU runs, and the message says WebGPU is not available', async () => {
  const gpu = Object.getOwnPropertyDescriptor(Navigator.prototype, 'gpu');
  Object.defineProperty(Navigator.prototype, 'gpu', { configurable: true, get: () => undefined });
  restore.push(() => {
    if (gpu) Object.defineProperty(Navigator.prototype, 'gpu', gpu);
  });
  const { backend, notices } = await startOnWebGpu();
  expect(backend).toBe('cpu');
  expect(notices.join(' ')).toMatch(/WebGPU is not available.*no navigator\.gpu/);
});

test.skipIf(!hasAdapter)(
  'a pipeline that fails to compile asynchronously: the CPU runs, and the message names the failure',
  async () => {
    patch(GPUDevice.prototype, 'createComputePipelineAsync', () =>
      Promise.reject(new GPUPipelineError('injected pipeline failure', { reason: 'validation' })),
    );
    const { backend, notices } = await startOnWebGpu();
    expect(backend).toBe('cpu');
    expect(notices.join(' ')).toMatch(
      /WebGPU simulation failed to start.*step pipeline.*injected pipeline failure.*running on the CPU/s,
    );
  },
);

test.skipIf(!hasAdapter).each(['as it begins', 'in createComputePipelineAsync', 'in createBuffer'] as const)(
  'the device lost during a build (%s): the new run goes on on the CPU, and the message says so',
  async (when) => {
    const { runtime: started, notices } = await runningOnGpu();
    let lostInBuild = false;
    const lose = (): void => {
      lostInBuild = true;
      started.loseGpuDevice();
    };
    if (when === 'in createComputePipelineAsync') {
      const original = GPUDevice.prototype.createComputePipelineAsync;
      patch(GPUDevice.prototype, 'createComputePipelineAsync', function (this: GPUDevice, descriptor) {
        lose();
        return original.call(this, descriptor);
      });
    } else if (when === 'in createBuffer') {
      // The simulation's first buffer: after its pipelines, before its bind groups.
      const original = GPUDevice.prototype.createBuffer;
      patch(GPUDevice.prototype, 'createBuffer', function (this: GPUDevice, descriptor) {
        if (descriptor.label?.startsWith('slope state')) lose();
        return original.call(this, descriptor);
      });
    }
    // Another setup: the build of a new run, on the device that goes.
    const building = started.configure({ landscape: 'himmelblau', particleCount: 2000 });
    if (when === 'as it begins') lose();
    expect((await building).particleCount).toBe(2000);
    expect(lostInBuild).toBe(true);
    // A new run begins at step 0: on the CPU it is that run, with its balls.
    await goesOnOnTheCpu(started, notices, 2000, -1);
  },
);

test.skipIf(!hasAdapter)(
  'the device lost during a frame: the run goes on on the CPU from its snapshot, and the message says so',
  async () => {
    const { runtime: started, notices } = await runningOnGpu({ paused: false, speed: 300 });
    // The next frame's step pass: the device goes between encoding it and submitting it.
    let stepEncoded = false;
    const createCommandEncoder = GPUDevice.prototype.createCommandEncoder;
    patch(GPUDevice.prototype, 'createCommandEncoder', function (this: GPUDevice, descriptor) {
      if (descriptor?.label === 'slope step') stepEncoded = true;
      return createCommandEncoder.call(this, descriptor);
    });
    const submit = GPUQueue.prototype.submit;
    let lost = false;
    patch(GPUQueue.prototype, 'submit', function (this: GPUQueue, commandBuffers) {
      if (stepEncoded && !lost) {
        lost = true;
        started.loseGpuDevice();
      }
      return submit.call(this, commandBuffers);
    });
    await vi.waitFor(() => expect(lost).toBe(true), { timeout: 5000, interval: 20 });
    await goesOnOnTheCpu(started, notices, 1000);
    // Still playing: frames step the CPU run on.
    const step = started.report().step;
    await vi.waitFor(() => expect(started.report().step).toBeGreaterThan(step), { timeout: 5000 });
  },
);

test.skipIf(!hasAdapter)(
  'the device that draws a CPU run lost during a frame: the run goes on from where it was',
  async () => {
    const started = await startRuntime({
      canvas: new OffscreenCanvas(96, 64),
      size: { width: 96, height: 64, pixelRatio: 1 },
      backend: 'cpu',
    });
    expect(started.backend).toBe('cpu');
    expect(started.runtime.report().renderer).toBe('webgpu');
    await started.runtime.step(500);
    started.runtime.loseGpuDevice();
    // Nothing of the run was on the device: it goes on at step 500, not from an old copy.
    await goesOnOnTheCpu(started.runtime, started.notices, 1000, 499);
  },
);

test.skipIf(!hasAdapter)(
  'the device lost during a statistics readback: the run goes on on the CPU, and the message says so',
  async () => {
    const { runtime: started, notices } = await runningOnGpu();
    const mapAsync = GPUBuffer.prototype.mapAsync;
    let lost = false;
    patch(
      GPUBuffer.prototype,
      'mapAsync',
      function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
        if (this.label === 'slope stats staging' && !lost) {
          lost = true;
          started.loseGpuDevice();
        }
        return mapAsync.apply(this, args);
      },
    );
    // A step asks for the statistics at once; its answer comes without them.
    await started.step(10);
    expect(lost).toBe(true);
    await goesOnOnTheCpu(started, notices, 1000);
  },
);

test.skipIf(!hasAdapter)(
  'the device lost during a WebM recording: the recording stops with a clear error, the run goes on on the CPU',
  async () => {
    const { runtime: started, notices } = await runningOnGpu({
      canvas: new OffscreenCanvas(96, 64),
      size: { width: 96, height: 64, pixelRatio: 1 },
      paused: false,
      speed: 120,
    });
    expect(await started.recordSupport()).toHaveProperty('codec');
    const recording = started.record(5);
    await sleep(300);
    started.loseGpuDevice();
    // Stopped at once: frames drawn after a loss took the encoder seconds each (it seemed to hang).
    const pending = sleep(5000).then(() => new Error('record() still pending 5 s after the loss'));
    const outcome = await Promise.race([
      recording.then(
        () => new Error('record() resolved'),
        (error) => error,
      ),
      pending,
    ]);
    expect(String(outcome)).toMatch(/^Error: record: the GPU device was lost/);
    await goesOnOnTheCpu(started, notices, 1000);
  },
  30_000,
);

test.skipIf(!hasAdapter)(
  'a rate set after the device is lost, before the loss is handled: the run on the CPU keeps it',
  async () => {
    const { runtime: started, notices } = await runningOnGpu();
    started.loseGpuDevice();
    // The loss is handled a moment later (GPUDevice.lost resolves); the rate comes first, and the
    // run is rebuilt from a copy taken before it.
    await started.setLearningRate(0, 0.05);
    await goesOnOnTheCpu(started, notices, 1000);
    await started.inspect(0);
    expect(started.report().inspected?.learningRate).toBe(0.05);
  },
);
