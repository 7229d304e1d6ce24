/**
 * The GPU simulation's two compute pipelines: the step pass (the landscape, the optimizers its
 * groups use, the known minima, the noise and the schedules) and the stats pass, each compiled
 * from its parts (wgsl-sources.ts) with only the branches the run needs.
 */
import noiseSource from '../../shaders/noise.wgsl?raw';
import statsSource from '../../shaders/stats.wgsl?raw';
import stepSource from '../../shaders/step.wgsl?raw';
import type { Domain, Landscape } from '../core/landscape.ts';
import { stepGradientWgsl } from '../core/models/model-wgsl.ts';
import type { ScheduleKind } from '../core/schedule.ts';
import type { GroupConfig } from '../core/simulation.ts';
import { turnSinCosWgsl } from '../core/turn-trig.ts';
import { SHADER_CONSTANTS } from './layout.ts';
import { optimizerWgsl } from './optimizer-wgsl.ts';
import type { GroupSetup } from './step-params.ts';
import { compileModule, cosineFactorWgsl, knownMinimaWgsl, nearestMinimumWgsl } from './wgsl-sources.ts';

export async function createPipelines(
  device: GPUDevice,
  landscape: Landscape,
  domain: Domain,
  groupConfigs: readonly GroupConfig[],
  groups: readonly GroupSetup[],
): Promise<{ readonly step: GPUComputePipeline; readonly stats: GPUComputePipeline }> {
  const usesSchedule = (kind: ScheduleKind): number =>
    groups.some((group) => group.schedule?.kind === kind) ? 1 : 0;
  const [stepModule, statsModule] = await Promise.all([
    compileModule(device, 'step', landscape, [
      { name: 'shaders/step.wgsl', code: stepSource },
      {
        name: 'optimizers (generated)',
        code: optimizerWgsl(groupConfigs.map((group) => group.optimizer)),
      },
      { name: 'known minima (generated)', code: knownMinimaWgsl(landscape) },
      { name: 'shaders/noise.wgsl', code: noiseSource },
      { name: 'turn sin and cos (generated)', code: turnSinCosWgsl('slopeSinCosTurn') },
      { name: 'cosine schedule (generated)', code: cosineFactorWgsl() },
      {
        name: 'the gradient a ball follows (generated)',
        code: stepGradientWgsl(
          groupConfigs.map((group) => group.batch ?? 0),
          landscape.modelPoints ? landscape.dimensions : null,
        ),
      },
    ]),
    compileModule(device, 'stats', landscape, [
      { name: 'shaders/stats.wgsl', code: statsSource },
      { name: 'nearest minimum (generated)', code: nearestMinimumWgsl(landscape, domain) },
    ]),
  ]);
  // Only the noise and schedules in use are compiled into the step pass (see USES_* in common.wgsl).
  const stepConstants = {
    ...SHADER_CONSTANTS,
    USES_NOISE: groups.some((group) => group.noise !== 0) ? 1 : 0,
    USES_STEP_DECAY: usesSchedule('step'),
    USES_COSINE: usesSchedule('cosine'),
    USES_WARMUP: usesSchedule('warmup'),
  };
  const pipeline = (
    pass: string,
    module: GPUShaderModule,
    entryPoint: string,
    constants: Record<string, number>,
  ) =>
    device
      .createComputePipelineAsync({
        label: `slope ${pass} pipeline (${landscape.id})`,
        layout: 'auto',
        compute: { module, entryPoint, constants },
      })
      .catch((error: unknown) => {
        throw new Error(`webgpu: the ${pass} pipeline for "${landscape.id}" failed: ${String(error)}`);
      });
  const [stepPipeline, statsPipeline] = await Promise.all([
    pipeline('step', stepModule, 'advance', stepConstants),
    pipeline('stats', statsModule, 'reduce', { ...SHADER_CONSTANTS }),
  ]);
  return { step: stepPipeline, stats: statsPipeline };
}
