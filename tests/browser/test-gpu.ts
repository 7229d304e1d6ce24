/**
 * The GPU device a browser test file shares: opened once at import, destroyed after the file.
 * Only a browser without WebGPU or without an adapter skips the file's GPU tests (`noAdapter`), and
 * not where the GPU is required (CI=true, see gpu-required.ts); a device that fails to open is a
 * failure.
 */
import { afterAll, expect } from 'vitest';
import { type GpuContext, requestGpu } from '../../src/gpu/device.ts';
import { gpuRequired } from './gpu-required.ts';

export interface TestGpu {
  readonly gpu: GpuContext | null;
  readonly noAdapter: boolean;
  /** Runs `body` inside a validation error scope of the shared device; any error fails the test. */
  withValidation<T>(body: (device: GPUDevice) => Promise<T>): Promise<T>;
}

export async function openTestGpu(name: string): Promise<TestGpu> {
  let gpu: GpuContext | null = null;
  try {
    gpu = await requestGpu();
    console.info(`${name}: adapter ${gpu.adapterName}`);
  } catch (error) {
    if (!(error instanceof Error && /^webgpu: no (navigator\.gpu|adapter)/.test(error.message))) throw error;
    if (gpuRequired())
      throw new Error(`${name}: ${error.message}, and CI=true requires the GPU tests to run`);
    console.warn(`${name}: every GPU test skipped: ${error.message}`);
  }
  afterAll(() => gpu?.device.destroy());
  return {
    gpu,
    noAdapter: gpu === null,
    async withValidation(body) {
      const device = gpu!.device;
      device.pushErrorScope('validation');
      try {
        return await body(device);
      } finally {
        const error = await device.popErrorScope();
        expect(error?.message ?? null, 'WebGPU validation error').toBeNull();
      }
    },
  };
}
