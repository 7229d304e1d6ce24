/**
 * `npm run bench`: throughput in particle-steps per second, always next to a baseline measured in
 * the same run, printed as ratios. Absolute figures drift on a shared machine; ratios do not.
 *
 *   npm run bench                 # 1,048,576 balls
 *   npm run bench -- --quick      # 65,536 balls, fewer rounds (a smoke run)
 */
import { runCpuBench } from './cpu.ts';

const quick = process.argv.includes('--quick');
const particleCount = quick ? 65_536 : 1_048_576;
const steps = quick ? 20 : 50;
const rounds = quick ? 3 : 5;

const mps = (value: number): string => `${(value / 1e6).toFixed(1)} M/s`;

console.log(`CPU engine vs plain loop: ${particleCount.toLocaleString('en')} balls, ${steps} steps per round, median of ${rounds} rounds`);
console.log(['landscape'.padEnd(12), 'engine'.padStart(12), 'plain loop'.padStart(12), 'ratio'.padStart(7)].join(' '));
for (const row of runCpuBench(particleCount, steps, rounds)) {
  console.log(
    [row.landscape.padEnd(12), mps(row.engine).padStart(12), mps(row.plain).padStart(12), `${row.ratio.toFixed(2)}x`.padStart(7)].join(' '),
  );
}
