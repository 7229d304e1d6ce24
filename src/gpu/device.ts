/**
 * WebGPU start-up, in one place: adapter, device, limits, and the hooks for a lost device and
 * uncaught errors. Works on the main thread and in a worker. Every error names this module, so a
 * fallback to the CPU can say why it happened.
 */

import { MAX_PARTICLES } from '../core/simulation.ts';
import { BYTES } from './layout.ts';

/** Bytes the largest per-ball buffer needs at MAX_PARTICLES (4,194,304 x 16 B = 64 MiB). */
const WANTED_BUFFER_BYTES = MAX_PARTICLES * BYTES.ball;

export interface GpuHooks {
  /**
   * Called once if the device is lost (driver reset, GPU process crash, `device.destroy()`). The
   * caller decides whether to fall back; `info.reason` is `destroyed` after a deliberate destroy.
   */
  readonly onLost?: ((info: GPUDeviceLostInfo) => void) | undefined;
  /** Called for every error no error scope caught. Default: logged with `console.error`. */
  readonly onUncapturedError?: ((error: GPUError) => void) | undefined;
}

export interface GpuContext {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** Short adapter name for the HUD, e.g. `swiftshader`. */
  readonly adapterName: string;
}

/**
 * Requests an adapter and a device whose storage-buffer limits are raised to what the adapter
 * allows (so 4,194,304 balls fit when the hardware can hold them). Rejects with
 * `webgpu: no navigator.gpu`, `webgpu: no adapter` or `webgpu: requestDevice failed: ...`.
 */
export async function requestGpu(hooks: GpuHooks = {}): Promise<GpuContext> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new Error('webgpu: no navigator.gpu (this browser or page has no WebGPU)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  assertAdapter(adapter);

  const limits = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      label: 'slope device',
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
      },
    });
  } catch (error) {
    throw new Error(`webgpu: requestDevice failed: ${messageOf(error)}`);
  }
  if (device.limits.maxStorageBufferBindingSize < WANTED_BUFFER_BYTES) {
    console.warn(
      `webgpu: storage buffers are limited to ${device.limits.maxStorageBufferBindingSize} bytes; ` +
        `only ${maxBallsFor(device)} balls fit`,
    );
  }

  const onUncapturedError =
    hooks.onUncapturedError ?? ((error: GPUError) => console.error(`webgpu: ${error.message}`));
  device.addEventListener('uncapturederror', (event) => onUncapturedError(event.error));
  const onLost = hooks.onLost;
  void device.lost.then((info) => onLost?.(info));

  return { adapter, device, adapterName: adapterNameOf(adapter.info) };
}

function assertAdapter(adapter: GPUAdapter | null): asserts adapter is GPUAdapter {
  if (!adapter) throw new Error('webgpu: no adapter (WebGPU is present but no GPU is available)');
}

/** Vendor and architecture, e.g. `google swiftshader` or `nvidia ampere`. */
function adapterNameOf(info: GPUAdapterInfo | undefined): string {
  const name = [info?.vendor, info?.architecture].filter(Boolean).join(' ');
  return name || info?.description || 'unknown adapter';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The largest number of balls whose per-ball buffers fit one storage binding of `device`. */
export function maxBallsFor(device: GPUDevice): number {
  const { maxStorageBufferBindingSize, maxBufferSize } = device.limits;
  return Math.floor(Math.min(maxStorageBufferBindingSize, maxBufferSize) / BYTES.ball);
}
