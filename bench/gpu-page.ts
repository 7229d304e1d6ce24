/**
 * Runs in headless Chromium (served by bench/gpu.ts): the WebGPU backend against the CPU engine in
 * the same page, then the whole worker runtime drawing a million balls, counting every byte that
 * GPU buffers hand back to JavaScript. Results land on `window.benchResult`.
 */
import * as Comlink from 'comlink';
import { findPreset } from '../src/core/landscapes/index.ts';
import { OPTIMIZERS } from '../src/core/optimizers.ts';
import { createSimulation, type GroupConfig } from '../src/core/simulation.ts';
import type { Report, SimWorkerApi } from '../src/engine/protocol.ts';
import { requestGpu } from '../src/gpu/device.ts';
import { createGpuSimulation } from '../src/gpu/gpu-simulation.ts';

export interface ComputeRow {
  landscape: string;
  optimizer: string;
  gpu: number;
  cpu: number;
}

export interface GpuBenchResult {
  adapter: string;
  particleCount: number;
  compute: ComputeRow[];
  page: {
    fps: number;
    frameMs: number;
    particleStepsPerSecond: number;
    seconds: number;
    backend: string;
    statsBytesPerSecond: number;
    snapshotBytesPerSecond: number;
    uploadBytesPerSecond: number;
  };
  error?: string;
}

const particleCount = Number(new URLSearchParams(location.search).get('n') ?? 1_048_576);

/**
 * Every optimizer on two landscapes, then gradient descent with gradient noise and with a cosine
 * schedule (what each costs on top of a plain step). A rate small enough that few balls settle:
 * a settled ball costs nothing on either side.
 */
function computeCases(): { id: string; label: string; group: GroupConfig }[] {
  const cases: { id: string; label: string; group: GroupConfig }[] = [];
  for (const id of ['rosenbrock', 'rastrigin']) {
    const learningRate = findPreset(id)!.learningRate / 100;
    for (const optimizer of OPTIMIZERS.map((entry) => entry.id)) {
      cases.push({ id, label: optimizer, group: { optimizer, learningRate } });
    }
  }
  const learningRate = findPreset('rosenbrock')!.learningRate / 100;
  cases.push(
    { id: 'rosenbrock', label: 'gd + noise', group: { optimizer: 'gd', learningRate, noise: 0.1 } },
    {
      id: 'rosenbrock',
      label: 'gd + cosine',
      group: { optimizer: 'gd', learningRate, schedule: { kind: 'cosine', period: 100_000 } },
    },
  );
  return cases;
}

async function computeRows(): Promise<{ adapter: string; rows: ComputeRow[] }> {
  const gpu = await requestGpu();
  const rows: ComputeRow[] = [];
  for (const { id, label, group } of computeCases()) {
    const landscape = findPreset(id)!;
    const config = { landscape, particleCount, seed: 1, groups: [group] };
    const gpuSim = await createGpuSimulation(gpu.device, config, { adapterName: gpu.adapterName });
    gpuSim.step(10);
    await gpu.device.queue.onSubmittedWorkDone();
    const gpuSteps = 100;
    let begin = performance.now();
    gpuSim.step(gpuSteps);
    await gpu.device.queue.onSubmittedWorkDone();
    const gpuRate = (gpuSteps * particleCount) / ((performance.now() - begin) / 1000);
    gpuSim.dispose();

    const cpuSim = createSimulation(config);
    cpuSim.step(2);
    const cpuSteps = 20;
    begin = performance.now();
    cpuSim.step(cpuSteps);
    const cpuRate = (cpuSteps * particleCount) / ((performance.now() - begin) / 1000);
    rows.push({ landscape: id, optimizer: label, gpu: gpuRate, cpu: cpuRate });
  }
  gpu.device.destroy();
  return { adapter: gpu.adapterName, rows };
}

/** The app's own worker at `particleCount` balls on the GPU path, drawing for `seconds`. */
async function pageRun(seconds: number): Promise<GpuBenchResult['page']> {
  const worker = new Worker(new URL('../workers/sim.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<SimWorkerApi>(worker);
  const canvas = document.querySelector<HTMLCanvasElement>('#view')!;
  const offscreen = canvas.transferControlToOffscreen();
  let last: Report | null = null;
  await api.init(
    Comlink.transfer(
      {
        canvas: offscreen,
        size: { width: 1280, height: 800, pixelRatio: 1 },
        config: { landscape: 'rastrigin', particleCount, seed: 1 },
        speed: 10,
        paused: false,
        backend: 'webgpu',
      },
      [offscreen],
    ),
    Comlink.proxy((report: Report) => {
      last = report;
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const samples: Report[] = [];
  for (let i = 0; i < seconds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (last) samples.push(last);
  }
  worker.terminate();
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const fps = mean(samples.map((report) => report.fps));
  return {
    fps,
    frameMs: 1000 / Math.max(fps, 1e-9),
    particleStepsPerSecond: mean(samples.map((report) => report.particleStepsPerSecond)),
    seconds,
    backend: samples.at(-1)?.backendLabel ?? '?',
    statsBytesPerSecond: mean(samples.map((report) => report.transfer?.statsBytesPerSecond ?? 0)),
    snapshotBytesPerSecond: mean(samples.map((report) => report.transfer?.snapshotBytesPerSecond ?? 0)),
    uploadBytesPerSecond: mean(samples.map((report) => report.transfer?.uploadBytesPerSecond ?? 0)),
  };
}

async function run(): Promise<GpuBenchResult> {
  const { adapter, rows } = await computeRows();
  const page = await pageRun(8);
  return { adapter, particleCount, compute: rows, page };
}

run()
  .then((result) => {
    (window as unknown as { benchResult: GpuBenchResult }).benchResult = result;
    document.querySelector('#out')!.textContent = JSON.stringify(result, null, 2);
  })
  .catch((error: unknown) => {
    (window as unknown as { benchResult: Partial<GpuBenchResult> }).benchResult = { error: String(error) };
  });
