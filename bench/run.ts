/**
 * `npm run bench`: throughput in particle-steps per second, always next to a baseline measured in
 * the same run, printed as ratios. Absolute figures drift on a shared machine; ratios do not.
 *
 *   npm run bench                 # CPU engine at 1,048,576 balls, then the page at 1,048,576 balls
 *   npm run bench -- --quick      # 65,536 balls, fewer rounds (a smoke run)
 *   npm run bench -- --cpu-only   # skip the browser part
 */
import { runCpuBench } from './cpu.ts';
import { runPageBench } from './page.ts';

const quick = process.argv.includes('--quick');
const cpuOnly = process.argv.includes('--cpu-only');
const particleCount = quick ? 65_536 : 1_048_576;
const steps = quick ? 20 : 50;
const rounds = quick ? 3 : 7;

const mps = (value: number): string => `${(value / 1e6).toFixed(1)} M/s`;

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

if (!cpuOnly) {
  const seconds = quick ? 4 : 10;
  console.log(
    `\n# The page at ${particleCount.toLocaleString('en')} balls, CPU simulation, headless Chromium (${seconds} s after the first frame)\n`,
  );
  for (const webgpu of [true, false]) {
    const result = await runPageBench(`/?fn=bowl&n=${particleCount}&backend=cpu&speed=1`, seconds, webgpu);
    console.log(`${webgpu ? 'WebGPU (SwiftShader) draws' : 'WebGL2 (no WebGPU) draws'}: ${result.renderer}`);
    console.log(
      `  fps ${result.fps.toFixed(1)}, frame ${(1000 / Math.max(result.fps, 1e-9)).toFixed(0)} ms, ${mps(result.particleStepsPerSecond)}`,
    );
    console.log(
      `  main-thread long tasks (> 50 ms): ${result.longTasks}, longest ${result.longestTaskMs.toFixed(0)} ms; console errors: ${result.consoleErrors}`,
    );
  }
}
