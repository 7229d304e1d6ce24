/**
 * The `groups=` syntax: `optimizer:rate[:key=value...]` items, with an optimizer's settings,
 * gradient noise and a learning-rate schedule; read with warnings for what is wrong, written so
 * that it reads back equal.
 */
import { MAX_LEARNING_RATE, MAX_NOISE } from './app-state.ts';
import { MAX_POINTS } from './data/data-set.ts';
import { type Message, type MessageCode, message, truncate } from './message.ts';
import { findOptimizer, isInRange, OPTIMIZERS } from './optimizers/index.ts';
import {
  MAX_SCHEDULE_STEPS,
  SCHEDULE_DEFAULTS,
  SCHEDULE_KINDS,
  type ScheduleConfig,
  type ScheduleKind,
} from './schedule.ts';
import { type GroupConfig, isValidLearningRate, MAX_GROUPS } from './simulation.ts';

/**
 * `gd:0.1,momentum:0.01:beta=0.9,gd:0.1:noise=0.5:schedule=cosine:period=500,gd:0.1:batch=8`. Noise 0, a
 * constant schedule and schedule numbers at their defaults are left out (parseGroups puts them
 * back), so the address stays short and reads back equal.
 */
export function formatGroups(groups: readonly GroupConfig[]): string {
  return groups
    .map((group) =>
      [
        group.optimizer,
        String(group.learningRate),
        ...Object.entries(group.params ?? {}).map(([k, v]) => `${k}=${v}`),
        ...(group.noise ? [`noise=${group.noise}`] : []),
        ...(group.batch ? [`batch=${group.batch}`] : []),
        ...formatSchedule(group.schedule),
      ].join(':'),
    )
    .join(',');
}

const wholeSteps = (value: number): boolean =>
  Number.isInteger(value) && value >= 1 && value <= MAX_SCHEDULE_STEPS;

/** URL keys of the schedules' numbers: the schedule that reads each, its default and its range. */
const SCHEDULE_KEYS: Readonly<
  Record<
    string,
    { kind: ScheduleKind; fallback: number; valid: (value: number) => boolean; range: MessageCode }
  >
> = {
  every: {
    kind: 'step',
    fallback: SCHEDULE_DEFAULTS.every,
    valid: wholeSteps,
    range: 'url.range-whole-steps',
  },
  factor: {
    kind: 'step',
    fallback: SCHEDULE_DEFAULTS.factor,
    valid: (value) => value > 0 && value <= 1,
    range: 'url.range-factor',
  },
  period: {
    kind: 'cosine',
    fallback: SCHEDULE_DEFAULTS.period,
    valid: wholeSteps,
    range: 'url.range-whole-steps',
  },
  warmup: {
    kind: 'warmup',
    fallback: SCHEDULE_DEFAULTS.warmupSteps,
    valid: wholeSteps,
    range: 'url.range-whole-steps',
  },
};

function formatSchedule(schedule: ScheduleConfig | undefined): string[] {
  if (!schedule || schedule.kind === 'constant') return [];
  const numbers: Record<string, number> =
    schedule.kind === 'step'
      ? { every: schedule.every, factor: schedule.factor }
      : schedule.kind === 'cosine'
        ? { period: schedule.period }
        : { warmup: schedule.steps };
  return [
    `schedule=${schedule.kind}`,
    ...Object.entries(numbers)
      .filter(([key, value]) => value !== SCHEDULE_KEYS[key]!.fallback)
      .map(([key, value]) => `${key}=${value}`),
  ];
}

/** What parseGroups collects from one item's `key=value` pairs besides the optimizer's settings. */
interface GroupExtras {
  noise: number;
  /** Points per mini-batch; 0: the whole data (or a formula's own gradient). */
  batch: number;
  kind: ScheduleKind;
  /** Schedule numbers given, by URL key, with their text (validated against the kind afterwards). */
  readonly numbers: Record<string, { readonly value: number; readonly text: string }>;
}

/**
 * Reads `optimizer:learningRate[:key=value...]` items. A bad item (optimizer, rate, or one of its
 * settings) is left out with a warning; a bad noise or schedule value only loses that value, with
 * a warning. Null when no item is good (the caller falls back to `lr` or the default).
 */
export function parseGroups(text: string, warnings: Message[]): GroupConfig[] | null {
  const groups: GroupConfig[] = [];
  for (const item of text.split(',')) {
    const [id = '', rateText = '', ...rest] = item.trim().split(':');
    const optimizer = findOptimizer(id);
    const rate = rateText.trim() === '' ? Number.NaN : Number(rateText);
    const problem = !optimizer
      ? message('url.groups-not-optimizer', {
          value: truncate(id),
          options: OPTIMIZERS.map((o) => o.id).join(', '),
        })
      : !(isValidLearningRate(rate) && rate <= MAX_LEARNING_RATE)
        ? message('url.groups-not-rate', { value: truncate(rateText) })
        : null;
    const params: Record<string, number> = {};
    const extras: GroupExtras = { noise: 0, batch: 0, kind: 'constant', numbers: {} };
    const extraWarnings: Message[] = [];
    let paramProblem: Message | null = null;
    for (const pair of rest) {
      const [key = '', valueText = ''] = pair.split('=');
      const value = valueText.trim() === '' ? Number.NaN : Number(valueText);
      if (readExtra(key, valueText, value, extras, extraWarnings)) continue;
      const spec = optimizer && Object.hasOwn(optimizer.params, key) ? optimizer.params[key] : undefined;
      if (!spec) {
        paramProblem = message('url.groups-not-setting', {
          value: truncate(key),
          optimizer: id,
          options: [...Object.keys(optimizer?.params ?? {}), 'noise', 'batch', 'schedule'].join(', '),
        });
      } else if (!isInRange(spec, value)) {
        paramProblem = message('url.groups-out-of-range', { key, value: truncate(valueText) });
      } else params[key] = value;
    }
    if (problem || paramProblem) {
      warnings.push(message('url.groups-dropped', { problem: (problem ?? paramProblem)! }));
      continue;
    }
    const schedule = buildSchedule(extras, extraWarnings);
    warnings.push(
      ...extraWarnings.map((problem) =>
        message('url.groups-item', { item: truncate(`${id}:${rateText}`), problem }),
      ),
    );
    groups.push({
      optimizer: id,
      learningRate: rate,
      ...(Object.keys(params).length > 0 ? { params } : {}),
      ...(extras.noise !== 0 ? { noise: extras.noise } : {}),
      ...(extras.batch !== 0 ? { batch: extras.batch } : {}),
      ...(schedule ? { schedule } : {}),
    });
  }
  if (groups.length > MAX_GROUPS) {
    warnings.push(message('url.groups-too-many', { max: MAX_GROUPS }));
    return groups.slice(0, MAX_GROUPS);
  }
  return groups.length > 0 ? groups : null;
}

/**
 * Takes `noise=`, `schedule=` and the schedule numbers into `extras`; false for any other key (an
 * optimizer setting). A bad value is reported in `problems` and left out.
 */
function readExtra(
  key: string,
  valueText: string,
  value: number,
  extras: GroupExtras,
  problems: Message[],
): boolean {
  if (key === 'noise') {
    if (Number.isFinite(value) && value >= 0 && value <= MAX_NOISE) extras.noise = value;
    else problems.push(message('url.groups-noise', { value: truncate(valueText), max: MAX_NOISE }));
    return true;
  }
  if (key === 'batch') {
    if (Number.isInteger(value) && value >= 1 && value <= MAX_POINTS) extras.batch = value;
    else problems.push(message('url.groups-batch', { value: truncate(valueText), max: MAX_POINTS }));
    return true;
  }
  if (key === 'schedule') {
    if ((SCHEDULE_KINDS as readonly string[]).includes(valueText)) extras.kind = valueText as ScheduleKind;
    else
      problems.push(
        message('url.groups-schedule', { value: truncate(valueText), options: SCHEDULE_KINDS.join(', ') }),
      );
    return true;
  }
  if (Object.hasOwn(SCHEDULE_KEYS, key)) {
    extras.numbers[key] = { value, text: valueText };
    return true;
  }
  return false;
}

/**
 * The schedule `extras` describe, missing or bad numbers at their defaults (with a word about the
 * bad ones, and about numbers its kind does not read); undefined for a constant rate.
 */
function buildSchedule(extras: GroupExtras, problems: Message[]): ScheduleConfig | undefined {
  const kind = extras.kind;
  const numbers: Record<string, number> = {};
  for (const [key, { value, text }] of Object.entries(extras.numbers)) {
    const rule = SCHEDULE_KEYS[key]!;
    if (rule.kind !== kind) problems.push(message('url.groups-schedule-unused', { key, kind: rule.kind }));
    else if (!rule.valid(value))
      problems.push(
        message('url.groups-schedule-range', {
          key,
          value: truncate(text),
          range: message(rule.range),
          fallback: rule.fallback,
        }),
      );
    else numbers[key] = value;
  }
  const get = (key: string): number => numbers[key] ?? SCHEDULE_KEYS[key]!.fallback;
  switch (kind) {
    case 'step':
      return { kind, every: get('every'), factor: get('factor') };
    case 'cosine':
      return { kind, period: get('period') };
    case 'warmup':
      return { kind, steps: get('warmup') };
    default:
      return undefined;
  }
}
