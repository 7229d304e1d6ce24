/**
 * Whether a browser test file has a WebGPU adapter. Without one the file's GPU tests skip, except
 * where the GPU path is required (CI=true: vitest.config.ts provides `requireGpu`): there a missing
 * adapter fails the file, so `npm test` cannot pass with every GPU test quietly skipped.
 */
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    requireGpu: boolean;
  }
}

/** Whether this run must have a WebGPU adapter (CI=true). */
export function gpuRequired(): boolean {
  return inject('requireGpu') === true;
}

/** The adapter (null when there is none and none is required); throws when one is required. */
export async function gpuAdapter(file: string): Promise<GPUAdapter | null> {
  const adapter = (await navigator.gpu?.requestAdapter()) ?? null;
  if (adapter === null && gpuRequired()) {
    throw new Error(`${file}: no WebGPU adapter, and CI=true requires the GPU tests to run (none skipped)`);
  }
  return adapter;
}
