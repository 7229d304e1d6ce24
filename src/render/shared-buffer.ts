/**
 * Draws a buffer attribute from a GPUBuffer someone else allocated: the WebGPU compute backend
 * owns the ball buffer (it writes every step) and three.js draws it in place, with no copy.
 *
 * three r187 has no public way to hand a renderer an existing GPUBuffer (three.js issue #33280
 * asks for GPU-only storage buffers). Its WebGPU backend creates an attribute's buffer on first
 * use only when `backend.get(attribute).buffer` is still unset (WebGPUAttributeUtils
 * .createAttribute), so setting it before the first draw is the one step that touches three's
 * internals, and it lives here. `tests/browser/view.test.ts` draws balls written only through
 * the adopted buffer: it fails if a three update changes this.
 */

import type { BufferAttribute } from 'three';
import type { WebGPURenderer } from 'three/webgpu';

interface BackendData {
  get(object: object): { buffer?: GPUBuffer };
}

/**
 * Makes `renderer` draw `attribute` from `buffer` (which must be on the renderer's device, with
 * STORAGE and VERTEX usage, and hold the attribute's bytes). Call before the attribute is first
 * drawn. three destroys the buffer with the attribute; destroying a buffer twice is harmless.
 */
export function drawFromGpuBuffer(
  renderer: WebGPURenderer,
  attribute: BufferAttribute,
  buffer: GPUBuffer,
): void {
  const needed = attribute.array.byteLength;
  if (buffer.size < needed) {
    throw new Error(`view: the ball buffer holds ${buffer.size} bytes, ${needed} are drawn`);
  }
  if (!(buffer.usage & GPUBufferUsage.STORAGE) || !(buffer.usage & GPUBufferUsage.VERTEX)) {
    throw new Error('view: the ball buffer needs STORAGE and VERTEX usage');
  }
  const data = (renderer.backend as unknown as BackendData).get(attribute);
  if (data.buffer !== undefined) throw new Error('view: the ball buffer was already drawn from its own copy');
  data.buffer = buffer;
}
