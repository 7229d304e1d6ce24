/**
 * The structs the shaders and the TypeScript side share, in one table each: the WGSL declarations
 * are printed from it (`structsWgsl`, put before shaders/common.wgsl) and every offset and size the
 * backend writes or reads is computed from it with WGSL's alignment rules (`structLayout`), so the
 * two cannot drift apart.
 */
import { MAX_GROUPS } from '../core/group-limit.ts';
import { MAX_COUNTERS, MAX_VALUE_SLOTS } from '../core/optimizers/index.ts';
import { MAX_BASINS } from '../core/stats.ts';

type Scalar = 'u32' | 'f32';
type Vector = 'vec2f' | 'vec2u' | 'vec4f';
export type FieldType =
  | Scalar
  | Vector
  | { readonly array: Scalar | Vector | StructDefinition; readonly length: number };

export interface Field<N extends string = string> {
  readonly name: N;
  readonly type: FieldType;
  /** Printed above the field in the WGSL. */
  readonly doc?: string;
}

export interface StructDefinition<N extends string = string> {
  readonly name: string;
  readonly doc: string;
  readonly fields: readonly Field<N>[];
}

/** A struct's table, its field names kept in the type (so offsets of unknown fields do not compile). */
function defineStruct<const N extends string>(struct: StructDefinition<N>): StructDefinition<N> {
  return struct;
}

/** Size and alignment in bytes of WGSL's types (the WGSL spec's "Alignment and Size" table). */
const BASIC: Readonly<Record<Scalar | Vector, { size: number; align: number }>> = {
  u32: { size: 4, align: 4 },
  f32: { size: 4, align: 4 },
  vec2f: { size: 8, align: 8 },
  vec2u: { size: 8, align: 8 },
  vec4f: { size: 16, align: 16 },
};

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

export interface StructLayout<N extends string = string> {
  /** Bytes, rounded up to the alignment (the array stride of the struct). */
  readonly size: number;
  readonly align: number;
  /** Byte offset of each field. */
  readonly offsets: Readonly<Record<N, number>>;
}

function typeLayout(type: FieldType): { size: number; align: number } {
  if (typeof type === 'string') return BASIC[type];
  const element = typeof type.array === 'string' ? BASIC[type.array] : structLayout(type.array);
  const stride = roundUp(element.size, element.align);
  return { size: stride * type.length, align: element.align };
}

export function structLayout<N extends string>(struct: StructDefinition<N>): StructLayout<N> {
  let offset = 0;
  let align = 1;
  const offsets = {} as Record<N, number>;
  for (const field of struct.fields) {
    const layout = typeLayout(field.type);
    offset = roundUp(offset, layout.align);
    offsets[field.name] = offset;
    offset += layout.size;
    align = Math.max(align, layout.align);
  }
  return { size: roundUp(offset, align), align, offsets };
}

/** 32-bit word offsets of a struct's fields (every field here is 4-byte aligned). */
export function wordOffsets<N extends string>(struct: StructDefinition<N>): Readonly<Record<N, number>> {
  const { offsets } = structLayout(struct);
  const words = {} as Record<N, number>;
  for (const field of struct.fields) words[field.name] = offsets[field.name] / 4;
  return words;
}

function typeWgsl(type: FieldType): string {
  if (typeof type === 'string') return type;
  const element = typeof type.array === 'string' ? type.array : type.array.name;
  return `array<${element}, ${type.length}>`;
}

function comment(text: string, indent: string): string[] {
  return text.split('\n').map((line) => `${indent}// ${line}`);
}

function structWgsl(struct: StructDefinition): string {
  const { size } = structLayout(struct);
  const lines = [...comment(`${struct.doc}\n${size} bytes.`, ''), `struct ${struct.name} {`];
  for (const field of struct.fields) {
    if (field.doc) lines.push(...comment(field.doc, '  '));
    lines.push(`  ${field.name}: ${typeWgsl(field.type)},`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

export const GROUP_PARAMS_STRUCT = defineStruct({
  name: 'GroupParams',
  doc:
    "One group's optimizer and rate, rewritten before each dispatch of the step pass (a multiple of\n" +
    '16 bytes, the stride a uniform array needs).',
  fields: [
    { name: 'optimizer', type: 'u32', doc: "The optimizer's index in OPTIMIZERS (src/core/optimizers)." },
    {
      name: 'learningRate',
      type: 'f32',
      doc:
        "A step-decay group's learningRate is its rate at the dispatch's first step (in f64 on the\n" +
        'CPU), which the loop multiplies by the factor at each later multiple of `every`.',
    },
    {
      name: 'noise',
      type: 'f32',
      doc: 'Standard deviation of the Gaussian noise added to each gradient component.',
    },
    {
      name: 'schedule',
      type: 'u32',
      doc:
        "Learning-rate schedule (schedule.ts): a GPU_SCHEDULES code; its steps (step decay's `every`,\n" +
        "cosine's `period`, warm-up's `steps`); and a number: step decay's factor, cosine's\n" +
        "1 / (4 period), warm-up's 1 / steps.",
    },
    { name: 'scheduleSteps', type: 'u32' },
    { name: 'scheduleFactor', type: 'f32' },
    {
      name: 'counters',
      type: 'vec2f',
      doc: "The optimizer's counters at the dispatch's first step (counter-clock.ts, in f64 on the CPU).",
    },
    {
      name: 'values',
      type: { array: 'vec4f', length: MAX_VALUE_SLOTS / 4 },
      doc:
        "The optimizer's scalar slots: its hyper-parameters, then its constants (computed in f64 on\n" +
        'the CPU and rounded once: in f32, 1 - 0.999 would lose four digits).',
    },
  ],
});

export const STEP_PARAMS_STRUCT = defineStruct({
  name: 'StepParams',
  doc: 'The step pass uniform.',
  fields: [
    { name: 'count', type: 'u32', doc: 'Balls in all groups.' },
    { name: 'perGroup', type: 'u32' },
    {
      name: 'stepsDone',
      type: 'u32',
      doc: 'Steps done before this dispatch; a ball converging at local step t gets stepsDone + t.',
    },
    { name: 'steps', type: 'u32', doc: 'K: steps this dispatch advances each ball by.' },
    { name: 'gradientTolSq', type: 'f32' },
    { name: 'minimumTolSq', type: 'f32' },
    {
      name: 'floorLoss',
      type: 'f32',
      doc: "What a diverged ball shows as its height (the CPU's landscape floor).",
    },
    {
      name: 'noiseSeed',
      type: 'u32',
      doc: "The simulation's seed (as u32), which the gradient noise is drawn from.",
    },
    {
      name: 'escape',
      type: 'vec4f',
      doc: 'xLo, xHi, yLo, yHi: the box outside which a ball has diverged (settleCriteria).',
    },
    {
      name: 'domain',
      type: 'vec4f',
      doc: 'xMin, xMax, yMin, yMax: the domain diverged balls are clamped to for drawing.',
    },
    { name: 'groups', type: { array: GROUP_PARAMS_STRUCT, length: MAX_GROUPS } },
  ],
});

export const STATS_PARAMS_STRUCT = defineStruct({
  name: 'StatsParams',
  doc: 'The stats pass uniform, written once.',
  fields: [
    { name: 'perGroup', type: 'u32' },
    {
      name: 'sampleSize',
      type: 'u32',
      doc: 'Balls sampled per group: min(perGroup, SAMPLES_PER_GROUP of layout.ts).',
    },
    {
      name: 'partialsPerGroup',
      type: 'u32',
      doc: 'Stats workgroups per group (dispatch x); dispatch y is the group.',
    },
    {
      name: 'trackedCount',
      type: 'u32',
      doc: "Entries of trackedIndices in use; the stats pass's first workgroup gathers them.",
    },
  ],
});

export const STATS_PARTIAL_STRUCT = defineStruct({
  name: 'StatsPartial',
  doc: "One stats workgroup's sums over its balls.",
  fields: [
    { name: 'lossSum', type: 'f32' },
    { name: 'kept', type: 'u32' },
    { name: 'converged', type: 'u32' },
    { name: 'diverged', type: 'u32' },
    {
      name: 'basins',
      type: { array: 'u32', length: MAX_BASINS },
      doc: 'Converged balls (those counted in `converged`) by their nearest known minimum.',
    },
  ],
});

export const STATS_SAMPLE_STRUCT = defineStruct({
  name: 'StatsSample',
  doc: 'One sampled ball, for the medians.',
  fields: [
    { name: 'loss', type: 'f32' },
    { name: 'status', type: 'u32' },
    { name: 'convergedAt', type: 'u32' },
  ],
});

export const TRACKED_BALL_STRUCT = defineStruct({
  name: 'TrackedBall',
  doc: 'A tracked ball: x, y and the first two state values, and its status.',
  fields: [
    { name: 'state', type: 'vec4f' },
    { name: 'status', type: 'u32' },
  ],
});

/** Every struct, in the order WGSL needs (a struct before its use). */
const STRUCTS = [
  GROUP_PARAMS_STRUCT,
  STEP_PARAMS_STRUCT,
  STATS_PARAMS_STRUCT,
  STATS_PARTIAL_STRUCT,
  STATS_SAMPLE_STRUCT,
  TRACKED_BALL_STRUCT,
];

/** The WGSL declarations of every struct above. */
export function structsWgsl(): string {
  return [
    '// Generated from the tables of src/gpu/structs.ts (offsets on the TypeScript side come from them too).',
    ...STRUCTS.map(structWgsl),
  ].join('\n');
}

if (MAX_COUNTERS !== 2 || MAX_VALUE_SLOTS % 4 !== 0) {
  throw new Error('gpu structs: GroupParams holds two counters (a vec2f) and whole vec4f of values');
}
