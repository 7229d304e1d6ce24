/**
 * Runs in headless Chromium (served by bench/gpu.ts): the WebGPU backend against the CPU engine in
 * the same page, then the whole worker runtime drawing a million balls, counting every byte that
 * GPU buffers hand back to JavaScript. Results land on `window.benchResult`.
 */
import * as Comlink from 'comlink';
import { compileSafely, expressionLandscape } from '../src/core/custom-landscape.ts';
import { findPreset, presetExpression } from '../src/core/landscapes/index.ts';
import { OPTIMIZERS } from '../src/core/optimizers/index.ts';
import { createSimulation, type GroupConfig } from '../src/core/simulation.ts';
import type { Report, SimWorkerApi } from '../src/engine/protocol.ts';
import { requestGpu } from '../src/gpu/device.ts';
import { createGpuSimulation } from '../src/gpu/gpu-simulation.ts';
import { TYPICAL_FORMULA, typedLandscape } from './expr-cpu.ts';

export interface ComputeRow {
  landscape: string;
  optimizer: string;
  gpu: number;
  cpu: number;
}

/** What a typed formula costs before its first step on the GPU, medians in ms. */
export interface GpuCompileTimes {
  formula: string;
  /** compileExpression: parse, differentiate, JavaScript and WGSL code. */
  compileMs: number;
  /** expressionLandscape: the minima search and the suggested rate. */
  landscapeMs: number;
  /** createGpuSimulation at 1,024 balls: shader modules and both compute pipelines, mostly. */
  gpuMs: number;
  /** The same for a preset the page has not compiled before: what any landscape costs here. */
  presetGpuMs: number;
}

/**
 * A model's loss over data on both backends at the same ball count, point-evaluations (balls x
 * timed steps x points per step) per second.
 */
export interface ModelRow {
  label: string;
  /** Balls on each backend (the same on both). */
  balls: number;
  /** Points per step of each ball: the data's size, or the batch. */
  pointsPerStep: number;
  /** Steps timed on each backend, after one warm-up step. */
  steps: number;
  gpu: number;
  cpu: number;
}

export interface GpuBenchResult {
  adapter: string;
  particleCount: number;
  compute: ComputeRow[];
  models: ModelRow[];
  /** Wall time of the whole model part (both rows, both backends, set-up and warm-up included). */
  modelsMs: number;
  typedVsPreset: TypedVsPresetGpu;
  compile: GpuCompileTimes;
  page: {
    /** Steps per second asked for. */
    speed: number;
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

/** Points in the models' data set (issue 14's bench: 1,000). */
const MODEL_POINTS = 1000;

/**
 * y = w·x + b on MODEL_POINTS points of noisy line, full batch and mini-batches of 8, both
 * backends at the bench's ball count (issue 14: 1,048,576 balls x 1,000 points): the GPU, then
 * the CPU engine (JavaScript: a model has no WebAssembly frame yet), each as point-evaluations per
 * second. Full batch is about 1e9 point-evaluations a step at a million balls, seconds a step on
 * SwiftShader and in JavaScript: one warm-up step and 2 timed steps; a mini-batch step is cheap,
 * 20 timed. A rate small enough that few balls settle.
 */
async function modelRows(): Promise<ModelRow[]> {
  const gpu = await requestGpu();
  const rows: ModelRow[] = [];
  const data = { model: 'line', data: 'linear', points: MODEL_POINTS } as const;
  for (const batch of [0, 8]) {
    const groups = [{ optimizer: 'gd', learningRate: 1e-4, batch }];
    const reference = createSimulation({ landscape: data, particleCount: 16, seed: 1 });
    const landscape = reference.landscape;
    const pointsPerStep = batch === 0 ? MODEL_POINTS : batch;
    const steps = batch === 0 ? 2 : 20;
    const config = { landscape, particleCount, seed: 1, groups };
    const gpuSim = await createGpuSimulation(gpu.device, config, { adapterName: gpu.adapterName });
    gpuSim.step(1);
    await gpu.device.queue.onSubmittedWorkDone();
    let begin = performance.now();
    gpuSim.step(steps);
    await gpu.device.queue.onSubmittedWorkDone();
    const gpuRate = (steps * particleCount * pointsPerStep) / ((performance.now() - begin) / 1000);
    gpuSim.dispose();
    const cpuSim = createSimulation(config);
    cpuSim.step(1);
    begin = performance.now();
    cpuSim.step(steps);
    const cpuRate = (steps * particleCount * pointsPerStep) / ((performance.now() - begin) / 1000);
    rows.push({
      label: batch === 0 ? 'line, full batch' : `line, batch=${batch}`,
      balls: particleCount,
      pointsPerStep,
      steps,
      gpu: gpuRate,
      cpu: cpuRate,
    });
  }
  gpu.device.destroy();
  return rows;
}

/** Particle-steps per second of Rosenbrock typed and of the preset, gd, on the GPU. */
export interface TypedVsPresetGpu {
  typed: number;
  preset: number;
}

/**
 * Rosenbrock typed as a formula against the preset, the same run (gradient descent at a hundredth
 * of the preset's rate, so that few balls settle), in alternating rounds: a machine that slows
 * down meanwhile slows both alike.
 */
async function typedVsPreset(rounds: number): Promise<TypedVsPresetGpu> {
  const gpu = await requestGpu();
  const preset = findPreset('rosenbrock')!;
  const typed = typedLandscape(presetExpression('rosenbrock'), preset);
  const groups = [{ optimizer: 'gd', learningRate: preset.learningRate / 100 }];
  const sims = await Promise.all(
    [typed, preset].map((landscape) =>
      createGpuSimulation(
        gpu.device,
        { landscape, particleCount, seed: 1, groups },
        { adapterName: gpu.adapterName },
      ),
    ),
  );
  const rates: [number[], number[]] = [[], []];
  const steps = 50;
  // Round 0 warms both up and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const [k, sim] of sims.entries()) {
      sim.reset();
      await gpu.device.queue.onSubmittedWorkDone();
      const begin = performance.now();
      sim.step(steps);
      await gpu.device.queue.onSubmittedWorkDone();
      if (round > 0) rates[k]!.push((steps * particleCount) / ((performance.now() - begin) / 1000));
    }
  }
  for (const sim of sims) sim.dispose();
  gpu.device.destroy();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  return { typed: median(rates[0]), preset: median(rates[1]) };
}

/**
 * Compile times of a typical formula, each round a variant with a fresh constant so that no
 * cache (the browser keeps compiled pipelines) answers for it.
 */
async function compileTimes(rounds: number): Promise<GpuCompileTimes> {
  const gpu = await requestGpu();
  const compile: number[] = [];
  const landscape: number[] = [];
  const pipelines: number[] = [];
  const presetPipelines: number[] = [];
  // Presets computeRows did not compile: each one's first simulation compiles its shaders.
  const fresh = [
    'bowl',
    'ravine',
    'saddle',
    'himmelblau',
    'ackley',
    'beale',
    'booth',
    'sixhump',
    'styblinski',
  ];
  for (let round = 0; round < rounds; round++) {
    const preset = findPreset(fresh[round % fresh.length]!)!;
    const presetBegin = performance.now();
    const presetSim = await createGpuSimulation(gpu.device, {
      landscape: preset,
      particleCount: 1024,
      seed: 1,
    });
    presetPipelines.push(performance.now() - presetBegin);
    presetSim.dispose();

    const text = `${TYPICAL_FORMULA}+${round + 1}e-9*x`;
    const begin = performance.now();
    const compiled = compileSafely(text);
    const compiledAt = performance.now();
    if (!compiled.ok) throw new Error(`bench: ${text}: ${compiled.error.message}`);
    const typed = expressionLandscape(compiled.expression);
    const builtAt = performance.now();
    const sim = await createGpuSimulation(gpu.device, { landscape: typed, particleCount: 1024, seed: 1 });
    const readyAt = performance.now();
    sim.dispose();
    compile.push(compiledAt - begin);
    landscape.push(builtAt - compiledAt);
    pipelines.push(readyAt - builtAt);
  }
  gpu.device.destroy();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  return {
    formula: TYPICAL_FORMULA,
    compileMs: median(compile),
    landscapeMs: median(landscape),
    gpuMs: median(pipelines),
    presetGpuMs: median(presetPipelines),
  };
}

/** The app's own worker at `particleCount` balls on the GPU path, drawing for `seconds`. */
/** Steps per second in the whole-app run (what `speed=600` asks: 10 steps a frame at 60 fps). */
const PAGE_SPEED = 600;

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
        speed: PAGE_SPEED,
        paused: false,
        backend: 'webgpu',
      },
      [offscreen],
    ),
    Comlink.proxy((report: Report) => {
      last = report;
    }),
  );
  // The window opens once the run moves: a million balls take seconds to show on SwiftShader, and
  // a new run's balls then hold still a moment (FIRST_LOOK_MS) before they step.
  const moving = performance.now() + 60_000;
  while (((last as Report | null)?.step ?? 0) === 0 && performance.now() < moving) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const samples: Report[] = [];
  for (let i = 0; i < seconds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (last) samples.push(last);
  }
  worker.terminate();
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const fps = mean(samples.map((report) => report.fps));
  return {
    speed: PAGE_SPEED,
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
  const modelsBegin = performance.now();
  const models = await modelRows();
  const modelsMs = performance.now() - modelsBegin;
  const typed = await typedVsPreset(7);
  const compile = await compileTimes(7);
  const page = await pageRun(8);
  return { adapter, particleCount, compute: rows, models, modelsMs, typedVsPreset: typed, compile, page };
}

run()
  .then((result) => {
    (window as unknown as { benchResult: GpuBenchResult }).benchResult = result;
    document.querySelector('#out')!.textContent = JSON.stringify(result, null, 2);
  })
  .catch((error: unknown) => {
    (window as unknown as { benchResult: Partial<GpuBenchResult> }).benchResult = { error: String(error) };
  });
