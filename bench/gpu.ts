/**
 * The WebGPU part of `npm run bench`: serves bench/gpu.html with Vite's dev server on 127.0.0.1,
 * opens it in headless Chromium with SwiftShader's WebGPU, and returns what the page measured.
 */
import { createServer } from 'vite';
import { launchChromium } from '../tests/e2e/harness.ts';
import type { GpuBenchResult } from './gpu-page.ts';

export async function runGpuBench(particleCount: number): Promise<GpuBenchResult> {
  const server = await createServer({
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'error',
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('bench: the dev server has no port');
  const browser = await launchChromium({ webgpu: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.error(`bench page: ${error.message}`));
    await page.goto(`http://127.0.0.1:${address.port}/bench/gpu.html?n=${particleCount}`);
    await page.waitForFunction(() => 'benchResult' in window, undefined, { timeout: 600_000, polling: 1000 });
    const result = await page.evaluate(
      () => (window as unknown as { benchResult: GpuBenchResult }).benchResult,
    );
    if (result.error) throw new Error(`bench page: ${result.error}`);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}
