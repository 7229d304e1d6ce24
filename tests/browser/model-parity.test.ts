/**
 * Models learning from data on the WebGPU backend against the CPU engine (issue 14): the GPU's f
 * and gradient loop over the data in a storage buffer (src/core/models/model-wgsl.ts), the CPU's
 * over the same points in float64. Every named model and a typed one, full batch, 2,048 balls,
 * 100 steps at the landscape's rate; then mini-batches of 8, drawn from the same hash on both; the
 * same comparison as expr-parity.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { resolveData } from '../../src/core/data/resolve.ts';
import type { Landscape } from '../../src/core/landscape.ts';
import type { Model } from '../../src/core/models/define.ts';
import { MODELS } from '../../src/core/models/index.ts';
import { dataLandscape, modelLandscape } from '../../src/core/models/model-landscape.ts';
import { compileModel } from '../../src/core/models/typed-model.ts';
import { createSimulation, type SimulationSnapshot } from '../../src/core/simulation.ts';
import { ACTIVE, CONVERGED } from '../../src/core/status.ts';
import { createGpuSimulation } from '../../src/gpu/gpu-simulation.ts';
import { openTestGpu } from './test-gpu.ts';

const { noAdapter, withValidation } = await openTestGpu('model-parity');

const typed = compileModel('w*x^2 + b');
if (!typed.ok) throw new Error('typed model');

const CASES: readonly [Model, string][] = [
  [MODELS[0]!, 'chapter'],
  [MODELS[1]!, 'linear'],
  [MODELS[1]!, 'far'],
  [MODELS[2]!, 'classes'],
  [MODELS[2]!, 'separable'],
  [MODELS[3]!, 'wave'],
  [typed.model, 'linear'],
];

function landscapeOf(model: Model, dataId: string): Landscape {
  const data = resolveData({ data: dataId, seed: 3 });
  if (!data.ok) throw new Error(dataId);
  return dataLandscape(modelLandscape(model, data.data));
}

/** Worst and 99th-percentile distance (share of the span) over balls both runs left in step. */
function compare(landscape: Landscape, gpu: SimulationSnapshot, cpu: SimulationSnapshot) {
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const span = Math.max(xMax - xMin, yMax - yMin);
  const deviations: number[] = [];
  let statusAgree = 0;
  for (let i = 0; i < cpu.x.length; i++) {
    if (gpu.status[i] !== cpu.status[i]) continue;
    statusAgree++;
    const same =
      gpu.status[i] === ACTIVE || (gpu.status[i] === CONVERGED && gpu.convergedAt[i] === cpu.convergedAt[i]);
    if (same)
      deviations.push(Math.max(Math.abs(gpu.x[i]! - cpu.x[i]!), Math.abs(gpu.y[i]! - cpu.y[i]!)) / span);
  }
  deviations.sort((a, b) => a - b);
  return {
    statusShare: statusAgree / cpu.x.length,
    p99: deviations[Math.floor(0.99 * deviations.length)] ?? 0,
    compared: deviations.length,
  };
}

describe('models on the GPU run as on the CPU (2,048 balls, 100 steps, full batch)', () => {
  for (const [model, dataId] of CASES) {
    const name = `${model.id} on ${dataId}`;
    test.skipIf(noAdapter)(name, async () => {
      const landscape = landscapeOf(model, dataId);
      const config = {
        landscape,
        particleCount: 2048,
        seed: 7,
        groups: [{ optimizer: 'gd', learningRate: landscape.learningRate }],
      };
      await withValidation(async (device) => {
        const gpuSim = await createGpuSimulation(device, config);
        const cpuSim = createSimulation({ ...config, precision: 'float32' });
        try {
          gpuSim.step(100);
          cpuSim.step(100);
          const result = compare(landscape, await gpuSim.snapshot(), cpuSim.snapshot());
          console.info(
            `${name}: rate ${landscape.learningRate}, p99 ${result.p99.toExponential(2)} of the span over ${result.compared} balls, statuses agree ${(100 * result.statusShare).toFixed(1)}%`,
          );
          expect(result.statusShare).toBeGreaterThanOrEqual(0.99);
          // float32 sums over the points on the GPU, float64 on the CPU.
          expect(result.p99).toBeLessThan(1e-4);
          const stats = await gpuSim.stats();
          expect(Number.isFinite(stats.groups[0]!.meanLoss ?? 0)).toBe(true);
        } finally {
          gpuSim.dispose();
        }
      });
    });
  }

  for (const [model, dataId] of [CASES[1]!, CASES[5]!, CASES[0]!]) {
    const name = `${model.id} on ${dataId}, mini-batches of 8 (and a full-batch group beside them)`;
    test.skipIf(noAdapter)(name, async () => {
      const landscape = landscapeOf(model, dataId);
      const rate = landscape.learningRate;
      const config = {
        landscape,
        particleCount: 2048,
        seed: 11,
        groups: [
          { optimizer: 'gd', learningRate: rate, batch: 8 },
          { optimizer: 'gd', learningRate: rate },
        ],
      };
      await withValidation(async (device) => {
        const gpuSim = await createGpuSimulation(device, config);
        const cpuSim = createSimulation({ ...config, precision: 'float32' });
        try {
          gpuSim.step(60);
          cpuSim.step(60);
          const gpu = await gpuSim.snapshot();
          const cpu = cpuSim.snapshot();
          const result = compare(landscape, gpu, cpu);
          console.info(
            `${name}: p99 ${result.p99.toExponential(2)} of the span over ${result.compared} balls, statuses agree ${(100 * result.statusShare).toFixed(1)}%`,
          );
          expect(result.statusShare).toBeGreaterThanOrEqual(0.99);
          expect(result.p99).toBeLessThan(1e-4);
          // The batches did something: the two groups (same starts) are apart.
          const half = cpu.x.length / 2;
          let apart = 0;
          for (let i = 0; i < half; i++) if (Math.abs(gpu.x[i]! - gpu.x[half + i]!) > 1e-6) apart++;
          expect(apart / half).toBeGreaterThan(0.5);
        } finally {
          gpuSim.dispose();
        }
      });
    });
  }
});
