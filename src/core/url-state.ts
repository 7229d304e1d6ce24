/**
 * The app's state as it lives in the URL (README: "URL parameters"). Parsing never throws: a bad
 * value falls back to its default and leaves a warning that the page shows to the person.
 */
import { compileSafely, customLandscape } from './custom-landscape.ts';
import { describeExpressionError } from './expression-message.ts';
import type { Domain, Landscape } from './landscape.ts';
import { DEFAULT_PRESET_ID, findPreset } from './landscapes/index.ts';
import { LESSONS, type LessonId } from './lesson.ts';
import { type Message, type MessageCode, message } from './message.ts';
import { findOptimizer, OPTIMIZERS } from './optimizers.ts';
import type { PlainConfig } from './plain-config.ts';
import {
  MAX_SCHEDULE_STEPS,
  SCHEDULE_DEFAULTS,
  SCHEDULE_KINDS,
  type ScheduleConfig,
  type ScheduleKind,
} from './schedule.ts';
import { type GroupConfig, isValidLearningRate, MAX_GROUPS, MAX_PARTICLES } from './simulation.ts';
import { START_LAYOUTS, type StartLayout } from './start.ts';

export const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export interface AppState {
  /** Preset id; the landscape shown unless `expr` is set. */
  readonly fn: string;
  /**
   * A typed f(x, y) or f(x), as typed; null for the preset. Only ever a text that compiles: the
   * parser drops a bad one with a warning.
   */
  readonly expr: string | null;
  /** Domain override, or null for the landscape's own. */
  readonly domain: Domain | null;
  /** Total balls. */
  readonly n: number;
  readonly start: StartLayout;
  /** Centre for gaussian, ring and point layouts, or null for the domain's centre. */
  readonly at: readonly [number, number] | null;
  /** One plain gradient-descent group per rate; empty means the landscape's recommended rate. */
  readonly lr: readonly number[];
  /** Groups with their optimizers (`groups=`); when set, they win over `lr`. */
  readonly groups: readonly GroupConfig[] | null;
  readonly seed: number;
  readonly backend: BackendChoice;
  /**
   * Simulation steps per second, whatever the screen's frame rate; `Number.POSITIVE_INFINITY` is
   * "max" (as many steps a frame as keep the frames smooth, for GPU demos), `speed=max` in the URL.
   */
  readonly speed: number;
  readonly paused: boolean;
  /**
   * The guided lesson shown beside the view (`lesson=slope`); absent for none, so a state without
   * one compares equal to the states written before lessons existed.
   */
  readonly lesson?: LessonId;
  /**
   * `embed=1`: the view alone, for a slide or a blog post (no panel, HUD or charts; a small
   * play/pause and a link to the full app). Absent when off, like `lesson`.
   */
  readonly embed?: true;
  /** `lang=he`: the page in Hebrew, right to left. Absent for English, like `lesson`. */
  readonly lang?: Exclude<Language, 'en'>;
}

/** The page's languages; English is the default. */
export const LANGUAGES = ['en', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Default steps per second. Measured in Node on the default page (Himmelblau, 20,000 balls, gd
 * 0.01): half the balls have converged after 17 steps, 90 % after 29, 99 % after 41. At 5 steps a
 * second that is 3.4 s, 6 s and 8 s: the descent stays in view for several seconds, on any machine.
 */
export const DEFAULT_SPEED = 5;

export const DEFAULT_STATE: AppState = {
  fn: DEFAULT_PRESET_ID,
  expr: null,
  domain: null,
  n: 20_000,
  start: 'uniform',
  at: null,
  lr: [],
  groups: null,
  seed: 1,
  backend: 'auto',
  speed: DEFAULT_SPEED,
  paused: false,
};

/** Slowest speed the URL accepts (steps per second): a step every ten seconds. */
export const MIN_SPEED = 0.1;
/** Fastest number the URL accepts (steps per second); `speed=max` goes beyond it. */
export const MAX_SPEED = 100_000;
/** Largest learning rate accepted from the URL: far beyond divergence for every preset. */
export const MAX_LEARNING_RATE = 1000;
/** Largest gradient noise accepted from the URL: above the steepest preset's gradients. */
export const MAX_NOISE = 1e6;

/** Parameters this version understands; anything else is reported and ignored. */
const KNOWN = new Set([
  'fn',
  'expr',
  'domain',
  'n',
  'start',
  'at',
  'lr',
  'groups',
  'seed',
  'backend',
  'speed',
  'paused',
  'lesson',
  'embed',
  'lang',
]);

export interface ParsedUrlState {
  readonly state: AppState;
  /** One message per problem found, for the page's warning area (src/i18n `translate`). */
  readonly warnings: readonly Message[];
}

/** Reads the state from a query string such as `?fn=bowl&n=2000` (the leading `?` is optional). */
export function parseUrlState(search: string): ParsedUrlState {
  const warnings: Message[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { state: DEFAULT_STATE, warnings: [message('url.unreadable')] };
  }
  const get = (name: string): string | null => {
    try {
      return params.get(name);
    } catch {
      return null;
    }
  };

  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) warnings.push(message('url.unknown-param', { name: truncate(name) }));
  }

  const d = DEFAULT_STATE;
  let fn = d.fn;
  const fnText = get('fn');
  if (fnText !== null) {
    if (findPreset(fnText)) fn = fnText;
    else warnings.push(message('url.fn', { value: truncate(fnText), fallback: d.fn }));
  }

  const expr = readExpression(search, get('expr'), fn, warnings);
  const dimensions = expr ? expr.dimensions : findPreset(fn)!.dimensions;

  let n = d.n;
  const nText = get('n');
  if (nText !== null) {
    const value = Number(nText.replaceAll('_', ''));
    if (!(nText.trim() !== '' && Number.isInteger(value) && value >= 1)) {
      warnings.push(
        message('url.n-invalid', {
          value: truncate(nText),
          max: MAX_PARTICLES.toLocaleString('en'),
          fallback: d.n.toLocaleString('en'),
        }),
      );
    } else if (value > MAX_PARTICLES) {
      warnings.push(
        message('url.n-too-many', { value: truncate(nText), max: MAX_PARTICLES.toLocaleString('en') }),
      );
      n = MAX_PARTICLES;
    } else n = value;
  }

  let start = d.start;
  const startText = get('start');
  if (startText !== null) {
    if ((START_LAYOUTS as readonly string[]).includes(startText)) start = startText as StartLayout;
    else
      warnings.push(
        message('url.start', {
          value: truncate(startText),
          options: START_LAYOUTS.join(', '),
          fallback: d.start,
        }),
      );
  }

  let domain: Domain | null = null;
  const domainText = get('domain');
  if (domainText !== null) {
    const values = parseNumberList(domainText);
    const is1d = dimensions === 1;
    const need = is1d ? 2 : 4;
    const [xMin, xMax, yMin, yMax] = values ?? [];
    if (
      values &&
      values.length === need &&
      xMin !== undefined &&
      xMax !== undefined &&
      xMin < xMax &&
      (is1d || (yMin !== undefined && yMax !== undefined && yMin < yMax))
    ) {
      domain = is1d ? { xMin, xMax, yMin: 0, yMax: 0 } : { xMin, xMax, yMin: yMin!, yMax: yMax! };
    } else {
      warnings.push(
        message('url.domain', {
          value: truncate(domainText),
          form: is1d ? 'xmin,xmax' : 'xmin,xmax,ymin,ymax',
        }),
      );
    }
  }

  let at: readonly [number, number] | null = null;
  const atText = get('at');
  if (atText !== null) {
    const values = parseNumberList(atText);
    const need = dimensions;
    if (values && values.length === need) at = [values[0]!, values[1] ?? 0];
    else warnings.push(message(need === 1 ? 'url.at-1d' : 'url.at-2d', { value: truncate(atText) }));
  }

  let lr: number[] = [];
  const lrText = get('lr');
  if (lrText !== null) {
    const parts = lrText.split(',');
    for (const part of parts) {
      const value = part.trim() === '' ? Number.NaN : Number(part);
      if (isValidLearningRate(value) && value <= MAX_LEARNING_RATE) lr.push(value);
      else if (parts.length > 1)
        warnings.push(message('url.lr-invalid-dropped', { value: truncate(part), max: MAX_LEARNING_RATE }));
      else
        warnings.push(
          message('url.lr-invalid', {
            value: truncate(part),
            max: MAX_LEARNING_RATE,
            fallback: landscapeOf(expr?.text ?? null, fn, domain).learningRate,
          }),
        );
    }
    if (lr.length > MAX_GROUPS) {
      warnings.push(message('url.lr-too-many', { max: MAX_GROUPS }));
      lr = lr.slice(0, MAX_GROUPS);
    }
  }

  let groups: GroupConfig[] | null = null;
  const groupsText = get('groups');
  if (groupsText !== null) {
    groups = parseGroups(groupsText, warnings);
    if (groups && lrText !== null) warnings.push(message('url.lr-ignored'));
  }

  let seed = d.seed;
  const seedText = get('seed');
  if (seedText !== null) {
    const value = Number(seedText);
    if (seedText.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) seed = value;
    else warnings.push(message('url.seed', { value: truncate(seedText), fallback: d.seed }));
  }

  let backend = d.backend;
  const backendText = get('backend');
  if (backendText !== null) {
    if ((BACKENDS as readonly string[]).includes(backendText)) backend = backendText as BackendChoice;
    else
      warnings.push(
        message('url.backend', {
          value: truncate(backendText),
          options: orList(BACKENDS),
          fallback: d.backend,
        }),
      );
  }

  let speed = d.speed;
  const speedText = get('speed');
  if (speedText !== null) {
    const value = parseSpeed(speedText);
    if (value !== null) speed = value;
    else
      warnings.push(
        message('url.speed', {
          value: truncate(speedText),
          min: MIN_SPEED,
          max: MAX_SPEED.toLocaleString('en'),
          fallback: d.speed,
        }),
      );
  }

  let paused = d.paused;
  const pausedText = get('paused');
  if (pausedText !== null) {
    if (['1', 'true', ''].includes(pausedText)) paused = true;
    else if (['0', 'false'].includes(pausedText)) paused = false;
    else warnings.push(message('url.paused', { value: truncate(pausedText) }));
  }

  let lesson: LessonId | undefined;
  const lessonText = get('lesson');
  if (lessonText !== null) {
    if ((LESSONS as readonly string[]).includes(lessonText)) lesson = lessonText as LessonId;
    else warnings.push(message('url.lesson', { value: truncate(lessonText), options: LESSONS.join(', ') }));
  }

  let embed = false;
  const embedText = get('embed');
  if (embedText !== null) {
    if (['1', 'true', ''].includes(embedText)) embed = true;
    else if (!['0', 'false'].includes(embedText))
      warnings.push(message('url.embed', { value: truncate(embedText) }));
  }

  let lang: Language = 'en';
  const langText = get('lang');
  if (langText !== null) {
    if ((LANGUAGES as readonly string[]).includes(langText)) lang = langText as Language;
    else warnings.push(message('url.lang', { value: truncate(langText), options: orList(LANGUAGES) }));
  }

  return {
    state: {
      fn,
      expr: expr?.text ?? null,
      domain,
      n,
      start,
      at,
      lr,
      groups,
      seed,
      backend,
      speed,
      paused,
      ...(lesson ? { lesson } : {}),
      ...(embed ? { embed: true as const } : {}),
      ...(lang !== 'en' ? { lang } : {}),
    },
    warnings,
  };
}

/**
 * `expr=`: the text when it compiles (with its dimensions), else null with a warning that quotes
 * the compiler's message and marks the mistake in the text. Broken percent-encoding (which
 * URLSearchParams would quietly turn into U+FFFD) is reported as such.
 */
function readExpression(
  search: string,
  text: string | null,
  fn: string,
  warnings: Message[],
): { text: string; dimensions: 1 | 2 } | null {
  if (text === null) return null;
  const landscape = landscapeName(fn);
  const raw = rawValues(search, 'expr');
  if (!raw.every(isWellEncoded)) {
    warnings.push(message('url.expr-encoding', { escape: '%2B', landscape }));
    return null;
  }
  const compiled = compileSafely(text);
  if (!compiled.ok) {
    // `expr=x^2+1` typed into the address bar: the + arrives as a space.
    const plus = raw.some((value) => value.includes('+'));
    const error = describeExpressionError(text, compiled.error);
    warnings.push(
      message(plus ? 'url.expr-invalid-plus' : 'url.expr-invalid', { error, escape: '%2B', landscape }),
    );
    return null;
  }
  return { text, dimensions: compiled.expression.dimensions };
}

/** A preset's name, in the page's language once translated (`landscape.<id>`). */
function landscapeName(id: string): Message {
  return message(`landscape.${id}`);
}

/** `a, b or c` in the page's language, once translated. */
function orList(items: readonly string[]): string | Message {
  return items.length < 2
    ? items.join('')
    : message('url.or-list', { items: items.slice(0, -1).join(', '), last: items[items.length - 1]! });
}

/** The raw (still percent-encoded) values of parameter `name` in `search`. */
function rawValues(search: string, name: string): string[] {
  const values: string[] = [];
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const cut = pair.indexOf('=');
    if ((cut < 0 ? pair : pair.slice(0, cut)) === name) values.push(cut < 0 ? '' : pair.slice(cut + 1));
  }
  return values;
}

/** Whether a raw query value is well-formed percent-encoding of UTF-8. */
function isWellEncoded(value: string): boolean {
  try {
    decodeURIComponent(value.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

/**
 * A speed as the URL and the panel write it: `max`, or steps per second; null when it is neither
 * (not a number, or outside MIN_SPEED..MAX_SPEED).
 */
export function parseSpeed(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'max') return Number.POSITIVE_INFINITY;
  const value = Number(trimmed);
  return trimmed !== '' && value >= MIN_SPEED && value <= MAX_SPEED ? value : null;
}

/** `max` or the number of steps per second: what parseSpeed reads back. */
export function formatSpeed(speed: number): string {
  return speed === Number.POSITIVE_INFINITY ? 'max' : String(speed);
}

/** The query string (with `?`, or empty) for a state; parameters at their default are left out. */
export function formatUrlState(state: AppState): string {
  const params = new URLSearchParams();
  const d = DEFAULT_STATE;
  const is1d = stateDimensions(state) === 1;
  // First, as it decides what the rest of the address is for.
  if (state.lesson) params.set('lesson', state.lesson);
  if (state.fn !== d.fn) params.set('fn', state.fn);
  if (state.domain) {
    const { xMin, xMax, yMin, yMax } = state.domain;
    params.set('domain', (is1d ? [xMin, xMax] : [xMin, xMax, yMin, yMax]).join(','));
  }
  if (state.n !== d.n) params.set('n', String(state.n));
  if (state.start !== d.start) params.set('start', state.start);
  if (state.at) params.set('at', (is1d ? [state.at[0]] : state.at).join(','));
  if (state.groups) params.set('groups', formatGroups(state.groups));
  else if (state.lr.length > 0) params.set('lr', state.lr.join(','));
  if (state.seed !== d.seed) params.set('seed', String(state.seed));
  if (state.backend !== d.backend) params.set('backend', state.backend);
  if (state.speed !== d.speed) params.set('speed', formatSpeed(state.speed));
  if (state.paused !== d.paused) params.set('paused', state.paused ? '1' : '0');
  if (state.embed) params.set('embed', '1');
  if (state.lang) params.set('lang', state.lang);
  const text = params.toString().replaceAll('%2C', ',').replaceAll('%3A', ':').replaceAll('%3D', '=');
  // The formula goes first, readable: only what would change its meaning is escaped.
  const all = [
    ...(state.expr !== null ? [`expr=${encodeExpression(state.expr)}`] : []),
    ...(text ? [text] : []),
  ];
  return all.length > 0 ? `?${all.join('&')}` : '';
}

/**
 * `x^2%2B3*sin(y)`: encodeURIComponent, then `^ / ,` back as themselves (they mean nothing
 * special in a query value). `+` stays `%2B`, or it would read back as a space.
 */
export function encodeExpression(text: string): string {
  return encodeURIComponent(text).replaceAll('%5E', '^').replaceAll('%2F', '/').replaceAll('%2C', ',');
}

/** 1 or 2: the typed expression's dimensions, else the preset's. */
function stateDimensions(state: AppState): 1 | 2 {
  if (state.expr !== null) {
    const compiled = compileSafely(state.expr);
    if (compiled.ok) return compiled.expression.dimensions;
  }
  return findPreset(state.fn)?.dimensions ?? 2;
}

/**
 * The landscape a state shows: its typed expression over its domain (built once and remembered,
 * see customLandscape), else its preset. A state's `expr` always compiles (parseUrlState keeps
 * no other); should one not, the preset stands in.
 */
export function stateLandscape(state: AppState): Landscape {
  return landscapeOf(state.expr, state.fn, state.domain);
}

function landscapeOf(expr: string | null, fn: string, domain: Domain | null): Landscape {
  if (expr !== null) {
    const built = customLandscape(expr, domain);
    if (built.ok) return built.landscape;
  }
  return findPreset(fn) ?? findPreset(DEFAULT_PRESET_ID)!;
}

/**
 * The simulation a state describes; plain data, so it can be sent to a worker (resolveConfig,
 * plain-config.ts, turns it into a landscape object).
 */
export function stateToConfig(state: AppState): PlainConfig {
  return {
    ...(state.expr !== null ? { landscape: 'custom', expression: state.expr } : { landscape: state.fn }),
    domain: state.domain ?? undefined,
    particleCount: state.n,
    start: state.start,
    at: state.at ?? undefined,
    groups: effectiveGroups(state),
    seed: state.seed,
  };
}

/** The groups a state runs: `groups=`, else one gradient-descent group per `lr=`, else the recommended rate. */
export function effectiveGroups(state: AppState): GroupConfig[] {
  if (state.groups) return state.groups.map((group) => ({ ...group }));
  const rates = state.lr.length > 0 ? state.lr : [stateLandscape(state).learningRate];
  return rates.map((learningRate) => ({ optimizer: 'gd', learningRate }));
}

/**
 * `gd:0.1,momentum:0.01:beta=0.9,gd:0.1:noise=0.5:schedule=cosine:period=500`. Noise 0, a
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
  kind: ScheduleKind;
  /** Schedule numbers given, by URL key, with their text (validated against the kind afterwards). */
  readonly numbers: Record<string, { readonly value: number; readonly text: string }>;
}

/**
 * Reads `optimizer:learningRate[:key=value...]` items. A bad item (optimizer, rate, or one of its
 * settings) is left out with a warning; a bad noise or schedule value only loses that value, with
 * a warning. Null when no item is good (the caller falls back to `lr` or the default).
 */
function parseGroups(text: string, warnings: Message[]): GroupConfig[] | null {
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
    const extras: GroupExtras = { noise: 0, kind: 'constant', numbers: {} };
    const extraWarnings: Message[] = [];
    let paramProblem: Message | null = null;
    for (const pair of rest) {
      const [key = '', valueText = ''] = pair.split('=');
      const value = valueText.trim() === '' ? Number.NaN : Number(valueText);
      if (readExtra(key, valueText, value, extras, extraWarnings)) continue;
      if (!optimizer || !Object.hasOwn(optimizer.defaults, key)) {
        paramProblem = message('url.groups-not-setting', {
          value: truncate(key),
          optimizer: id,
          options: [...Object.keys(optimizer?.defaults ?? {}), 'noise', 'schedule'].join(', '),
        });
      } else if (!Number.isFinite(value) || value < 0 || (/^(beta|rho)/.test(key) && value >= 1)) {
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
function parseNumberList(text: string): number[] | null {
  const values = text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  return values.every(Number.isFinite) ? values : null;
}

/** Keeps a hostile 100 kB parameter from flooding the warning area. */
function truncate(text: string, limit = 40): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
