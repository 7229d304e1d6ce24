/**
 * The CPU kernels, same balls, same steps, same run: createSimulation with the JavaScript kernel
 * (`kernel: 'js'`, the engine before WebAssembly), with its default WebAssembly SIMD kernel (one
 * thread), and the plain hand-written loop, for gradient descent and Adam, on the benchmarked
 * presets and a typed formula.
 */

import { availableParallelism } from 'node:os';
import type { Landscape } from '../src/core/landscape.ts';
import { findPreset } from '../src/core/landscapes/index.ts';
import { createSimulation, createSimulationEngine, settleCriteria } from '../src/core/simulation.ts';
import { createSimulation as createThreaded } from '../src/node/simulation.ts';
import { TYPICAL_FORMULA, typedLandscape } from './expr-cpu.ts';
import { type PlainBalls, plainLoop } from './plain-loops.ts';

export interface WasmBenchRow {
  landscape: string;
  optimizer: string;
  /** The JavaScript kernel, one thread. */
  engine: number;
  /** The WebAssembly kernel, one thread. */
  wasm: number;
  /** The WebAssembly kernel on every core (worker_threads). */
  threads: number;
  /** The plain hand-written loop (gradient descent on the four presets only). */
  plain: number | null;
}

const PRESET_IDS = ['bowl', 'rosenbrock', 'rastrigin', 'himmelblau'] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** As `rate`, for a run that is awaited. */
async function rateAsync(
  count: number,
  steps: number,
  rounds: number,
  prepare: () => void,
  run: () => Promise<void>,
): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    prepare();
    const begin = performance.now();
    await run();
    if (round > 0) rates.push((count * steps) / ((performance.now() - begin) / 1000));
  }
  return median(rates);
}

/** Particle-steps per second of `run` (which does `steps` steps of `count` balls), median of rounds. */
function rate(count: number, steps: number, rounds: number, prepare: () => void, run: () => void): number {
  const rates: number[] = [];
  // Round 0 warms up (JIT, tier-up) and is not counted.
  for (let round = 0; round <= rounds; round++) {
    prepare();
    const begin = performance.now();
    run();
    if (round > 0) rates.push((count * steps) / ((performance.now() - begin) / 1000));
  }
  return median(rates);
}

/** Threads of the "all threads" column: every core. */
export const BENCH_THREADS = availableParallelism();

export async function runWasmBench(
  particleCount: number,
  steps: number,
  rounds: number,
): Promise<WasmBenchRow[]> {
  const count = particleCount;
  const landscapes: [string, Landscape][] = [
    ...PRESET_IDS.map((id): [string, Landscape] => [id, findPreset(id)!]),
    [TYPICAL_FORMULA, typedLandscape(TYPICAL_FORMULA, findPreset('bowl')!)],
  ];
  const rows: WasmBenchRow[] = [];
  for (const [name, landscape] of landscapes) {
    for (const optimizerId of ['gd', 'adam']) {
      // gd at the landscape's rate (balls settle as in the app); Adam at 1e-3 of the span a step.
      const learningRate =
        optimizerId === 'gd'
          ? landscape.learningRate
          : (landscape.domain.xMax - landscape.domain.xMin) * 1e-3;
      const config = {
        landscape,
        particleCount: count,
        seed: 1,
        groups: [{ optimizer: optimizerId, learningRate }],
      };
      const engine = createSimulation({ ...config, kernel: 'js' });
      const wasm = createSimulation(config);
      if (wasm.kernel !== 'wasm')
        throw new Error(`bench: ${name} runs ${wasm.kernelFallback}, not WebAssembly`);
      const engineRate = rate(
        count,
        steps,
        rounds,
        () => engine.reset(),
        () => engine.step(steps),
      );
      const wasmRate = rate(
        count,
        steps,
        rounds,
        () => wasm.reset(),
        () => wasm.step(steps),
      );
      const threaded = createThreaded({ ...config, threads: BENCH_THREADS });
      // Round 0 also waits for the threads to start.
      const threadsRate = await rateAsync(
        count,
        steps,
        rounds,
        () => threaded.reset(),
        () => threaded.step(steps),
      );
      threaded.dispose();
      let plain: number | null = null;
      if (optimizerId === 'gd' && (PRESET_IDS as readonly string[]).includes(name)) {
        const balls: PlainBalls = {
          x: new Float32Array(count),
          y: new Float32Array(count),
          status: new Uint8Array(count),
          calm: new Uint8Array(count),
          convergedAt: new Uint32Array(count),
        };
        const criteria = settleCriteria(landscape, landscape.domain);
        plain = rate(
          count,
          steps,
          rounds,
          () => {
            engine.reset();
            balls.x.set(engine.x);
            balls.y.set(engine.y);
            balls.status.fill(0);
            balls.calm.fill(0);
          },
          () => plainLoop(name as (typeof PRESET_IDS)[number], balls, steps, learningRate, criteria, 0),
        );
      }
      rows.push({
        landscape: name,
        optimizer: optimizerId,
        engine: engineRate,
        wasm: wasmRate,
        threads: threadsRate,
        plain,
      });
    }
  }
  return rows;
}

export interface DrawBenchRow {
  landscape: string;
  /** Milliseconds to write every ball as drawn: WebAssembly, in the balls' own memory. */
  wasmMs: number;
  /** The same with the JavaScript writer into an array of the view's own (how it was before). */
  jsMs: number;
}

/** The balls as the view draws them (x, y, f, flags), `count` balls, both writers, median of rounds. */
export function runDrawBench(count: number, rounds: number): DrawBenchRow[] {
  return ['rosenbrock', 'rastrigin', 'himmelblau'].map((landscape) => {
    const { simulation, kernels } = createSimulationEngine(
      { landscape, particleCount: count, seed: 1 },
      { drawn: true },
    );
    if (kernels.drawHere === null) throw new Error(`bench: ${landscape} draws with JavaScript`);
    simulation.step(5);
    const own = new Float32Array(kernels.drawn!.length);
    const time = (run: () => void): number => {
      const times: number[] = [];
      for (let round = 0; round <= rounds; round++) {
        const begin = performance.now();
        run();
        if (round > 0) times.push(performance.now() - begin);
      }
      return median(times);
    };
    return {
      landscape,
      wasmMs: time(() => simulation.writeRenderData(kernels.drawn!)),
      jsMs: time(() => simulation.writeRenderData(own)),
    };
  });
}
