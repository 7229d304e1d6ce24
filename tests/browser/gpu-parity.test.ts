/**
 * The WebGPU backend (src/gpu) against the CPU engine (src/core), on a real WebGPU device:
 * SwiftShader here, a complete WebGPU implementation that runs on the CPU. Every test runs inside a
 * validation error scope and fails on any error; without an adapter the tests are skipped, visibly.
 *
 * What "agree" means. The CPU in float32 mode stores positions (and momentum's velocity) as
 * float32 after every step but evaluates the gradient and the update in float64; the GPU does all
 * of it in float32. So the two differ by float32 rounding every step. On a landscape whose
 * dynamics contract (every bowl-shaped basin), those differences stay at a few ulps of the
 * position: the bound is counted in ulps of the domain's span (`ULP = 2^-23 · span`). Where the
 * dynamics are chaotic for some balls, a rounding difference grows until those balls take
 * different paths; there 99% of the balls must still agree to float32 and every ball gets a looser
 * bound, both justified per landscape in PARITY. Positions are compared on the balls that have the
 * same status and the same convergence step on both (a ball that settles a step later has moved
 * one more step); statuses, convergence steps and group statistics are checked separately. The
 * measured figures are logged (`console.info`) so the margins can be read off a run.
 */
import { describe, expect, test } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu-backend.ts';
import type { Landscape } from '../../src/core/landscape.ts';
import { bowl } from '../../src/core/landscapes/bowl.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import {
  createSimulation,
  type GroupConfig,
  type SimulationSnapshot,
  type SimulationStats,
} from '../../src/core/simulation.ts';
import { median } from '../../src/core/stats.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import {
  createGpuSimulation,
  type GpuSimulation,
  type GpuSimulationConfig,
} from '../../src/gpu/gpu-simulation.ts';
import {
  dispatchSize,
  MAX_WORKGROUPS_PER_DIMENSION,
  SAMPLES_PER_GROUP,
  sampleIndex,
  WORKGROUP_SIZE,
} from '../../src/gpu/layout.ts';
import { adaptiveRate, type Comparison, compareSnapshots, parityRate } from '../parity.ts';
import { openTestGpu } from './test-gpu.ts';

const { gpu, noAdapter, withValidation } = await openTestGpu('gpu-parity');

const ULP_SHARE = 2 ** -23;

/**
 * How closely a landscape's two runs agree (every optimizer, 200 steps at its rate from parityRate
 * and at half of it; OPTIMIZER_PARITY and CASE_PARITY override these for some optimizers). Observed
 * worst figures on SwiftShader are noted as "seen".
 */
interface Parity {
  /** 99% of the compared balls lie within this many ULPs of the span of their CPU position. */
  readonly bulkUlps: number;
  /** Every compared ball lies within this share of the span. */
  readonly every: number;
  /** Share of balls whose status agrees; default 0.999. */
  readonly statusShare?: number;
  /** Steps by which the two runs' median steps to converge may differ; default 1. */
  readonly medianSteps?: number;
  /** Share of balls converged on both that converged at the same step; default 0.99. */
  readonly convergedAtShare?: number;
  /** Balls per group by which the converged and diverged counts may differ; default 0.1%. */
  readonly countShare?: number;
  /** Mean and median loss of the two runs: relative tolerance; default 1e-4. */
  readonly lossRelative?: number;
  /**
   * Size of the terms f adds up where the balls end (they cancel near a minimum): a float32
   * evaluation of f is off by a few roundings of them, ~2^-21 of this. See fError.
   */
  readonly terms: number;
  /**
   * Absolute error of the GPU's sin and cos in f (WGSL promises 2^-11; SwiftShader's are ~2e-4,
   * see tests/browser/landscape-wgsl.test.ts), times their weight in f.
   */
  readonly trig?: number;
}

const TRIG_ABS = 2 ** -11;
/**
 * Absolute error of the float32 turn polynomial (src/core/turn-trig.ts) that Rastrigin's WGSL and
 * the gradient noise use instead of the device's sin and cos: under 3e-7 (tests/unit/noise.test.ts).
 */
const TURN_TRIG_ABS = 2 ** -21;
const ulps = (count: number): number => count * ULP_SHARE;

const PARITY: Readonly<Record<string, Parity>> = {
  // Quadratic bowls (and the saddle, where almost every ball diverges: its check is the statuses
  // and the divergence steps). The step contracts by a fixed factor, so a rounding difference is
  // damped and never exceeds a few ulps. Seen: 0.7 ulp.
  curve: { bulkUlps: 16, every: ulps(16), terms: 3 },
  bowl: { bulkUlps: 16, every: ulps(16), terms: 1 },
  ravine: { bulkUlps: 16, every: ulps(16), terms: 1 },
  // With momentum at a tenth of the rate, balls are still on their way out after 200 steps, up to
  // ~10 spans along y, where one ulp of the position is ~10 ulps of the span, and the unstable
  // direction grows every difference by (1 + 2 lr / (1 - beta)) a step: 128 ulps of the span.
  saddle: { bulkUlps: 128, every: ulps(256), terms: 10 },
  booth: { bulkUlps: 16, every: ulps(16), terms: 7 },
  // Quartic basins: smooth, but momentum spirals into the minima slowly (seen 4.4 and 19 ulps).
  styblinski: { bulkUlps: 16, every: ulps(64), terms: 140 },
  himmelblau: { bulkUlps: 16, every: ulps(128), terms: 11 },
  // A ball passing close to one of the saddles between the humps is pushed off it by whatever
  // rounding difference it carries (an unstable equilibrium amplifies it): seen 407 ulps, once.
  sixhump: { bulkUlps: 16, every: ulps(2048), terms: 12 },
  // Rastrigin's WGSL takes sin and cos from the turn polynomial, not from the device (whose
  // SwiftShader error of ~2e-4 made a 1.2e-2 gradient error, above the settle tolerance of 1e-2,
  // and split statuses by 0.17% with Adam). Left: momentum and Nesterov balls circle down a
  // ripple slowly, with |grad| near the tolerance for many steps, so a rounding difference moves
  // the step at which they settle: seen 83 of 4,013 balls (2.1%) with Nesterov, every status the
  // same. Positions: seen 1.2 ulps (RMSProp aside, see OPTIMIZER_PARITY).
  rastrigin: { bulkUlps: 16, every: ulps(64), convergedAtShare: 0.95, terms: 40, trig: 20 * TURN_TRIG_ABS },
  // The funnel's tip is a cone: the gradient jumps (|grad| ~2.8 on every side), so which side of
  // the tip a rattling ball lands on, and whether it stays within 0.04 of it for 5 steps in a row,
  // is decided by one ulp: rattling balls end up to a few step lengths apart and settle a few
  // steps apart (seen with momentum at the full rate: 5.5e-3 of the span, 837 ulps at the 99th
  // percentile, 0.2% of statuses; at the rates used here the statuses agree to 99.9%).
  ackley: {
    bulkUlps: 4096,
    every: 0.02,
    convergedAtShare: 0.95,
    countShare: 0.005,
    lossRelative: 1e-2,
    terms: 25,
    trig: Math.E * TRIG_ABS,
  },
  // Steep walls: a ball thrown against one (curvature ~5000 at the corners) by momentum at 10x the
  // plain rate bounces chaotically, and 15% diverge. Seen: 532 ulps at the 99th percentile, 7.4e-2
  // of the span for one ball; the mean loss differs by 1%.
  rosenbrock: { bulkUlps: 2048, every: 0.3, lossRelative: 5e-2, terms: 4 },
  // Cancelling terms of size ~1e5 around the minima: the float32 gradient is off by ~1e-2 there,
  // and momentum throws balls off the steep rim. Seen: 55 ulps at the 99th percentile, 7.6e-3 of
  // the span for one ball.
  goldstein: { bulkUlps: 256, every: 0.03, lossRelative: 1e-3, terms: 2000 },
  // Corners with f ~ 2e5 and gradients ~1e6: at lr 1e-4 a ball there jumps ~100 per step, far off
  // the domain where f keeps growing, so a 1e-7 difference in its gradient is a 1e-5 one in its
  // position, multiplied at every bounce. Seen: 44 ulps at the 99th percentile, 0.13 of the span
  // for one ball, and a 4% different mean loss (a handful of balls with losses ~1e4 at different
  // places dominate it).
  beale: { bulkUlps: 256, every: 0.5, lossRelative: 0.1, terms: 10 },
};

/**
 * Where one optimizer needs other bounds than its landscape's, by optimizer (every landscape) and
 * by `landscape optimizer` (one case), each with its reason; they override PARITY in that order.
 */
const OPTIMIZER_PARITY: Readonly<Record<string, Partial<Parity>>> = {
  // RMSProp at 1e-5 of the span (see parityRate): its step is lr * slope / rms(slope), so a ball
  // whose slope changes sign along a coordinate (crossing a valley floor or a ridge) takes steps
  // set by the ratio of two small numbers, and every such crossing multiplies a rounding
  // difference. The CPU's own float32 and float64 runs differ by as much (p99 18-64 ulps, worst
  // 6.9e-5 of the span, statuses identical). Seen here: 253 ulps at the 99th percentile on
  // Rastrigin at 3e-5 of the span, 7.7e-5 of the span for one ball.
  rmsprop: { bulkUlps: 256, every: 2e-4 },
  // Lion moves every coordinate by exactly lr (1e-5 of the span, see parityRate) in the direction
  // of a sign, so where the signed quantity is near 0 a rounding difference moves a ball by whole
  // steps: seen two steps (2e-5 of the span) for one ball on Styblinski-Tang.
  lion: { every: 4e-5 },
};
const CASE_PARITY: Readonly<Record<string, Partial<Parity>>> = {
  // Himmelblau's saddles (as sixhump's): Adam's momentum carries a ball past one, and a rounding
  // difference decides which way it falls off. Seen in the snapshot tests (beta1 0.85, beta2
  // 0.995): one ball of 1,024, 2.6e-4 of the span (2,145 ulps).
  'himmelblau adam': { every: ulps(4096) },
  // Ackley's cone (see PARITY): a Lion ball rattling about the tip lands on either side by a
  // rounding difference, whole steps apart. Seen: three steps (3e-5 of the span).
  'ackley lion': { every: 1e-4 },
};

/** The bounds of `optimizer` on `landscape` (PARITY with the overrides above). */
function parityOf(landscape: Landscape, optimizer?: string): Parity {
  return {
    ...PARITY[landscape.id]!,
    ...(optimizer ? OPTIMIZER_PARITY[optimizer] : undefined),
    ...(optimizer ? CASE_PARITY[`${landscape.id} ${optimizer}`] : undefined),
  };
}

/**
 * Tolerance of a GPU loss or height against the CPU's at the same float32 position: relative
 * error of float32 (a few roundings) on f itself, plus those of the terms that cancel into it.
 */
function fError(parity: Parity, value: number): number {
  return 1e-5 * Math.abs(value) + 2 ** -21 * parity.terms + (parity.trig ?? 0);
}

/**
 * Balls that settle a step apart on the two backends stop at slightly different places near a
 * minimum; on these landscapes their losses there differ by less than this (seen 1.6e-7).
 */
const SETTLE_LOSS = 1e-6;

/** Asserts a comparison against the landscape's PARITY and logs it. */
function expectParity(
  name: string,
  landscape: Landscape,
  comparison: Comparison,
  count: number,
  parity: Parity = parityOf(landscape),
): void {
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const span = Math.max(xMax - xMin, yMax - yMin);
  console.info(
    `${name}: worst ${comparison.worst.toExponential(2)} of the span (${(comparison.worst / ULP_SHARE).toFixed(1)} ulps), ` +
      `99th percentile ${(comparison.p99 / ULP_SHARE).toFixed(1)} ulps, over ${comparison.compared} balls; ` +
      `statuses differ ${count - comparison.statusAgree}, convergence steps differ ` +
      `${comparison.convergedBoth - comparison.convergedAtAgree} of ${comparison.convergedBoth}`,
  );
  expect(comparison.statusAgree / count, `${name}: statuses`).toBeGreaterThanOrEqual(
    parity.statusShare ?? 0.999,
  );
  // At least one ball may settle a step apart however few converged.
  const convergedAtSlack = Math.max(1, (1 - (parity.convergedAtShare ?? 0.99)) * comparison.convergedBoth);
  expect(
    comparison.convergedBoth - comparison.convergedAtAgree,
    `${name}: convergence steps`,
  ).toBeLessThanOrEqual(convergedAtSlack);
  expect(comparison.p99 * span, `${name}: 99% of positions`).toBeLessThanOrEqual(
    parity.bulkUlps * ULP_SHARE * span,
  );
  expect(comparison.worst * span, `${name}: every position`).toBeLessThanOrEqual(parity.every * span);
}

/** Tolerance of a loss statistic of two runs: their own difference plus evaluation error. */
function runLossTolerance(parity: Parity, reference: number): number {
  return (parity.lossRelative ?? 1e-4) * Math.abs(reference) + SETTLE_LOSS + fError(parity, reference);
}

/**
 * GPU statistics against the CPU's groupStats of the very same state (the GPU snapshot restored
 * into a CPU simulation): the reduction must count exactly and sum to float32 evaluation accuracy.
 * Every group here has at most 2,048 balls, so the sample is the whole group and the medians match.
 */
function expectStatsOfSameState(
  name: string,
  parity: Parity,
  gpu: SimulationStats,
  cpu: SimulationStats,
): void {
  expect(gpu.step).toBe(cpu.step);
  gpu.groups.forEach((group, g) => {
    const reference = cpu.groups[g]!;
    const label = `${name} group ${g} (same state)`;
    expect(group.count, label).toBe(reference.count);
    expect(group.convergedPercent, label).toBe(reference.convergedPercent);
    expect(group.divergedPercent, label).toBe(reference.divergedPercent);
    expect(group.medianStepsToConverge, label).toBe(reference.medianStepsToConverge);
    expectClose(
      label,
      'mean loss',
      group.meanLoss,
      reference.meanLoss,
      fError(parity, reference.meanLoss ?? 0),
    );
    for (const quantile of ['medianLoss', 'p10Loss', 'p90Loss'] as const) {
      expectClose(
        label,
        quantile,
        group[quantile],
        reference[quantile],
        fError(parity, reference[quantile] ?? 0),
      );
    }
    // Basins are counted over every ball, exactly.
    expect(group.basinPercents, `${label} basins`).toEqual(reference.basinPercents);
  });
}

/** GPU statistics against those of the CPU's own run, within the landscape's PARITY. */
function expectStatsOfRuns(name: string, parity: Parity, gpu: SimulationStats, cpu: SimulationStats): void {
  expect(gpu.step).toBe(cpu.step);
  gpu.groups.forEach((group, g) => {
    const reference = cpu.groups[g]!;
    const label = `${name} group ${g}`;
    const slack = 100 * Math.max(parity.countShare ?? 0.001, 1 / group.count);
    expect(
      Math.abs(group.convergedPercent - reference.convergedPercent),
      `${label} converged %`,
    ).toBeLessThanOrEqual(slack);
    expect(
      Math.abs(group.divergedPercent - reference.divergedPercent),
      `${label} diverged %`,
    ).toBeLessThanOrEqual(slack);
    expectClose(
      label,
      'mean loss',
      group.meanLoss,
      reference.meanLoss,
      runLossTolerance(parity, reference.meanLoss ?? 0),
    );
    for (const quantile of ['medianLoss', 'p10Loss', 'p90Loss'] as const) {
      expectClose(
        label,
        quantile,
        group[quantile],
        reference[quantile],
        runLossTolerance(parity, reference[quantile] ?? 0),
      );
    }
    // Each basin within the converged count's slack: a ball that settles on one backend only
    // moves one basin's count, and the converged count, by one.
    expect(group.basinPercents.length, `${label} basins`).toBe(reference.basinPercents.length);
    group.basinPercents.forEach((share, basin) => {
      expect(
        Math.abs(share - reference.basinPercents[basin]!),
        `${label} basin ${basin} %`,
      ).toBeLessThanOrEqual(slack);
    });
    if (reference.medianStepsToConverge !== null && group.medianStepsToConverge !== null) {
      expect(
        Math.abs(group.medianStepsToConverge - reference.medianStepsToConverge),
        `${label} median steps`,
      ).toBeLessThanOrEqual(parity.medianSteps ?? 1);
    } else {
      expect(group.medianStepsToConverge, `${label} median steps`).toBe(reference.medianStepsToConverge);
    }
  });
}

function expectClose(
  label: string,
  what: string,
  actual: number | null,
  expected: number | null,
  tolerance: number,
): void {
  if (expected === null || actual === null) {
    expect(actual, `${label} ${what}`).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${label} ${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

/** Copies `byteLength` bytes of `source` from `offset` into a fresh mapped ArrayBuffer copy. */
async function readBuffer(
  device: GPUDevice,
  source: GPUBuffer,
  offset: number,
  byteLength: number,
): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: 'test readback',
    size: byteLength,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder({ label: 'test readback' });
  encoder.copyBufferToBuffer(source, offset, staging, 0, byteLength);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.destroy();
  return copy;
}

/** The draw buffer against the CPU's writeRenderData of the same state. */
async function expectRenderData(
  device: GPUDevice,
  name: string,
  sim: GpuSimulation,
  config: GpuSimulationConfig,
  snapshot: SimulationSnapshot,
): Promise<void> {
  const parity = PARITY[config.landscape.id]!;
  const drawn = new Float32Array(await readBuffer(device, sim.ballBuffer, 0, sim.particleCount * 16));
  const sameState = createSimulation({ ...config, precision: 'float32' });
  sameState.restore(snapshot);
  const expected = new Float32Array(sim.particleCount * 4);
  sameState.writeRenderData(expected);
  let worstHeight = 0;
  for (let i = 0; i < sim.particleCount; i++) {
    const o = i * 4;
    expect(drawn[o], `${name} ball ${i} x`).toBe(expected[o]);
    expect(drawn[o + 1], `${name} ball ${i} y`).toBe(expected[o + 1]);
    expect(drawn[o + 3], `${name} ball ${i} group + 8 status`).toBe(expected[o + 3]);
    const height = expected[o + 2]!;
    const tolerance = fError(parity, height);
    const error = Math.abs(drawn[o + 2]! - height);
    worstHeight = Math.max(worstHeight, error / tolerance);
    if (!(error <= tolerance)) expect(drawn[o + 2], `${name} ball ${i} height`).toBe(height);
  }
  console.info(`${name}: drawn heights use at most ${(100 * worstHeight).toFixed(1)}% of their tolerance`);
}

/** Every optimizer the CPU has: each one needs its GPU kernel. */
const OPTIMIZER_IDS = OPTIMIZERS.map((optimizer) => optimizer.id);

function parityConfig(landscape: Landscape, groups: readonly GroupConfig[]): GpuSimulationConfig {
  return { landscape, particleCount: 4096, groups, seed: 7 };
}

describe('gpu parity: every preset and optimizer, 4,096 balls, 200 steps', () => {
  test('every preset has its parity bounds', () => {
    expect(Object.keys(PARITY).sort()).toEqual(PRESETS.map((preset) => preset.id).sort());
  });

  for (const landscape of PRESETS) {
    for (const optimizer of OPTIMIZER_IDS) {
      const name = `${landscape.id} ${optimizer}`;
      test.skipIf(noAdapter)(name, async () => {
        await withValidation(async (device) => {
          const rate = parityRate(landscape, optimizer);
          const config = parityConfig(landscape, [
            { optimizer, learningRate: rate },
            { optimizer, learningRate: rate / 2 },
          ]);
          const gpuSim = await createGpuSimulation(device, config);
          const cpuSim = createSimulation({ ...config, precision: 'float32' });
          try {
            for (let batch = 0; batch < 4; batch++) {
              gpuSim.step(50);
              cpuSim.step(50);
            }
            const [gpuSnap, gpuStats] = await Promise.all([gpuSim.snapshot(), gpuSim.stats()]);
            expect(gpuSnap.stepCount).toBe(200);
            const parity = parityOf(landscape, optimizer);
            expectParity(
              name,
              landscape,
              compareSnapshots(landscape, gpuSnap, cpuSim.snapshot()),
              cpuSim.particleCount,
              parity,
            );

            expectStatsOfRuns(name, parity, gpuStats, cpuSim.stats());
            const sameState = createSimulation({ ...config, precision: 'float32' });
            sameState.restore(gpuSnap);
            expectStatsOfSameState(name, parity, gpuStats, sameState.stats());
            await expectRenderData(device, name, gpuSim, config, gpuSnap);
          } finally {
            gpuSim.dispose();
          }
        });
      });
    }
  }
});

describe('gpu snapshots: a run continues on the other backend', () => {
  // Mixed groups: the optimizer is chosen per group in the shader, and momentum's velocity and
  // Adam's and AdamW's four state floats (two in the state buffer, two in the extra one) must
  // travel with the snapshot, and their bias corrections carry on from the step handed over;
  // hyper-parameters other than the defaults reach the shader. The second group's rate changes
  // halfway on both sides. (With AdamW's wd at 0.2, one Rastrigin ball of 1,024 was pulled over a
  // ripple's ridge on one side only, 3.4e-5 of the span apart: the saddle case of 'himmelblau adam'.)
  const mixedGroups = (landscape: Landscape): GroupConfig[] => [
    { optimizer: 'gd', learningRate: landscape.learningRate },
    { optimizer: 'momentum', learningRate: landscape.learningRate / 2, params: { beta: 0.8 } },
    { optimizer: 'adam', learningRate: adaptiveRate(landscape), params: { beta1: 0.85, beta2: 0.995 } },
    { optimizer: 'adamw', learningRate: adaptiveRate(landscape), params: { beta1: 0.8, wd: 0.05 } },
  ];
  /** Bounds of the mixed run: Adam's, the loosest of its three groups. */
  const mixedParity = (landscape: Landscape): Parity => parityOf(landscape, 'adam');

  for (const id of ['himmelblau', 'rosenbrock', 'rastrigin']) {
    const landscape = PRESETS.find((preset) => preset.id === id)!;

    test.skipIf(noAdapter)(`${id}: 100 steps on the GPU, then 100 more on both`, async () => {
      await withValidation(async (device) => {
        const config = parityConfig(landscape, mixedGroups(landscape));
        const gpuSim = await createGpuSimulation(device, config);
        try {
          gpuSim.step(100);
          const handover = await gpuSim.snapshot();
          expect(handover.stepCount).toBe(100);
          expect(handover.state.map((group) => group.length)).toEqual([0, 2, 4, 4]);
          const cpuSim = createSimulation({ ...config, precision: 'float32' });
          cpuSim.restore(handover);
          for (const sim of [gpuSim, cpuSim]) {
            sim.setLearningRate(1, landscape.learningRate / 4);
            sim.step(100);
          }
          const gpuSnap = await gpuSim.snapshot();
          expect(gpuSnap.learningRates).toEqual(
            mixedGroups(landscape).map((group, g) =>
              g === 1 ? landscape.learningRate / 4 : group.learningRate,
            ),
          );
          const name = `${id} GPU -> CPU`;
          expectParity(
            name,
            landscape,
            compareSnapshots(landscape, gpuSnap, cpuSim.snapshot()),
            cpuSim.particleCount,
            mixedParity(landscape),
          );
          expectStatsOfRuns(name, mixedParity(landscape), await gpuSim.stats(), cpuSim.stats());
        } finally {
          gpuSim.dispose();
        }
      });
    });

    test.skipIf(noAdapter)(`${id}: 100 steps on the CPU, then 100 more on both`, async () => {
      await withValidation(async (device) => {
        const config = parityConfig(landscape, mixedGroups(landscape));
        const cpuSim = createSimulation({ ...config, precision: 'float32' });
        cpuSim.step(100);
        const gpuSim = await createGpuSimulation(device, config);
        try {
          gpuSim.restore(cpuSim.snapshot());
          expect(gpuSim.stepCount).toBe(100);
          // The restored state reads back unchanged, bit for bit.
          expect(await gpuSim.snapshot()).toEqual(cpuSim.snapshot());
          gpuSim.step(100);
          cpuSim.step(100);
          const name = `${id} CPU -> GPU`;
          const gpuSnap = await gpuSim.snapshot();
          expectParity(
            name,
            landscape,
            compareSnapshots(landscape, gpuSnap, cpuSim.snapshot()),
            cpuSim.particleCount,
            mixedParity(landscape),
          );
          expectStatsOfRuns(name, mixedParity(landscape), await gpuSim.stats(), cpuSim.stats());
          await expectRenderData(device, name, gpuSim, config, gpuSnap);
        } finally {
          gpuSim.dispose();
        }
      });
    });
  }

  test.skipIf(noAdapter)('reset() goes back to the CPU start, step 0', async () => {
    await withValidation(async (device) => {
      const config = parityConfig(bowl, mixedGroups(bowl));
      const gpuSim = await createGpuSimulation(device, config);
      try {
        gpuSim.step(30);
        gpuSim.reset();
        expect(gpuSim.stepCount).toBe(0);
        const start = createSimulation({ ...config, precision: 'float32' }).snapshot();
        expect(await gpuSim.snapshot()).toEqual(start);
        const stats = await gpuSim.stats();
        expect(stats.step).toBe(0);
        expect(stats.groups.map((group) => group.activePercent)).toEqual([100, 100, 100, 100]);
      } finally {
        gpuSim.dispose();
      }
    });
  });
});

describe('gpu noise and schedules: the same runs on both backends', () => {
  /**
   * Noise that moves a ball ~1e-3 of the span per step at the landscape's rate: visible against
   * the gradient's own steps, not enough to throw the balls out of the domain.
   */
  const noiseFor = (landscape: Landscape): number =>
    (1e-3 * (landscape.domain.xMax - landscape.domain.xMin)) / landscape.learningRate;
  /** Every schedule, with and without noise, over plain, momentum and Adam groups. */
  const scheduledGroups = (landscape: Landscape): GroupConfig[] => {
    const rate = landscape.learningRate;
    const noise = noiseFor(landscape);
    return [
      { optimizer: 'gd', learningRate: rate, noise },
      { optimizer: 'momentum', learningRate: rate / 10, noise },
      { optimizer: 'adam', learningRate: adaptiveRate(landscape), noise },
      { optimizer: 'gd', learningRate: rate, schedule: { kind: 'step', every: 30, factor: 0.5 } },
      { optimizer: 'momentum', learningRate: rate / 10, schedule: { kind: 'cosine', period: 80 } },
      { optimizer: 'adam', learningRate: adaptiveRate(landscape), schedule: { kind: 'warmup', steps: 50 } },
      { optimizer: 'gd', learningRate: rate, noise, schedule: { kind: 'cosine', period: 60 } },
      { optimizer: 'nesterov', learningRate: rate / 10, noise, schedule: { kind: 'warmup', steps: 20 } },
    ];
  };

  for (const id of ['himmelblau', 'rosenbrock', 'rastrigin', 'sixhump']) {
    const landscape = PRESETS.find((preset) => preset.id === id)!;
    test.skipIf(noAdapter)(`${id}: 100 steps in uneven dispatches`, async () => {
      await withValidation(async (device) => {
        const config = parityConfig(landscape, scheduledGroups(landscape));
        const gpuSim = await createGpuSimulation(device, config);
        const cpuSim = createSimulation({ ...config, precision: 'float32' });
        try {
          // Dispatches of 7, 50 and 43 steps on the GPU (rates tables of three lengths), one call
          // on the CPU (its own runs of constant rate).
          for (const batch of [7, 50, 43]) gpuSim.step(batch);
          cpuSim.step(100);
          const [gpuSnap, gpuStats] = await Promise.all([gpuSim.snapshot(), gpuSim.stats()]);
          const name = `${id} noise and schedules`;
          const parity = parityOf(landscape, 'adam');
          expectParity(
            name,
            landscape,
            compareSnapshots(landscape, gpuSnap, cpuSim.snapshot()),
            cpuSim.particleCount,
            parity,
          );
          expectStatsOfRuns(name, parity, gpuStats, cpuSim.stats());
          await expectRenderData(device, name, gpuSim, config, gpuSnap);
        } finally {
          gpuSim.dispose();
        }
      });
    });
  }

  test.skipIf(noAdapter)('the GPU draws the CPU noise: one noisy step from the same points', async () => {
    await withValidation(async (device) => {
      // On the bowl the gradient is exact in float32 (2x), so what moves the balls apart is the
      // noise alone: one step of rate 0.1 with noise 1 must agree to float32 rounding.
      const config = parityConfig(bowl, [{ optimizer: 'gd', learningRate: 0.1, noise: 1 }]);
      const gpuSim = await createGpuSimulation(device, config);
      const cpuSim = createSimulation({ ...config, precision: 'float32' });
      const plain = createSimulation({ ...config, groups: [{ optimizer: 'gd', learningRate: 0.1 }] });
      try {
        gpuSim.step(1);
        cpuSim.step(1);
        plain.step(1);
        const gpuSnap = await gpuSim.snapshot();
        let worst = 0;
        let moved = 0;
        for (let i = 0; i < cpuSim.particleCount; i++) {
          // The noise's share of the step: 0.1 * sample, the sample ~N(0, 1).
          const cpuNoise = (plain.x[i]! - cpuSim.x[i]!) / 0.1;
          const gpuNoise = (plain.x[i]! - gpuSnap.x[i]!) / 0.1;
          worst = Math.max(worst, Math.abs(gpuNoise - cpuNoise));
          if (Math.abs(cpuNoise) > 1e-3) moved++;
        }
        console.info(`noise samples: worst GPU - CPU difference ${worst.toExponential(2)}`);
        expect(moved).toBeGreaterThan(0.99 * cpuSim.particleCount);
        // Positions up to 5 are stored in float32 (ulp 4.8e-7), divided by 0.1 here.
        expect(worst).toBeLessThan(1e-5);
      } finally {
        gpuSim.dispose();
      }
    });
  });
});

describe('gpu tracked balls: gathered by the stats pass, read back with the statistics', () => {
  const trackedConfig = (landscape: Landscape): GpuSimulationConfig =>
    parityConfig(landscape, [
      { optimizer: 'gd', learningRate: landscape.learningRate },
      { optimizer: 'momentum', learningRate: landscape.learningRate / 10 },
      { optimizer: 'adam', learningRate: adaptiveRate(landscape) },
    ]);

  test.skipIf(noAdapter)('equal the snapshot at the same step, on both backends', async () => {
    await withValidation(async (device) => {
      const landscape = PRESETS.find((preset) => preset.id === 'himmelblau')!;
      const config = trackedConfig(landscape);
      const gpuSim = await createGpuSimulation(device, config);
      const cpuBackend = new CpuBackend(config);
      try {
        const last = gpuSim.particleCount - 1;
        const indices = Uint32Array.from([0, 1, 17, gpuSim.perGroup, 2000, 2 * gpuSim.perGroup + 5, last]);
        gpuSim.setTracked(indices);
        cpuBackend.setTracked(indices);
        expect(gpuSim.tracked()).toBeNull();
        gpuSim.step(150);
        cpuBackend.step(150);
        // No extra readback: tracked() only reads what stats() brought.
        expect(gpuSim.tracked()).toBeNull();
        const [stats, snapshot] = await Promise.all([gpuSim.stats(), gpuSim.snapshot()]);
        const tracked = gpuSim.tracked()!;
        expect(tracked.step).toBe(stats.step);
        expect(Array.from(tracked.indices)).toEqual(Array.from(indices));
        for (const [name, balls, state] of [
          ['GPU', tracked, snapshot],
          ['CPU', cpuBackend.tracked(), await cpuBackend.snapshot()],
        ] as const) {
          expect(balls.step, name).toBe(150);
          indices.forEach((index, k) => {
            const group = Math.floor(index / gpuSim.perGroup);
            const local = index - group * gpuSim.perGroup;
            const slots = state.state[group]!;
            expect(Array.from(balls.values.subarray(4 * k, 4 * k + 4)), `${name} ball ${index}`).toEqual([
              state.x[index],
              state.y[index],
              slots[0]?.[local] ?? 0,
              slots[1]?.[local] ?? 0,
            ]);
            expect(balls.status[k], `${name} ball ${index} status`).toBe(state.status[index]);
          });
        }
        // Moving on, the values stay those of the last readback until the next one.
        gpuSim.step(10);
        expect(gpuSim.tracked()!.step).toBe(150);
        expect((await gpuSim.stats()).step).toBe(160);
        expect(gpuSim.tracked()!.step).toBe(160);
        // New indices, or a reset, make the old values stale at once.
        gpuSim.setTracked(Uint32Array.from([3]));
        expect(gpuSim.tracked()).toBeNull();
        await gpuSim.stats();
        expect(Array.from(gpuSim.tracked()!.indices)).toEqual([3]);
        gpuSim.reset();
        expect(gpuSim.tracked()).toBeNull();
        expect(() => gpuSim.setTracked(Uint32Array.from([gpuSim.particleCount]))).toThrow(RangeError);
      } finally {
        gpuSim.dispose();
      }
    });
  });

  test.skipIf(noAdapter)('share the statistics readback: one mapAsync per stats()', async () => {
    await withValidation(async (device) => {
      const gpuSim = await createGpuSimulation(device, trackedConfig(bowl));
      const original = GPUBuffer.prototype.mapAsync;
      let mapCalls = 0;
      GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
        mapCalls++;
        return original.apply(this, args);
      };
      try {
        gpuSim.setTracked(Uint32Array.from({ length: 256 }, (_, k) => k * 16));
        for (let round = 1; round <= 3; round++) {
          gpuSim.step(5);
          await gpuSim.stats();
          expect(mapCalls).toBe(round);
          expect(gpuSim.tracked()!.values).toHaveLength(4 * 256);
        }
      } finally {
        GPUBuffer.prototype.mapAsync = original;
        gpuSim.dispose();
      }
    });
  });
});

describe('gpu scale and hygiene', () => {
  test('4,194,304 balls need a 2D dispatch', () => {
    expect(WORKGROUP_SIZE * MAX_WORKGROUPS_PER_DIMENSION).toBeLessThan(4_194_304);
    expect(dispatchSize(4_194_304)).toEqual({ x: MAX_WORKGROUPS_PER_DIMENSION, y: 2 });
    expect(dispatchSize(1000)).toEqual({ x: Math.ceil(1000 / WORKGROUP_SIZE), y: 1 });
  });

  test.skipIf(noAdapter)(
    '4,194,304 balls on the bowl: one dispatch moves every ball, the last one too',
    async () => {
      await withValidation(async (device) => {
        const config: GpuSimulationConfig = { landscape: bowl, particleCount: 4_194_304, seed: 3 };
        const gpuSim = await createGpuSimulation(device, config);
        try {
          gpuSim.step(1);
          const stats = await gpuSim.stats();
          const cpuSim = createSimulation({ ...config, precision: 'float32' });
          const start = cpuSim.snapshot();
          cpuSim.step(1);
          const cpuStats = cpuSim.stats();
          expect(stats.groups.reduce((sum, group) => sum + group.count, 0)).toBe(4_194_304);
          expect(stats.groups[0]!.activePercent).toBe(100);
          // The f32 per-workgroup partials, summed in f64, hold the mean to float32 accuracy.
          expect(Math.abs(stats.groups[0]!.meanLoss! - cpuStats.groups[0]!.meanLoss!)).toBeLessThan(
            1e-5 * cpuStats.groups[0]!.meanLoss!,
          );
          // The median comes from 2,048 evenly spaced balls: the same ones on the CPU.
          const sampled = new Float64Array(SAMPLES_PER_GROUP);
          for (let k = 0; k < SAMPLES_PER_GROUP; k++) {
            const i = sampleIndex(k, 4_194_304, SAMPLES_PER_GROUP);
            sampled[k] = bowl.f(cpuSim.x[i]!, cpuSim.y[i]!);
          }
          const sampleMedian = median(sampled, SAMPLES_PER_GROUP);
          expect(Math.abs(stats.groups[0]!.medianLoss! - sampleMedian)).toBeLessThan(1e-5 * sampleMedian);
          // Balls on both sides of the row boundary of the 2D dispatch, and the very last one.
          const rowLength = MAX_WORKGROUPS_PER_DIMENSION * WORKGROUP_SIZE;
          for (const index of [0, rowLength - 1, rowLength, 4_194_303]) {
            const drawn = new Float32Array(await readBuffer(device, gpuSim.ballBuffer, index * 16, 16));
            expect(drawn[0], `ball ${index} moved`).not.toBe(start.x[index]);
            expect(drawn[0], `ball ${index} x`).toBe(cpuSim.x[index]);
            expect(drawn[1], `ball ${index} y`).toBe(cpuSim.y[index]);
          }
        } finally {
          gpuSim.dispose();
        }
      });
    },
    60_000,
  );

  test.skipIf(noAdapter)(
    'step() never maps a buffer; stats() maps one, once, however often asked',
    async () => {
      await withValidation(async (device) => {
        const gpuSim = await createGpuSimulation(device, { landscape: bowl, particleCount: 10_000 });
        const original = GPUBuffer.prototype.mapAsync;
        let mapCalls = 0;
        GPUBuffer.prototype.mapAsync = function (
          this: GPUBuffer,
          ...args: Parameters<GPUBuffer['mapAsync']>
        ) {
          mapCalls++;
          return original.apply(this, args);
        };
        try {
          for (let frame = 0; frame < 60; frame++) gpuSim.step(2);
          expect(mapCalls).toBe(0);
          const first = gpuSim.stats();
          const second = gpuSim.stats();
          expect(second).toBe(first);
          const stats = await first;
          expect(mapCalls).toBe(1);
          expect(stats.step).toBe(120);
        } finally {
          GPUBuffer.prototype.mapAsync = original;
          gpuSim.dispose();
        }
      });
    },
  );

  test.skipIf(noAdapter)('owns a ball buffer a renderer can draw, holding the CPU draw data', async () => {
    await withValidation(async (device) => {
      const count = 1000;
      const gpuSim = await createGpuSimulation(device, { landscape: bowl, particleCount: count });
      const drawable = GPUBufferUsage.STORAGE | GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST;
      expect(gpuSim.ballBuffer.usage & drawable).toBe(drawable);
      gpuSim.step(10);
      const cpuSim = createSimulation({ landscape: bowl, particleCount: count });
      cpuSim.step(10);
      const expected = new Float32Array(count * 4);
      cpuSim.writeRenderData(expected);
      const drawn = new Float32Array(await readBuffer(device, gpuSim.ballBuffer, 0, count * 16));
      for (let i = 0; i < count * 4; i++) expect(drawn[i]).toBeCloseTo(expected[i]!, 5);
      gpuSim.dispose();
      gpuSim.dispose();
      expect(() => gpuSim.step(1)).toThrow(/after dispose/);
    });
  });

  test.skipIf(noAdapter)('a landscape whose WGSL does not compile is rejected with the line', async () => {
    await withValidation(async (device) => {
      const broken: Landscape = {
        ...bowl,
        id: 'broken',
        wgsl: 'fn f(x: f32, y: f32) -> f32 {\n  return x * x + y * y;\n}\nfn gradient(x: f32, y: f32) -> vec2f {\n  return vec2f(2.0 * x, oops);\n}\n',
      };
      await expect(createGpuSimulation(device, { landscape: broken, particleCount: 10 })).rejects.toThrow(
        /does not compile:\n.*landscape "broken" WGSL line 5:/,
      );
    });
  });

  test.skipIf(noAdapter)('requestGpu names the adapter and reports a lost device', async () => {
    const lost: GPUDeviceLostInfo[] = [];
    const own = await requestGpu({ onLost: (info) => lost.push(info) });
    own.device.pushErrorScope('validation');
    expect(own.adapterName).toBe(gpu!.adapterName);
    expect(own.adapterName.length).toBeGreaterThan(0);
    expect(own.device.limits.maxStorageBufferBindingSize).toBe(
      own.adapter.limits.maxStorageBufferBindingSize,
    );
    expect(await own.device.popErrorScope()).toBeNull();
    own.device.destroy();
    await own.device.lost;
    expect(lost.map((info) => info.reason)).toEqual(['destroyed']);
  });
});
