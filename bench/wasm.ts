/**
 * WebAssembly SIMD on one thread (issue 13, under way) against the JavaScript engine and the
 * plain hand-written loop, same balls, same steps, same run: the frame (src/core/wasm/
 * descent-frame.ts) with the settle and bounds rules, for gradient descent and Adam, on the
 * benchmarked presets and a typed formula. Threads come next; the app does not use this yet.
 */
import { compileExpression } from '../src/core/expr/index.ts';
import type { Landscape } from '../src/core/landscape.ts';
import { findPreset } from '../src/core/landscapes/index.ts';
import { counterClock } from '../src/core/optimizers/counter-clock.ts';
import { findOptimizer } from '../src/core/optimizers/index.ts';
import { createSimulation, settleCriteria } from '../src/core/simulation.ts';
import { descentFrame } from '../src/core/wasm/descent-frame.ts';
import { TYPICAL_FORMULA, typedLandscape } from './expr-cpu.ts';
import { type PlainBalls, plainLoop } from './plain-loops.ts';

export interface WasmBenchRow {
  landscape: string;
  optimizer: string;
  /** The JavaScript engine (createSimulation), one thread. */
  engine: number;
  /** The WebAssembly frame, one thread. */
  wasm: number;
  /** The plain hand-written loop (gradient descent on the four presets only). */
  plain: number | null;
}

const PRESET_IDS = ['bowl', 'rosenbrock', 'rastrigin', 'himmelblau'] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
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

export function runWasmBench(particleCount: number, steps: number, rounds: number): WasmBenchRow[] {
  const count = particleCount - (particleCount % 4);
  const landscapes: [string, Landscape, string][] = [
    ...PRESET_IDS.map((id): [string, Landscape, string] => [
      id,
      findPreset(id)!,
      findPreset(id)!.expression!,
    ]),
    [TYPICAL_FORMULA, typedLandscape(TYPICAL_FORMULA, findPreset('bowl')!), TYPICAL_FORMULA],
  ];
  const memory = new WebAssembly.Memory({
    initial: Math.ceil((count * 4 * 9) / 65_536),
    maximum: Math.ceil((count * 4 * 9) / 65_536),
  });
  const rows: WasmBenchRow[] = [];
  for (const [name, landscape, text] of landscapes) {
    const compiled = compileExpression(text);
    if (!compiled.ok) throw new Error(`bench: ${text} does not compile`);
    for (const optimizerId of ['gd', 'adam']) {
      const optimizer = findOptimizer(optimizerId)!;
      // gd at the landscape's rate (balls settle as in the app); Adam at 1e-3 of the span a step.
      const learningRate =
        optimizerId === 'gd'
          ? landscape.learningRate
          : (landscape.domain.xMax - landscape.domain.xMin) * 1e-3;
      const groups = [{ optimizer: optimizerId, learningRate }];
      const engine = createSimulation({ landscape, particleCount: count, seed: 1, groups });
      const frame = descentFrame(
        {
          ir: compiled.expression.float32Ir,
          criteria: settleCriteria(landscape, landscape.domain),
          optimizer,
          params: {},
        },
        memory,
      );
      const floats = new Float32Array(memory.buffer);
      const clock = counterClock(optimizer, {});
      const counters = new Float64Array(2);
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
        () => {
          // The engine's start positions (reset: the engine's own rounds moved its balls).
          engine.reset();
          floats.fill(0, 0, count * 9);
          floats.set(engine.x.subarray(0, count), 0);
          floats.set(engine.y.subarray(0, count), count);
          clock.at(0, counters);
        },
        () =>
          frame.advance(
            0,
            count * 4,
            count * 8,
            count * 12,
            count * 16,
            count * 20,
            count,
            steps,
            learningRate,
            0,
            counters[0]!,
            counters[1]!,
          ),
      );
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
      rows.push({ landscape: name, optimizer: optimizerId, engine: engineRate, wasm: wasmRate, plain });
    }
  }
  return rows;
}
