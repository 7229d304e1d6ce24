/**
 * Typed expressions on the CPU engine, in Node: Rosenbrock typed as a formula against the
 * Rosenbrock preset (same balls, same rate, same steps, interleaved rounds), and what compiling a
 * typical formula costs: parse + differentiate + JavaScript code (compileExpression), then the
 * landscape around it (expressionLandscape: the minima search, the suggested rate).
 */
import { compileSafely, expressionLandscape } from '../src/core/custom-landscape.ts';
import type { Landscape } from '../src/core/landscape.ts';
import { findPreset, presetExpression } from '../src/core/landscapes/index.ts';
import { createSimulation } from '../src/core/simulation.ts';

export interface TypedVsPreset {
  landscape: string;
  typed: number;
  preset: number;
}

export interface CompileTimes {
  formula: string;
  /** First compile in this process (cold JIT), ms. */
  firstMs: number;
  /** Median over repeated compiles of fresh variants, ms. */
  compileMs: number;
  /** Median time of expressionLandscape on top of the compile, ms. */
  landscapeMs: number;
}

/** The formula the compile times are for: a few functions, sums and products, both variables. */
export const TYPICAL_FORMULA = 'sin(x)*cos(y)+0.1*(x^2+y^2)';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The landscape of a formula that must compile (the bench's own formulas do). */
export function typedLandscape(text: string, like: Landscape): Landscape {
  const compiled = compileSafely(text);
  if (!compiled.ok) throw new Error(`bench: ${text}: ${compiled.error.message}`);
  return expressionLandscape(compiled.expression, like.domain);
}

/** Particle-steps per second of the typed and the preset Rosenbrock, medians of `rounds`. */
export function runTypedVsPreset(particleCount: number, steps: number, rounds: number): TypedVsPreset[] {
  const rows: TypedVsPreset[] = [];
  for (const id of ['rosenbrock']) {
    const preset = findPreset(id)!;
    const typed = typedLandscape(presetExpression(id), preset);
    // The same run on both: the preset's rate (the typed landscape suggests its own).
    const groups = [{ optimizer: 'gd', learningRate: preset.learningRate }];
    const sims = [
      createSimulation({ landscape: typed, particleCount, seed: 1, groups, kernel: 'js' }),
      createSimulation({ landscape: preset, particleCount, seed: 1, groups, kernel: 'js' }),
    ];
    const rates: [number[], number[]] = [[], []];
    // Round 0 warms both up (JIT) and is not counted.
    for (let round = 0; round <= rounds; round++) {
      sims.forEach((sim, k) => {
        sim.reset();
        const begin = performance.now();
        sim.step(steps);
        const seconds = (performance.now() - begin) / 1000;
        if (round > 0) rates[k]!.push((particleCount * steps) / seconds);
      });
    }
    rows.push({ landscape: id, typed: median(rates[0]), preset: median(rates[1]) });
  }
  return rows;
}

/** Compile times of TYPICAL_FORMULA and of `rounds` variants (a fresh constant each). */
export function runCompileTimes(rounds: number): CompileTimes {
  let begin = performance.now();
  const first = compileSafely(TYPICAL_FORMULA);
  const firstMs = performance.now() - begin;
  if (!first.ok) throw new Error(`bench: ${TYPICAL_FORMULA}: ${first.error.message}`);
  const compile: number[] = [];
  const landscape: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const text = `${TYPICAL_FORMULA}+${round + 1}e-9*x`;
    begin = performance.now();
    const compiled = compileSafely(text);
    const compiledAt = performance.now();
    if (!compiled.ok) throw new Error(`bench: ${text}: ${compiled.error.message}`);
    expressionLandscape(compiled.expression);
    compile.push(compiledAt - begin);
    landscape.push(performance.now() - compiledAt);
  }
  return { formula: TYPICAL_FORMULA, firstMs, compileMs: median(compile), landscapeMs: median(landscape) };
}
