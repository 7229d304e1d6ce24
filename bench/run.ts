/**
 * `npm run bench`: throughput in particle-steps per second, always next to a baseline measured in
 * the same run, printed as ratios. Absolute figures drift on a shared machine; ratios do not.
 *
 *   npm run bench                 # CPU engine at 1,048,576 balls, then the page at 1,048,576 balls
 *   npm run bench -- --quick      # 65,536 balls, fewer rounds (a smoke run)
 *   npm run bench -- --cpu-only   # skip the browser parts
 */

import { MAX_PARTICLES } from '../src/core/simulation.ts';
import { runCpuBench } from './cpu.ts';
import { runCompileTimes, runTypedVsPreset } from './expr-cpu.ts';
import { mps, printGpuBench } from './gpu.ts';
import { runPageBench } from './page.ts';
import { BENCH_THREADS, runDrawBench, runWasmBench } from './wasm.ts';

const quick = process.argv.includes('--quick');
const cpuOnly = process.argv.includes('--cpu-only');
const particleCount = quick ? 65_536 : 1_048_576;
const steps = quick ? 20 : 50;
const rounds = quick ? 3 : 7;

console.log(`\n# CPU engine vs plain hand-written loop (Node ${process.version})`);
console.log(
  `${particleCount.toLocaleString('en')} balls, ${steps} steps per round, median of ${rounds} rounds\n`,
);
console.log(
  ['landscape'.padEnd(12), 'engine'.padStart(12), 'plain loop'.padStart(12), 'ratio'.padStart(7)].join(' '),
);
for (const row of runCpuBench(particleCount, steps, rounds)) {
  console.log(
    [
      row.landscape.padEnd(12),
      mps(row.engine).padStart(12),
      mps(row.plain).padStart(12),
      `${row.ratio.toFixed(2)}x`.padStart(7),
    ].join(' '),
  );
}

console.log(
  `\n# The CPU kernels, same run: JavaScript (the engine before WebAssembly), WebAssembly SIMD on one thread, on all ${BENCH_THREADS} threads, and the plain hand-written loop; ratios against the plain loop and the JavaScript engine\n`,
);
console.log(
  [
    'landscape'.padEnd(28),
    'optimizer'.padEnd(9),
    'js engine'.padStart(11),
    'wasm 1'.padStart(11),
    `wasm ${BENCH_THREADS}`.padStart(11),
    'plain loop'.padStart(11),
    'wasm 1/js'.padStart(10),
    `wasm ${BENCH_THREADS}/js`.padStart(10),
    `wasm ${BENCH_THREADS}/plain`.padStart(13),
  ].join(' '),
);
for (const row of await runWasmBench(particleCount, steps, rounds)) {
  console.log(
    [
      row.landscape.padEnd(28),
      row.optimizer.padEnd(9),
      mps(row.engine).padStart(11),
      mps(row.wasm).padStart(11),
      mps(row.threads).padStart(11),
      (row.plain === null ? '-' : mps(row.plain)).padStart(11),
      `${(row.wasm / row.engine).toFixed(2)}x`.padStart(10),
      `${(row.threads / row.engine).toFixed(2)}x`.padStart(10),
      (row.plain === null ? '-' : `${(row.threads / row.plain).toFixed(2)}x`).padStart(13),
    ].join(' '),
  );
}

const drawCount = quick ? 262_144 : MAX_PARTICLES;
console.log(
  `\n# The balls as the view draws them (x, y, f, flags), ${drawCount.toLocaleString('en')} balls, one thread: WebAssembly in the balls' own memory (what the view uploads) vs the JavaScript writer into an array of the view's own, same run\n`,
);
for (const row of runDrawBench(drawCount, rounds)) {
  console.log(
    `${row.landscape.padEnd(12)} wasm ${row.wasmMs.toFixed(1).padStart(6)} ms, JavaScript ${row.jsMs.toFixed(1).padStart(6)} ms, ${(row.jsMs / row.wasmMs).toFixed(1).padStart(5)}x`,
  );
}

console.log(`\n# A typed formula vs the preset it types out, CPU engine, same run (target >= 0.8x)\n`);
console.log(
  ['landscape'.padEnd(12), 'typed'.padStart(12), 'preset'.padStart(12), 'ratio'.padStart(7)].join(' '),
);
for (const row of runTypedVsPreset(particleCount, steps, rounds)) {
  console.log(
    [
      row.landscape.padEnd(12),
      mps(row.typed).padStart(12),
      mps(row.preset).padStart(12),
      `${(row.typed / row.preset).toFixed(2)}x`.padStart(7),
    ].join(' '),
  );
}
const compile = runCompileTimes(quick ? 5 : 21);
console.log(
  `\nCompiling "${compile.formula}" (parse, differentiate, JS and WGSL code): first ${compile.firstMs.toFixed(2)} ms, ` +
    `then ${compile.compileMs.toFixed(2)} ms (median); its landscape (minima, rate): ${compile.landscapeMs.toFixed(1)} ms`,
);

if (!cpuOnly) {
  const seconds = quick ? 4 : 10;
  const baselineCount = 1024;
  console.log(
    `\n# The page on the CPU backend in headless Chromium (${seconds} s after the first frame), ` +
      `${particleCount.toLocaleString('en')} balls vs a ${baselineCount.toLocaleString('en')}-ball baseline in the same run\n`,
  );
  for (const webgpu of [true, false]) {
    const page = (count: number) => runPageBench(`/?fn=bowl&n=${count}&backend=cpu&speed=1`, seconds, webgpu);
    const baseline = await page(baselineCount);
    const result = await page(particleCount);
    const frameMs = (fps: number): number => 1000 / Math.max(fps, 1e-9);
    console.log(
      `${webgpu ? 'with WebGPU (SwiftShader)' : 'without WebGPU (WebGL2 fallback)'} — ${result.renderer}`,
    );
    for (const [label, run] of [
      [`${baselineCount} balls`, baseline],
      [`${particleCount.toLocaleString('en')} balls`, result],
    ] as const) {
      console.log(
        `  ${label.padEnd(16)} fps ${run.fps.toFixed(1).padStart(5)}, frame ${frameMs(run.fps).toFixed(0).padStart(5)} ms, ` +
          `${mps(run.particleStepsPerSecond).padStart(10)}, main-thread long tasks ${run.longTasks} (longest ${run.longestTaskMs.toFixed(0)} ms), console errors ${run.consoleErrors}`,
      );
    }
    console.log(
      `  frame time ratio ${(frameMs(result.fps) / frameMs(baseline.fps)).toFixed(1)}x for ${(particleCount / baselineCount).toFixed(0)}x the balls`,
    );
  }
}

if (!cpuOnly) {
  const seconds = quick ? 4 : 10;
  console.log(
    `\n# The page's CPU backend at full speed (speed=max) with the view drawing (three.js on SwiftShader's WebGPU), ${seconds} s after the first frame\n`,
  );
  for (const count of [particleCount, MAX_PARTICLES]) {
    const run = await runPageBench(
      `/?fn=rosenbrock&n=${count}&backend=cpu&speed=max`,
      seconds,
      true,
      600_000,
    );
    console.log(
      `  ${count.toLocaleString('en').padEnd(10)} balls: ${run.renderer}; ${mps(run.particleStepsPerSecond)}, fps ${run.fps.toFixed(1)}, ` +
        `main-thread long tasks ${run.longTasks} (longest ${run.longestTaskMs.toFixed(0)} ms), console errors ${run.consoleErrors}`,
    );
  }
}

if (!cpuOnly) await printGpuBench(particleCount);
