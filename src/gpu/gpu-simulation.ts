/**
 * The WebGPU backend: the same simulation as src/core/simulation.ts, run by compute shaders.
 * The balls live on the GPU; `step` only queues dispatches (no readback), the draw buffer is
 * written by the step pass itself, and statistics come back through a small reduction pass.
 *
 * ```ts
 * const { device, adapterName } = await requestGpu();
 * const sim = await createGpuSimulation(device, { landscape: bowl, particleCount: 1 << 20 }, { adapterName });
 * sim.step(100);
 * console.log((await sim.stats()).groups[0]?.meanLoss);
 * ```
 */

import { checkTracked, type SimBackend } from '../backend/backend.ts';
import { landscapeFloor } from '../core/drawn-balls.ts';
import type { Landscape } from '../core/landscape.ts';
import { MODEL_POINTS_BINDING } from '../core/models/model-wgsl.ts';
import {
  configGroups,
  createSimulation,
  isValidLearningRate,
  type SimulationConfig,
  type SimulationSnapshot,
  type SimulationStats,
  settleCriteria,
  TRACKED_FLOATS,
  type TrackedBalls,
} from '../core/simulation.ts';
import { type GroupStats, summariseGroup } from '../core/stats.ts';
import { CONVERGED, DIVERGED } from '../core/status.ts';
import { createBuffers } from './buffers.ts';
import {
  BYTES,
  CALM_SHIFT,
  dispatchSize,
  FLOATS_PER_EXTRA_STATE,
  FLOATS_PER_STATE,
  MAX_PARTIALS_PER_GROUP,
  MAX_STEPS_PER_DISPATCH,
  PARTIAL,
  SAMPLE,
  SAMPLES_PER_GROUP,
  STATE_SLOTS_IN_STATE,
  STATS_PARAMS,
  STATUS_MASK,
  TRACKED,
  WORDS_PER_AUX,
  WORKGROUP_SIZE,
} from './layout.ts';
import { createPipelines } from './pipelines.ts';
import { groupSetup, StepParams } from './step-params.ts';

/** A simulation config whose landscape is an object carrying its `wgsl`. */
export type GpuSimulationConfig = SimulationConfig & { readonly landscape: Landscape };

export interface GpuSimulationOptions {
  /** Adapter name for the label, e.g. `google swiftshader` (see requestGpu). */
  readonly adapterName?: string | undefined;
}

export interface GpuSimulation extends SimBackend {
  readonly kind: 'webgpu';
  /**
   * vec4f per ball (x, y, f(x, y), ballFlags(group, status)), rewritten by every step batch. The
   * simulation owns it (destroyed by `dispose()`); its usage lets a renderer on the same device
   * draw it as a vertex or storage buffer (see render/shared-buffer.ts).
   */
  readonly ballBuffer: GPUBuffer;
}

/** Balls uploaded per writeBuffer by reset() and restore(): bounds their scratch to 1 MiB. */
const UPLOAD_CHUNK_BALLS = 65_536;

/**
 * Creates the GPU simulation of `config` on `device`. Start positions, convergence rules and the
 * diverged balls' drawn height come from a CPU simulation of the same config, so both backends
 * start identically. Rejects with a `webgpu: ...` error when the landscape has no WGSL, a group's
 * optimizer has no GPU kernel, a shader does not compile, or the buffers do not fit the device.
 */
export async function createGpuSimulation(
  device: GPUDevice,
  config: GpuSimulationConfig,
  options: GpuSimulationOptions = {},
): Promise<GpuSimulation> {
  const landscape = config.landscape;
  if (!landscape.wgsl) throw new Error(`webgpu: landscape "${landscape.id}" has no WGSL`);
  // The CPU engine validates the config and places the balls; its float32 start is the GPU's.
  const reference = createSimulation({ ...config, precision: 'float32' });
  const { perGroup, groupCount, particleCount, domain } = reference;
  const groupConfigs = configGroups(config, landscape);
  const groups = groupConfigs.map(groupSetup);
  const learningRates = groupConfigs.map((group) => group.learningRate);
  /** Whether some group keeps state slots 2, 3 (Adam's v): else `extraState` is one entry. */
  const needsExtraState = groups.some((group) => group.stateCount > STATE_SLOTS_IN_STATE);
  const extraEntries = needsExtraState ? particleCount : 1;
  /** Bytes that crossed between GPU buffers and JavaScript, for the HUD and the benchmark. */
  const transfer = { statsBytes: 0, snapshotBytes: 0, uploadBytes: 0 };
  const startX = reference.x;
  const startY = reference.y;

  const { maxStorageBufferBindingSize, maxBufferSize } = device.limits;
  const largest = particleCount * Math.max(BYTES.ball, BYTES.state);
  if (largest > Math.min(maxStorageBufferBindingSize, maxBufferSize)) {
    throw new Error(
      `webgpu: ${particleCount} balls need ${largest}-byte buffers; this device allows ` +
        `${Math.min(maxStorageBufferBindingSize, maxBufferSize)}`,
    );
  }
  const { step: stepPipeline, stats: statsPipeline } = await createPipelines(
    device,
    landscape,
    domain,
    groupConfigs,
    groups,
  );

  const sampleSize = Math.min(perGroup, SAMPLES_PER_GROUP);
  const basinCount = landscape.minima.length;
  const partialsPerGroup = Math.min(MAX_PARTIALS_PER_GROUP, Math.ceil(perGroup / WORKGROUP_SIZE));
  const partialBytes = groupCount * partialsPerGroup * BYTES.partial;
  const sampleBytes = groupCount * sampleSize * BYTES.sample;

  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const buffers = createBuffers(device, { particleCount, extraEntries, partialBytes, sampleBytes });
  // A landscape made from data: its points, which its f and gradient loop over (model-wgsl.ts).
  const points = landscape.modelPoints;
  const pointsBuffer =
    points === undefined
      ? null
      : device.createBuffer({
          label: 'slope model points',
          size: Math.max(8, points.byteLength),
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
        });
  if (pointsBuffer && points) device.queue.writeBuffer(pointsBuffer, 0, points);
  const pointsEntry: GPUBindGroupEntry[] = pointsBuffer
    ? [{ binding: MODEL_POINTS_BINDING, resource: { buffer: pointsBuffer } }]
    : [];

  const stepBindGroup = device.createBindGroup({
    label: 'slope step bind group',
    layout: stepPipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: buffers.stepParams } },
      { binding: 1, resource: { buffer: buffers.state } },
      { binding: 2, resource: { buffer: buffers.aux } },
      { binding: 3, resource: { buffer: buffers.balls, size: particleCount * BYTES.ball } },
      { binding: 4, resource: { buffer: buffers.extraState, size: extraEntries * BYTES.extraState } },
      ...pointsEntry,
    ],
  });
  const statsBindGroup = device.createBindGroup({
    label: 'slope stats bind group',
    layout: statsPipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: buffers.statsParams } },
      { binding: 1, resource: { buffer: buffers.state } },
      { binding: 2, resource: { buffer: buffers.aux } },
      { binding: 3, resource: { buffer: buffers.partials } },
      { binding: 4, resource: { buffer: buffers.samples } },
      { binding: 5, resource: { buffer: buffers.trackedIndices } },
      { binding: 6, resource: { buffer: buffers.tracked } },
      ...pointsEntry,
    ],
  });
  const scopes = [device.popErrorScope(), device.popErrorScope()];
  const setupError = (await Promise.all(scopes)).find((error) => error !== null);
  if (setupError) {
    for (const made of buffers.created) made.destroy();
    pointsBuffer?.destroy();
    throw new Error(`webgpu: setting up ${particleCount} balls failed: ${setupError.message}`);
  }

  // Uniforms that never change, written once; StepParams is rewritten before every dispatch.
  const stepParams = new StepParams(
    {
      count: particleCount,
      perGroup,
      criteria: settleCriteria(landscape, domain),
      floorLoss: landscapeFloor(landscape, domain),
      seed: config.seed ?? 1,
      domain,
    },
    groups,
  );
  const statsWords = new Uint32Array(BYTES.statsParams / 4);
  statsWords[STATS_PARAMS.perGroup] = perGroup;
  statsWords[STATS_PARAMS.sampleSize] = sampleSize;
  statsWords[STATS_PARAMS.partialsPerGroup] = partialsPerGroup;
  statsWords[STATS_PARAMS.trackedCount] = 0;
  device.queue.writeBuffer(buffers.statsParams, 0, statsWords);

  const stepDispatch = dispatchSize(particleCount);
  const stepPassDescriptor: GPUComputePassDescriptor = { label: 'slope step pass' };
  const stepEncoderDescriptor: GPUCommandEncoderDescriptor = { label: 'slope step' };
  const submission: GPUCommandBuffer[] = [];
  const statsScratch = new Float64Array(sampleSize);

  let stepCount = 0;
  let disposed = false;
  let pendingStats: Promise<SimulationStats> | null = null;
  let trackedIndices = new Uint32Array(0);
  /** The tracked balls of the latest stats() readback; null when stale (see SimBackend.tracked). */
  let latestTracked: TrackedBalls | null = null;
  /**
   * Bumped whenever a readback in flight can no longer stand for the current run and indices
   * (setTracked, reset, restore): such a readback then leaves latestTracked alone.
   */
  let trackedGeneration = 0;
  const forgetTracked = (): void => {
    latestTracked = null;
    trackedGeneration++;
  };

  const assertLive = (operation: string): void => {
    if (disposed) throw new Error(`webgpu: ${operation} after dispose()`);
  };

  /** Queues one dispatch of the step pass; steps = 0 only rewrites the draw buffer. */
  const dispatchStep = (steps: number): void => {
    const bytes = stepParams.forDispatch(stepCount, steps, learningRates);
    device.queue.writeBuffer(buffers.stepParams, 0, bytes);
    transfer.uploadBytes += bytes.byteLength;
    const encoder = device.createCommandEncoder(stepEncoderDescriptor);
    const pass = encoder.beginComputePass(stepPassDescriptor);
    pass.setPipeline(stepPipeline);
    pass.setBindGroup(0, stepBindGroup);
    pass.dispatchWorkgroups(stepDispatch.x, stepDispatch.y);
    pass.end();
    submission[0] = encoder.finish();
    device.queue.submit(submission);
  };

  /**
   * Uploads state and aux for every ball, `UPLOAD_CHUNK_BALLS` at a time: the start positions with
   * zero state when `snapshot` is null, else the snapshot's.
   */
  const upload = (snapshot: SimulationSnapshot | null): void => {
    const x = snapshot ? snapshot.x : startX;
    const y = snapshot ? snapshot.y : startY;
    const chunk = Math.min(UPLOAD_CHUNK_BALLS, particleCount);
    const states = new Float32Array(chunk * FLOATS_PER_STATE);
    const extras = new Float32Array(needsExtraState ? chunk * FLOATS_PER_EXTRA_STATE : 0);
    const auxes = new Uint32Array(chunk * WORDS_PER_AUX);
    for (let begin = 0; begin < particleCount; begin += chunk) {
      const count = Math.min(chunk, particleCount - begin);
      for (let j = 0; j < count; j++) {
        const i = begin + j;
        const o = j * FLOATS_PER_STATE;
        const e = j * FLOATS_PER_EXTRA_STATE;
        states[o] = x[i]!;
        states[o + 1] = y[i]!;
        if (snapshot) {
          const group = (i / perGroup) | 0;
          const slots = snapshot.state[group]!;
          const local = i - group * perGroup;
          states[o + 2] = slots[0]?.[local] ?? 0;
          states[o + 3] = slots[1]?.[local] ?? 0;
          if (needsExtraState) {
            extras[e] = slots[2]?.[local] ?? 0;
            extras[e + 1] = slots[3]?.[local] ?? 0;
          }
          auxes[j * WORDS_PER_AUX] = snapshot.status[i]! | (snapshot.calm[i]! << CALM_SHIFT);
          auxes[j * WORDS_PER_AUX + 1] = snapshot.convergedAt[i]!;
        } else {
          states[o + 2] = 0;
          states[o + 3] = 0;
          if (needsExtraState) {
            extras[e] = 0;
            extras[e + 1] = 0;
          }
          auxes[j * WORDS_PER_AUX] = 0;
          auxes[j * WORDS_PER_AUX + 1] = 0;
        }
      }
      device.queue.writeBuffer(buffers.state, begin * BYTES.state, states, 0, count * FLOATS_PER_STATE);
      device.queue.writeBuffer(buffers.aux, begin * BYTES.aux, auxes, 0, count * WORDS_PER_AUX);
      transfer.uploadBytes += count * (BYTES.state + BYTES.aux);
      if (needsExtraState) {
        device.queue.writeBuffer(
          buffers.extraState,
          begin * BYTES.extraState,
          extras,
          0,
          count * FLOATS_PER_EXTRA_STATE,
        );
        transfer.uploadBytes += count * BYTES.extraState;
      }
    }
  };

  const reset = (): void => {
    assertLive('reset()');
    forgetTracked();
    upload(null);
    stepCount = 0;
    dispatchStep(0);
  };

  /** Copies the gathered tracked balls out of the mapped staging range. */
  const unpackTracked = (mapped: ArrayBuffer, step: number, indices: Uint32Array): TrackedBalls => {
    const words = new Uint32Array(mapped, buffers.trackedOffset, (indices.length * BYTES.tracked) / 4);
    const floats = new Float32Array(mapped, buffers.trackedOffset, (indices.length * BYTES.tracked) / 4);
    const values = new Float32Array(indices.length * TRACKED_FLOATS);
    const status = new Uint8Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const o = (k * BYTES.tracked) / 4;
      for (let v = 0; v < TRACKED_FLOATS; v++)
        values[k * TRACKED_FLOATS + v] = floats[o + TRACKED.values + v]!;
      status[k] = words[o + TRACKED.status]!;
    }
    return { step, indices, values, status };
  };

  const readStats = async (): Promise<SimulationStats> => {
    const step = stepCount;
    const indices = trackedIndices;
    const generation = trackedGeneration;
    const trackedBytes = indices.length * BYTES.tracked;
    const readBytes = buffers.trackedOffset + trackedBytes;
    const encoder = device.createCommandEncoder({ label: 'slope stats' });
    const pass = encoder.beginComputePass({ label: 'slope stats pass' });
    pass.setPipeline(statsPipeline);
    pass.setBindGroup(0, statsBindGroup);
    pass.dispatchWorkgroups(partialsPerGroup, groupCount);
    pass.end();
    encoder.copyBufferToBuffer(buffers.partials, 0, buffers.statsStaging, 0, partialBytes);
    encoder.copyBufferToBuffer(buffers.samples, 0, buffers.statsStaging, partialBytes, sampleBytes);
    if (trackedBytes > 0)
      encoder.copyBufferToBuffer(
        buffers.tracked,
        0,
        buffers.statsStaging,
        buffers.trackedOffset,
        trackedBytes,
      );
    device.queue.submit([encoder.finish()]);
    await buffers.statsStaging.mapAsync(GPUMapMode.READ, 0, readBytes);
    transfer.statsBytes += readBytes;
    try {
      const mapped = buffers.statsStaging.getMappedRange(0, readBytes);
      if (generation === trackedGeneration) latestTracked = unpackTracked(mapped, step, indices);
      const partialWords = new Uint32Array(mapped, 0, partialBytes / 4);
      const partialFloats = new Float32Array(mapped, 0, partialBytes / 4);
      const sampleWords = new Uint32Array(mapped, partialBytes, sampleBytes / 4);
      const sampleFloats = new Float32Array(mapped, partialBytes, sampleBytes / 4);
      const groupStats: GroupStats[] = [];
      for (let g = 0; g < groupCount; g++) {
        let lossSum = 0;
        let kept = 0;
        let converged = 0;
        let diverged = 0;
        const basinCounts = new Array<number>(basinCount).fill(0);
        for (let p = 0; p < partialsPerGroup; p++) {
          const o = (g * partialsPerGroup + p) * (BYTES.partial / 4);
          lossSum += partialFloats[o + PARTIAL.lossSum]!;
          kept += partialWords[o + PARTIAL.kept]!;
          converged += partialWords[o + PARTIAL.converged]!;
          diverged += partialWords[o + PARTIAL.diverged]!;
          for (let b = 0; b < basinCount; b++)
            basinCounts[b] = basinCounts[b]! + partialWords[o + PARTIAL.basins + b]!;
        }
        let keptSamples = 0;
        for (let k = 0; k < sampleSize; k++) {
          const o = (g * sampleSize + k) * (BYTES.sample / 4);
          const loss = sampleFloats[o + SAMPLE.loss]!;
          if (sampleWords[o + SAMPLE.status] !== DIVERGED && Number.isFinite(loss))
            statsScratch[keptSamples++] = loss;
        }
        // The loss quantiles and the steps to converge come from the sample (exact up to 2,048
        // balls a group); the sums and counts from every ball.
        const tally = { count: perGroup, lossSum, kept, converged, diverged, basinCounts };
        groupStats.push(
          summariseGroup(tally, statsScratch, keptSamples, (steps) => {
            let convergedSamples = 0;
            for (let k = 0; k < sampleSize; k++) {
              const o = (g * sampleSize + k) * (BYTES.sample / 4);
              if (sampleWords[o + SAMPLE.status] === CONVERGED)
                steps[convergedSamples++] = sampleWords[o + SAMPLE.convergedAt]!;
            }
            return convergedSamples;
          }),
        );
      }
      return { step, groups: groupStats };
    } finally {
      buffers.statsStaging.unmap();
    }
  };

  const readSnapshot = async (): Promise<SimulationSnapshot> => {
    const step = stepCount;
    const rates = learningRates.slice();
    const stateBytes = particleCount * BYTES.state;
    const auxBytes = particleCount * BYTES.aux;
    const extraBytes = needsExtraState ? particleCount * BYTES.extraState : 0;
    const staging = device.createBuffer({
      label: 'slope snapshot staging',
      size: stateBytes + auxBytes + extraBytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      const encoder = device.createCommandEncoder({ label: 'slope snapshot' });
      encoder.copyBufferToBuffer(buffers.state, 0, staging, 0, stateBytes);
      encoder.copyBufferToBuffer(buffers.aux, 0, staging, stateBytes, auxBytes);
      if (needsExtraState) {
        encoder.copyBufferToBuffer(buffers.extraState, 0, staging, stateBytes + auxBytes, extraBytes);
      }
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      transfer.snapshotBytes += stateBytes + auxBytes + extraBytes;
      const mapped = staging.getMappedRange();
      const states = new Float32Array(mapped, 0, stateBytes / 4);
      const auxes = new Uint32Array(mapped, stateBytes, auxBytes / 4);
      const extras = new Float32Array(mapped, stateBytes + auxBytes, extraBytes / 4);
      const x = new Float32Array(particleCount);
      const y = new Float32Array(particleCount);
      const status = new Uint8Array(particleCount);
      const calm = new Uint8Array(particleCount);
      const convergedAt = new Uint32Array(particleCount);
      for (let i = 0; i < particleCount; i++) {
        x[i] = states[i * FLOATS_PER_STATE]!;
        y[i] = states[i * FLOATS_PER_STATE + 1]!;
        const word = auxes[i * WORDS_PER_AUX]!;
        status[i] = word & STATUS_MASK;
        calm[i] = word >>> CALM_SHIFT;
        convergedAt[i] = auxes[i * WORDS_PER_AUX + 1]!;
      }
      const state = groups.map((group, g) =>
        Array.from({ length: group.stateCount }, (_, slot) => {
          const values = new Float32Array(perGroup);
          const first = g * perGroup;
          if (slot < STATE_SLOTS_IN_STATE) {
            for (let j = 0; j < perGroup; j++) values[j] = states[(first + j) * FLOATS_PER_STATE + 2 + slot]!;
          } else {
            const e = slot - STATE_SLOTS_IN_STATE;
            for (let j = 0; j < perGroup; j++) values[j] = extras[(first + j) * FLOATS_PER_EXTRA_STATE + e]!;
          }
          return values;
        }),
      );
      return { stepCount: step, x, y, status, calm, convergedAt, state, learningRates: rates };
    } finally {
      staging.destroy();
    }
  };

  const simulation: GpuSimulation = {
    kind: 'webgpu',
    transfer,
    label: options.adapterName ? `WebGPU · ${options.adapterName}` : 'WebGPU',
    landscape,
    domain,
    particleCount,
    perGroup,
    groupCount,
    ballBuffer: buffers.balls,
    get stepCount() {
      return stepCount;
    },
    step(steps) {
      assertLive('step()');
      if (!(Number.isInteger(steps) && steps >= 0))
        throw new RangeError(`step(${steps}): need a whole number >= 0`);
      for (let left = steps; left > 0; ) {
        const batch = Math.min(left, MAX_STEPS_PER_DISPATCH);
        dispatchStep(batch);
        stepCount += batch;
        left -= batch;
      }
    },
    stats() {
      assertLive('stats()');
      // One readback at a time: a caller asking again before the GPU answered gets the same answer.
      pendingStats ??= readStats().finally(() => {
        pendingStats = null;
      });
      return pendingStats;
    },
    snapshot() {
      assertLive('snapshot()');
      return readSnapshot();
    },
    restore(snapshot) {
      assertLive('restore()');
      if (snapshot.x.length !== particleCount || snapshot.state.length !== groupCount) {
        throw new RangeError('restore: the snapshot is of a simulation with another size');
      }
      snapshot.learningRates.forEach((rate, g) => {
        if (!isValidLearningRate(rate)) throw new RangeError(`restore: bad rate ${rate} for group ${g}`);
      });
      forgetTracked();
      upload(snapshot);
      snapshot.learningRates.forEach((rate, g) => {
        learningRates[g] = rate;
      });
      stepCount = snapshot.stepCount;
      dispatchStep(0);
    },
    setLearningRate(group, learningRate) {
      if (group < 0 || group >= groupCount || !Number.isInteger(group))
        throw new RangeError(`setLearningRate: no group ${group}`);
      if (!isValidLearningRate(learningRate))
        throw new RangeError(`setLearningRate: bad rate ${learningRate}`);
      learningRates[group] = learningRate;
    },
    setTracked(indices) {
      assertLive('setTracked()');
      checkTracked(indices, particleCount);
      trackedIndices = indices.slice();
      if (trackedIndices.length > 0) device.queue.writeBuffer(buffers.trackedIndices, 0, trackedIndices);
      statsWords[STATS_PARAMS.trackedCount] = trackedIndices.length;
      device.queue.writeBuffer(buffers.statsParams, 0, statsWords);
      transfer.uploadBytes += trackedIndices.byteLength + statsWords.byteLength;
      forgetTracked();
    },
    tracked() {
      if (!latestTracked) return null;
      // A copy per call: the caller may transfer the arrays to another thread.
      const { step, indices, values, status } = latestTracked;
      return { step, indices: indices.slice(), values: values.slice(), status: status.slice() };
    },
    reset,
    dispose() {
      if (disposed) return;
      disposed = true;
      // A pending stats readback rejects when its staging buffer goes (mapAsync aborts).
      for (const made of buffers.created) made.destroy();
      pointsBuffer?.destroy();
    },
  };
  reset();
  return simulation;
}
