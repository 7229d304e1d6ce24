/**
 * Typed expressions on the WebGPU backend against the CPU engine, on a real WebGPU device
 * (SwiftShader here), as tests/browser/gpu-parity.test.ts does for the presets: every preset typed
 * out as a formula (over the preset's domain), a few formulas of our own, and formulas that are
 * NaN or infinite over part of the domain. Lean on purpose: 4,096 balls, 100 steps, plain gradient
 * descent at the typed landscape's suggested rate and Adam, inside a validation error scope.
 *
 * What "agree" means: the CPU in float32 mode rounds positions to float32 after every step but
 * evaluates the compiled JavaScript in float64; the GPU evaluates the compiled WGSL in float32. So
 * the two differ by float32 rounding each step, damped on bowl-shaped basins and amplified where
 * the dynamics are chaotic (steep walls, saddles, cone tips): the bounds, in ulps of the domain's
 * span, are given per case with the reason, as in gpu-parity.test.ts. Positions are compared on the
 * balls that both keep active (or both converged at the same step); statuses must agree on 99%.
 */
import { describe, expect, test } from 'vitest';
import { compileSafely, expressionLandscape } from '../../src/core/custom-landscape.ts';
import type { Domain, Landscape } from '../../src/core/landscape.ts';
import { PRESETS, presetExpression } from '../../src/core/landscapes/index.ts';
import { createSimulation, type SimulationSnapshot } from '../../src/core/simulation.ts';
import { ACTIVE, CONVERGED, DIVERGED } from '../../src/core/status.ts';
import { createGpuSimulation } from '../../src/gpu/gpu-simulation.ts';
import { translate } from '../../src/i18n/index.ts';
import { openTestGpu } from './test-gpu.ts';

const { noAdapter, withValidation } = await openTestGpu('expr-parity');

const ULP_SHARE = 2 ** -23;
const ulps = (count: number): number => count * ULP_SHARE;

/** How closely a case's two runs agree: positions as shares of the span. */
interface Bounds {
  /** 99% of the compared balls within this share of the span. */
  readonly p99: number;
  /** Every compared ball within this share of the span. */
  readonly every: number;
  /** Share of balls whose status agrees; default 0.99. */
  readonly statusShare?: number;
}

/**
 * Smooth basins: rounding differences are damped every step. Seen on SwiftShader: at most 1.8
 * ulps at the 99th percentile over every case here, 12 ulps for the worst ball (Rosenbrock, Adam).
 */
const CONTRACTING: Bounds = { p99: ulps(16), every: ulps(1024) };

/**
 * Looser bounds, each with its reason and what was seen. The typed WGSL computes sines with the
 * float32 polynomial of src/core/turn-trig.ts, as Rastrigin's preset does, so trigonometric
 * formulas need nothing looser.
 */
const BOUNDS: Readonly<Record<string, Bounds>> = {
  // Balls that pass close to a saddle between minima: a rounding difference decides the way they
  // fall off it (as in gpu-parity's PARITY). Seen: 1.1e-5 of the span (Himmelblau, gd).
  himmelblau: { p99: ulps(16), every: 1e-3 },
  sixhump: { p99: ulps(16), every: 1e-3 },
  goldstein: { p99: ulps(16), every: 1e-3 },
  // Corners with gradients ~1e6: a ball there jumps ~100 a step, far off the domain, and a 1e-7
  // difference in its gradient is one of 1e-5 in its position, multiplied at every bounce.
  // Seen: 0.11 of the span for one ball (gd), 1.6 ulps at the 99th percentile.
  beale: { p99: ulps(16), every: 0.3 },
  // The pole at x = 0: a ball that comes close jumps by lr / x, chaotically far.
  'log(x)+y^2': { p99: ulps(64), every: 0.05 },
  '1/x+y^2': { p99: ulps(1024), every: 0.05 },
};

interface Case {
  readonly name: string;
  readonly text: string;
  readonly domain?: Domain;
}

const CASES: readonly Case[] = [
  ...PRESETS.map((preset) => ({ name: preset.id, text: presetExpression(preset.id), domain: preset.domain })),
  { name: 'x^2+3*sin(y)', text: 'x^2+3*sin(y)' },
  { name: 'sin(x)*cos(y)+0.1*(x^2+y^2)', text: 'sin(x)*cos(y)+0.1*(x^2+y^2)' },
  { name: 'log(x)+y^2', text: 'log(x)+y^2' },
  { name: '1/x+y^2', text: '1/x+y^2' },
];

function landscapeOf(entry: Case): Landscape {
  const compiled = compileSafely(entry.text);
  if (!compiled.ok) throw new Error(`${entry.name}: ${translate(compiled.error.message)}`);
  return expressionLandscape(compiled.expression, entry.domain);
}

interface Comparison {
  readonly compared: number;
  readonly p99: number;
  readonly worst: number;
  readonly statusAgree: number;
}

function compare(landscape: Landscape, gpuSnap: SimulationSnapshot, cpuSnap: SimulationSnapshot): Comparison {
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const span = Math.max(xMax - xMin, yMax - yMin);
  const deviations: number[] = [];
  let statusAgree = 0;
  for (let i = 0; i < cpuSnap.x.length; i++) {
    const status = gpuSnap.status[i]!;
    if (status !== cpuSnap.status[i]) continue;
    statusAgree++;
    // Both active, or both settled at the same step: the same number of steps taken.
    const comparable =
      status === ACTIVE || (status === CONVERGED && gpuSnap.convergedAt[i] === cpuSnap.convergedAt[i]);
    if (!comparable) continue;
    const dx = Math.abs(gpuSnap.x[i]! - cpuSnap.x[i]!);
    const dy = Math.abs(gpuSnap.y[i]! - cpuSnap.y[i]!);
    deviations.push(Math.max(dx, dy) / span);
  }
  deviations.sort((a, b) => a - b);
  return {
    compared: deviations.length,
    p99: deviations[Math.floor(0.99 * deviations.length)] ?? 0,
    worst: deviations.at(-1) ?? 0,
    statusAgree,
  };
}

describe('typed expressions: the GPU runs them as the CPU does (4,096 balls, 100 steps)', () => {
  test('every preset has its formula', () => {
    expect(PRESETS.filter((preset) => preset.expression === undefined)).toEqual([]);
  });

  for (const entry of CASES) {
    for (const optimizer of ['gd', 'adam'] as const) {
      const name = `${entry.name} ${optimizer}`;
      test.skipIf(noAdapter)(name, async () => {
        const landscape = landscapeOf(entry);
        const { xMin, xMax } = landscape.domain;
        // Adam's steps are ~lr whatever the slope: 1e-3 of the span crosses a good part of a basin.
        const learningRate = optimizer === 'gd' ? landscape.learningRate : (xMax - xMin) * 1e-3;
        const config = { landscape, particleCount: 4096, seed: 7, groups: [{ optimizer, learningRate }] };
        await withValidation(async (device) => {
          const gpuSim = await createGpuSimulation(device, config);
          const cpuSim = createSimulation({ ...config, precision: 'float32' });
          const startX = Float64Array.from(cpuSim.x);
          const startY = Float64Array.from(cpuSim.y);
          try {
            gpuSim.step(50);
            cpuSim.step(50);
            gpuSim.step(50);
            cpuSim.step(50);
            const gpuSnap = await gpuSim.snapshot();
            const cpuSnap = cpuSim.snapshot();
            expect(gpuSnap.stepCount).toBe(100);
            const bounds = BOUNDS[entry.name] ?? CONTRACTING;
            const result = compare(landscape, gpuSnap, cpuSnap);
            const count = cpuSim.particleCount;
            console.info(
              `${name}: rate ${learningRate}, p99 ${(result.p99 / ULP_SHARE).toFixed(1)} ulps, worst ${result.worst.toExponential(2)} of the span, ` +
                `over ${result.compared} balls; statuses differ ${count - result.statusAgree}`,
            );
            expect(result.statusAgree / count, `${name}: statuses`).toBeGreaterThanOrEqual(
              bounds.statusShare ?? 0.99,
            );
            expect(result.p99, `${name}: 99% of positions`).toBeLessThanOrEqual(bounds.p99);
            expect(result.worst, `${name}: every position`).toBeLessThanOrEqual(bounds.every);
            // A ball that starts where f is not a number is diverged on both.
            let holes = 0;
            for (let i = 0; i < count; i++) {
              if (Number.isFinite(landscape.f(startX[i]!, startY[i]!))) continue;
              holes++;
              expect(cpuSnap.status[i], `${name}: CPU ball ${i} in a hole`).toBe(DIVERGED);
              expect(gpuSnap.status[i], `${name}: GPU ball ${i} in a hole`).toBe(DIVERGED);
            }
            if (entry.name === 'log(x)+y^2') expect(holes).toBeGreaterThan(count * 0.4);
            const stats = await gpuSim.stats();
            for (const value of [stats.groups[0]!.meanLoss, stats.groups[0]!.medianLoss]) {
              expect(value === null || Number.isFinite(value)).toBe(true);
            }
          } finally {
            gpuSim.dispose();
          }
        });
      });
    }
  }
});
