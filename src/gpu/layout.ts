/**
 * Every byte count and offset the GPU backend uses: the structs' from their tables in structs.ts
 * (which also print their WGSL), the buffers' per-ball entries as listed in shaders/common.wgsl. The limits and codes the
 * shaders share with the core (groups, minima, statuses, the flags' and aux words' packing) are
 * not written in the WGSL: they go in as override constants or as generated `const`s
 * (`wgslConstants`), from their one definition in src/core.
 */

import { MAX_GROUPS } from '../core/group-limit.ts';
import type { ScheduleKind } from '../core/schedule.ts';
import { MAX_BASINS } from '../core/stats.ts';
import { ACTIVE, CONVERGED, DIVERGED, SETTLE_STEPS } from '../core/status.ts';
import {
  GROUP_PARAMS_STRUCT,
  STATS_PARAMS_STRUCT,
  STATS_PARTIAL_STRUCT,
  STATS_SAMPLE_STRUCT,
  STEP_PARAMS_STRUCT,
  structLayout,
  structsWgsl,
  TRACKED_BALL_STRUCT,
  wordOffsets,
} from './structs.ts';

/**
 * Invocations per workgroup of both passes, passed to the shaders as the `WORKGROUP_SIZE`
 * override. 64 fills a wave on every vendor; the stats pass's tree reduction needs a power of two.
 */
export const WORKGROUP_SIZE = 64;

/** WebGPU's guaranteed maximum workgroups per dispatch dimension; larger dispatches go 2D. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65_535;

/**
 * Most steps one dispatch of the step pass advances; `step(n)` splits larger n into several
 * submits. An OS resets a GPU whose work runs longer than about two seconds: 4M balls x 1000
 * steps is ~4e9 particle-steps, under a second even on an integrated GPU.
 */
export const MAX_STEPS_PER_DISPATCH = 1000;

/** Balls sampled per group for the medians: enough for a median within ~3% of the spread. */
export const SAMPLES_PER_GROUP = 2048;

/** Most stats workgroups per group: their partials are what stats() reads back (a few KB). */
export const MAX_PARTIALS_PER_GROUP = 64;

/** GPU codes of the learning-rate schedules (`GroupParams.schedule`); constant is 0. */
export const GPU_SCHEDULES: Readonly<Record<ScheduleKind, number>> = {
  constant: 0,
  step: 1,
  cosine: 2,
  warmup: 3,
};

/**
 * Optimizer state floats a ball can hold: 2 in `state` (z, w), 2 more in `extraState` (x, y).
 * Slot k of an optimizer's `stateNames` is state[2 + k] for k < 2, extraState[k - 2] after.
 */
export const STATE_SLOTS = 4;
export const STATE_SLOTS_IN_STATE = 2;

/** Values of the pipeline-overridable constants declared in common.wgsl. */
export const SHADER_CONSTANTS: Readonly<Record<string, number>> = {
  WORKGROUP_SIZE,
  STATUS_ACTIVE: ACTIVE,
  STATUS_CONVERGED: CONVERGED,
  STATUS_DIVERGED: DIVERGED,
  SETTLE_STEPS,
  CALM_SHIFT: 8,
  STATUS_MASK: 0xff,
  SCHEDULE_STEP: GPU_SCHEDULES.step,
  SCHEDULE_COSINE: GPU_SCHEDULES.cosine,
  SCHEDULE_WARMUP: GPU_SCHEDULES.warmup,
};

/**
 * WGSL declarations put before common.wgsl: the limits the shaders loop over (a constant, which an
 * override cannot be where it sizes an array) and the shared structs (structs.ts).
 */
export function wgslDeclarations(): string {
  return [
    `const PARAMS_MAX_GROUPS: u32 = ${MAX_GROUPS}u;`,
    `const STATS_MAX_BASINS: u32 = ${MAX_BASINS}u;`,
    structsWgsl(),
  ].join('\n');
}

const stepParams = structLayout(STEP_PARAMS_STRUCT);
const groupParams = structLayout(GROUP_PARAMS_STRUCT);
const tracked = wordOffsets(TRACKED_BALL_STRUCT);

/** Bytes per entry of each buffer of the table in common.wgsl (the structs' from structs.ts). */
export const BYTES = {
  /** balls: vec4f x, y, f(x, y), ballFlags(group, status) of src/core/group-limit.ts. */
  ball: 16,
  /** state: vec4f x, y, s0, s1. */
  state: 16,
  /**
   * extraState: vec2f s2, s3 (Adam's second moment). Sized for every ball when a group needs it,
   * else one entry (always bound).
   */
  extraState: 8,
  /** aux: vec2u status | calm << CALM_SHIFT, convergedAt. */
  aux: 8,
  /** The StepParams uniform, whole. */
  stepParams: stepParams.size,
  /** The StatsParams uniform, whole. */
  statsParams: structLayout(STATS_PARAMS_STRUCT).size,
  partial: structLayout(STATS_PARTIAL_STRUCT).size,
  sample: structLayout(STATS_SAMPLE_STRUCT).size,
  tracked: structLayout(TRACKED_BALL_STRUCT).size,
} as const;

/** Floats per entry of the float buffers, and words per entry of aux. */
export const FLOATS_PER_BALL = BYTES.ball / 4;
export const FLOATS_PER_STATE = BYTES.state / 4;
export const FLOATS_PER_EXTRA_STATE = BYTES.extraState / 4;
export const WORDS_PER_AUX = BYTES.aux / 4;

/** aux word 0 holds status + CALM_SHIFT-shifted calm (the shaders get both as overrides). */
export const CALM_SHIFT = SHADER_CONSTANTS.CALM_SHIFT!;
export const STATUS_MASK = SHADER_CONSTANTS.STATUS_MASK!;

/** 32-bit word offsets of the fields of StepParams, and the words of one GroupParams. */
export const STEP_PARAMS = { ...wordOffsets(STEP_PARAMS_STRUCT), groupWords: groupParams.size / 4 } as const;

/** 32-bit word offsets of the fields of one GroupParams. */
export const GROUP_PARAMS = wordOffsets(GROUP_PARAMS_STRUCT);

/** 32-bit word offsets of the fields of StatsParams. */
export const STATS_PARAMS = wordOffsets(STATS_PARAMS_STRUCT);

/** 32-bit word offsets inside one StatsPartial and one StatsSample. */
export const PARTIAL = wordOffsets(STATS_PARTIAL_STRUCT);
export const SAMPLE = wordOffsets(STATS_SAMPLE_STRUCT);
/** Inside one TrackedBall: `values` is its vec4f x, y, s0, s1. */
export const TRACKED = { values: tracked.state, status: tracked.status } as const;

if ((WORKGROUP_SIZE & (WORKGROUP_SIZE - 1)) !== 0) {
  throw new Error('gpu layout: WORKGROUP_SIZE must be a power of two (the stats pass halves it)');
}

/** Index of the k-th of `sampleSize` evenly spaced balls among `perGroup` (slopeSampleIndex). */
export function sampleIndex(k: number, perGroup: number, sampleSize: number): number {
  return k * Math.floor(perGroup / sampleSize) + Math.floor((k * (perGroup % sampleSize)) / sampleSize);
}

/**
 * Workgroup counts of a dispatch covering `invocations`: x at most 65,535, then rows of y. The
 * shaders rebuild the index as `id.x + id.y * workgroups.x * WORKGROUP_SIZE`.
 */
export function dispatchSize(invocations: number): { x: number; y: number } {
  const workgroups = Math.max(1, Math.ceil(invocations / WORKGROUP_SIZE));
  const x = Math.min(workgroups, MAX_WORKGROUPS_PER_DIMENSION);
  return { x, y: Math.ceil(workgroups / x) };
}
