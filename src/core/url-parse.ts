/**
 * Reading the app's state from an address. Never throws: a bad value falls back to its default
 * and leaves a warning (a message, src/core/message.ts) that the page shows to the person.
 */
import {
  type AppState,
  BACKENDS,
  type BackendChoice,
  DEFAULT_STATE,
  LANGUAGES,
  type Language,
  landscapeOf,
  MAX_LEARNING_RATE,
  MAX_SPEED,
  MIN_SPEED,
} from './app-state.ts';
import { compileSafely } from './custom-landscape.ts';
import { describeExpressionError } from './expression-message.ts';
import { parseGroups } from './groups-syntax.ts';
import type { Domain } from './landscape.ts';
import { findPreset } from './landscapes/index.ts';
import { LESSONS, type LessonId } from './lesson.ts';
import { type Message, message, truncate } from './message.ts';
import { type GroupConfig, isValidLearningRate, MAX_GROUPS, MAX_PARTICLES } from './simulation.ts';
import { START_LAYOUTS, type StartLayout } from './start.ts';
import { MODEL_PARAMETERS, readModel } from './url-model.ts';

/** Parameters this version understands; anything else is reported and ignored. */
export const URL_PARAMETERS: ReadonlySet<string> = new Set([
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
  ...MODEL_PARAMETERS,
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
    if (!URL_PARAMETERS.has(name)) warnings.push(message('url.unknown-param', { name: truncate(name) }));
  }

  const d = DEFAULT_STATE;
  let fn = d.fn;
  const fnText = get('fn');
  if (fnText !== null) {
    if (findPreset(fnText)) fn = fnText;
    else warnings.push(message('url.fn', { value: truncate(fnText), fallback: d.fn }));
  }

  let seed = d.seed;
  const seedText = get('seed');
  if (seedText !== null) {
    const value = Number(seedText);
    if (seedText.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) seed = value;
    else warnings.push(message('url.seed', { value: truncate(seedText), fallback: d.seed }));
  }

  // A model's landscape is its loss over the data (`expr` is then the model's formula).
  const fitted = readModel(get, seed, warnings);
  const expr = get('model') === null ? readExpression(search, get('expr'), fn, warnings) : null;
  const dimensions = fitted
    ? fitted.landscape.dimensions
    : expr
      ? expr.dimensions
      : findPreset(fn)!.dimensions;

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
            fallback: (fitted?.landscape ?? landscapeOf(expr?.text ?? null, fn, domain)).learningRate,
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
    // Mini-batches are drawn from data: a formula's landscape has none.
    if (groups && !fitted && groups.some((group) => group.batch)) {
      warnings.push(message('url.batch-without-data'));
      groups = groups.map(({ batch: _batch, ...group }) => group);
    }
    if (groups && lrText !== null) warnings.push(message('url.lr-ignored'));
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
      ...(fitted ? { model: fitted.model } : {}),
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

function parseNumberList(text: string): number[] | null {
  const values = text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  return values.every(Number.isFinite) ? values : null;
}
