/**
 * The WebGPU part of `npm run bench`: serves bench/gpu.html with Vite's dev server on 127.0.0.1,
 * opens it in headless Chromium with SwiftShader's WebGPU, and prints what the page measured.
 * Alone (needs no build): `npx tsx bench/gpu.ts` (1,048,576 balls) or `npx tsx bench/gpu.ts --quick`.
 */
import { pathToFileURL } from 'node:url';
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

export const mps = (value: number): string =>
  value >= 1e6 ? `${(value / 1e6).toFixed(1)} M/s` : `${(value / 1e3).toFixed(1)} k/s`;

/** Runs the page at `particleCount` balls and prints its tables. */
export async function printGpuBench(particleCount: number): Promise<void> {
  const result = await runGpuBench(particleCount);
  console.log(
    `\n# WebGPU backend (${result.adapter}) vs the CPU engine, in the same page, ${result.particleCount.toLocaleString('en')} balls\n`,
  );
  console.log(
    [
      'landscape'.padEnd(12),
      'optimizer'.padEnd(10),
      'WebGPU'.padStart(12),
      'CPU'.padStart(12),
      'ratio'.padStart(7),
    ].join(' '),
  );
  for (const row of result.compute) {
    console.log(
      [
        row.landscape.padEnd(12),
        row.optimizer.padEnd(10),
        mps(row.gpu).padStart(12),
        mps(row.cpu).padStart(12),
        `${(row.gpu / row.cpu).toFixed(2)}x`.padStart(7),
      ].join(' '),
    );
  }
  // M/s below a billion, so a mini-batch row keeps its digits (38 M/s, not 0.04 G/s).
  const evals = (value: number): string =>
    value >= 1e9 ? `${(value / 1e9).toFixed(2)} G/s` : `${(value / 1e6).toFixed(0)} M/s`;
  console.log(
    `\n# A model's loss over data (y = w·x + b on ${(result.models[0]?.pointsPerStep ?? 0).toLocaleString('en')} points), WebGPU (${result.adapter}) vs the CPU engine (JavaScript), ` +
      `same balls, same page, same run: point-evaluations per second (balls × timed steps × points per step), after one warm-up step\n`,
  );
  console.log(
    [
      'model'.padEnd(18),
      'balls'.padStart(10),
      'points/step'.padStart(11),
      'steps'.padStart(5),
      'WebGPU'.padStart(10),
      'CPU'.padStart(10),
      'ratio'.padStart(7),
    ].join(' '),
  );
  for (const row of result.models) {
    console.log(
      [
        row.label.padEnd(18),
        row.balls.toLocaleString('en').padStart(10),
        row.pointsPerStep.toLocaleString('en').padStart(11),
        String(row.steps).padStart(5),
        evals(row.gpu).padStart(10),
        evals(row.cpu).padStart(10),
        `${(row.gpu / row.cpu).toFixed(2)}x`.padStart(7),
      ].join(' '),
    );
  }
  console.log(
    `The model part took ${(result.modelsMs / 1000).toFixed(1)} s in the page (both rows, both backends).`,
  );
  const { typed, preset } = result.typedVsPreset;
  console.log(
    `\nRosenbrock typed vs preset on WebGPU, gd, alternating rounds: ${mps(typed)} vs ${mps(preset)}, ratio ${(typed / preset).toFixed(2)}x (target >= 0.8x)`,
  );
  const times = result.compile;
  console.log(
    `Typed "${times.formula}" on WebGPU: compile ${times.compileMs.toFixed(2)} ms + landscape ${times.landscapeMs.toFixed(1)} ms + ` +
      `shader modules and pipelines ${times.gpuMs.toFixed(1)} ms = ${(times.compileMs + times.landscapeMs + times.gpuMs).toFixed(1)} ms (target well under 50 ms)`,
  );
  console.log(
    `  the same shader modules and pipelines for a preset compiled the first time: ${times.presetGpuMs.toFixed(1)} ms (SwiftShader compiles WGSL on the CPU)`,
  );
  const page = result.page;
  const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} kB/s`;
  console.log(
    `\nThe app's worker on the WebGPU path (${page.backend}), Rastrigin, speed=${page.speed}, ${page.seconds} s once it moves:`,
  );
  console.log(
    `  fps ${page.fps.toFixed(1)}, frame ${page.frameMs.toFixed(0)} ms, ${mps(page.particleStepsPerSecond)}`,
  );
  console.log(
    `  GPU -> JS: statistics ${kb(page.statsBytesPerSecond)}, snapshots ${kb(page.snapshotBytesPerSecond)}; JS -> GPU ${kb(page.uploadBytesPerSecond)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printGpuBench(process.argv.includes('--quick') ? 65_536 : 1_048_576);
}
