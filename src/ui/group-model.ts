/**
 * A group as the panel edits it (every field present, lil-gui binds to them), and back to the
 * GroupConfig the URL holds (only what differs from the defaults, so the address stays short).
 * Pure; tested in Node.
 */
import { findOptimizer, OPTIMIZERS } from '../core/optimizers/index.ts';
import { SCHEDULE_DEFAULTS, type ScheduleConfig, type ScheduleKind } from '../core/schedule.ts';
import type { GroupConfig } from '../core/simulation.ts';
import { MAX_LEARNING_RATE } from '../core/url-state.ts';
import { isStringKey, type StringKey, t } from '../i18n/index.ts';

export interface GroupModel {
  optimizer: string;
  learningRate: number;
  /** Every hyper-parameter of the optimizer, defaults filled in. */
  params: Record<string, number>;
  /** Gradient noise scale; 0 for none. */
  noise: number;
  /** Points per mini-batch on a landscape made from data; 0 for all of them. */
  batch: number;
  schedule: ScheduleKind;
  /** Step decay: multiply the rate by `factor` every `every` steps. */
  every: number;
  factor: number;
  /** Cosine: steps from the full rate down to 0 (it stays at 0 after). */
  period: number;
  /** Linear warm-up: steps to reach the full rate. */
  warmupSteps: number;
}

export function groupModel(group: GroupConfig): GroupModel {
  const schedule = group.schedule ?? { kind: 'constant' };
  return {
    optimizer: group.optimizer,
    learningRate: group.learningRate,
    params: { ...findOptimizer(group.optimizer)?.defaults, ...group.params },
    noise: group.noise ?? 0,
    batch: group.batch ?? 0,
    schedule: schedule.kind,
    every: schedule.kind === 'step' ? schedule.every : SCHEDULE_DEFAULTS.every,
    factor: schedule.kind === 'step' ? schedule.factor : SCHEDULE_DEFAULTS.factor,
    period: schedule.kind === 'cosine' ? schedule.period : SCHEDULE_DEFAULTS.period,
    warmupSteps: schedule.kind === 'warmup' ? schedule.steps : SCHEDULE_DEFAULTS.warmupSteps,
  };
}

/** The GroupConfig a model stands for; hyper-parameters at their default are left out. */
export function groupConfig(model: GroupModel): GroupConfig {
  const defaults = findOptimizer(model.optimizer)?.defaults ?? {};
  const params = Object.fromEntries(
    Object.keys(defaults)
      .filter((key) => model.params[key] !== undefined && model.params[key] !== defaults[key])
      .map((key) => [key, model.params[key]!]),
  );
  const schedule = scheduleOf(model);
  return {
    optimizer: model.optimizer,
    learningRate: model.learningRate,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(model.noise !== 0 ? { noise: model.noise } : {}),
    ...(model.batch !== 0 ? { batch: model.batch } : {}),
    ...(schedule.kind !== 'constant' ? { schedule } : {}),
  };
}

function scheduleOf(model: GroupModel): ScheduleConfig {
  switch (model.schedule) {
    case 'step':
      return { kind: 'step', every: model.every, factor: model.factor };
    case 'cosine':
      return { kind: 'cosine', period: model.period };
    case 'warmup':
      return { kind: 'warmup', steps: model.warmupSteps };
    default:
      return { kind: 'constant' };
  }
}

/** Plain gradient descent at a rate and nothing else: what `lr=` can say. */
export function isPlainGroup(group: GroupConfig): boolean {
  return (
    group.optimizer === 'gd' &&
    Object.keys(group.params ?? {}).length === 0 &&
    !group.noise &&
    !group.batch &&
    (group.schedule === undefined || group.schedule.kind === 'constant')
  );
}

/** What a learning-rate change leaves alone: the groups with their rates left out. */
export function groupsShape(groups: readonly GroupConfig[]): string {
  return JSON.stringify(
    groups.map((group) => [
      group.optimizer,
      group.params ?? {},
      group.noise ?? 0,
      group.batch ?? 0,
      group.schedule ?? { kind: 'constant' },
    ]),
  );
}

const SCHEDULE_KEYS: Readonly<Record<ScheduleKind, StringKey>> = {
  constant: 'schedule.constant',
  step: 'schedule.step',
  cosine: 'schedule.cosine',
  warmup: 'schedule.warmup',
};

/**
 * An optimizer's short name in the current language (`Adam`, `momentum`): the string table's
 * `optimizer.<id>` where the name is a word to translate, else the optimizer's own proper name.
 */
export function optimizerLabel(id: string): string {
  const key = `optimizer.${id}`;
  return isStringKey(key) ? t(key) : (findOptimizer(id)?.name ?? id);
}

/** An optimizer's name as the panel lists it (`Gradient descent`): `optimizer.full.<id>` or its name. */
export function optimizerFullName(id: string): string {
  const key = `optimizer.full.${id}`;
  return isStringKey(key) ? t(key) : (findOptimizer(id)?.name ?? id);
}

/** A learning-rate schedule's name in the current language. */
export function scheduleLabel(kind: ScheduleKind): string {
  return t(SCHEDULE_KEYS[kind]);
}

/** A short name for a group: `Adam 0.05`, with its noise, mini-batch and schedule when it has them. */
export function groupLabel(group: GroupConfig): string {
  return [
    t('group.label', { optimizer: optimizerLabel(group.optimizer), rate: group.learningRate }),
    ...groupExtras(group),
  ].join(' · ');
}

/** What sets a group apart besides its optimizer and rate: `noise 0.5`, `batch 8`, `cosine`. */
export function groupExtras(group: GroupConfig): string[] {
  return [
    ...(group.noise ? [t('group.noise', { noise: group.noise })] : []),
    ...(group.batch ? [t('group.batch', { batch: group.batch })] : []),
    ...(group.schedule && group.schedule.kind !== 'constant' ? [scheduleLabel(group.schedule.kind)] : []),
  ];
}

/** `rate` times ten (at most the URL's limit), without float dust: 0.3 → 3, not 3.0000000000000004. */
function tenTimes(rate: number): number {
  return Math.min(MAX_LEARNING_RATE, Number((rate * 10).toPrecision(12)));
}

/**
 * What "+ add group" adds, so that the new group shows something the others do not: a comparison
 * of rates (several plain gradient-descent groups) goes on a decade further; otherwise the next
 * optimizer not yet shown (in the panel's order) at the last group's rate, so that the two compare
 * like for like; once every optimizer is shown, the last one at ten times its rate. Null for none.
 */
export function nextGroup(groups: readonly GroupConfig[]): GroupConfig | null {
  const last = groups.at(-1);
  if (!last) return null;
  if (groups.length > 1 && groups.every(isPlainGroup)) {
    return { optimizer: 'gd', learningRate: tenTimes(last.learningRate) };
  }
  const shown = new Set(groups.map((group) => group.optimizer));
  const unseen = OPTIMIZERS.find((optimizer) => !shown.has(optimizer.id));
  if (unseen) return { optimizer: unseen.id, learningRate: last.learningRate };
  return { ...last, learningRate: tenTimes(last.learningRate) };
}
