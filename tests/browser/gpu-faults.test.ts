/**
 * Faults on the way to the GPU: each one leaves a run on the CPU and a message that says why.
 * The runtime runs on this page's thread, so the test can break WebGPU's prototypes on purpose.
 */
import { afterEach, expect, test } from 'vitest';
import type { Report } from '../../src/engine/protocol.ts';
import { SimRuntime } from '../../src/worker/runtime.ts';
import { watchConsoleErrors } from './console-errors.ts';
import { gpuAdapter } from './gpu-required.ts';

const hasAdapter = (await gpuAdapter('gpu-faults')) !== null;
const restore: (() => void)[] = [];
let runtime: SimRuntime | null = null;

const consoleErrors = watchConsoleErrors();

afterEach(() => {
  for (const undo of restore.splice(0)) undo();
  runtime?.dispose();
  runtime = null;
  consoleErrors.check();
});

/** Replaces a prototype method until the end of the test. */
function patch<T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]): void {
  const original = target[key];
  target[key] = replacement;
  restore.push(() => {
    target[key] = original;
  });
}

async function startOnWebGpu(): Promise<{ backend: string; notices: string[] }> {
  const notices: string[] = [];
  runtime = new SimRuntime();
  const info = await runtime.init(
    {
      size: { width: 1, height: 1, pixelRatio: 1 },
      config: { landscape: 'bowl', particleCount: 1000 },
      speed: 1,
      paused: true,
      backend: 'webgpu',
    },
    (report: Report) => {
      if (report.notice && !notices.includes(report.notice.text)) notices.push(report.notice.text);
    },
  );
  // The run works where it landed.
  expect((await runtime.step(3)).step).toBe(3);
  return { backend: info.backend, notices };
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
