/**
 * The app's state: what the address describes (README: "URL parameters"), its defaults and
 * limits, and what follows from it — the landscape it shows and the simulation it runs. Reading
 * and writing it as an address are url-parse.ts and url-format.ts; url-state.ts gathers all three.
 */
import { compileSafely, customLandscape } from './custom-landscape.ts';
import type { Domain, Landscape } from './landscape.ts';
import { DEFAULT_PRESET_ID, findPreset } from './landscapes/index.ts';
import type { LessonId } from './lesson.ts';
import { type ModelState, resolveModelLandscape } from './models/resolve-model.ts';
import type { PlainConfig } from './plain-config.ts';
import type { GroupConfig } from './simulation.ts';
import type { StartLayout } from './start.ts';

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
  /**
   * `model=`: a model fitted to data, whose loss over its parameters is the landscape (README:
   * "Learn from data"); it wins over `fn` and `expr` (which is then the model's formula, kept in
   * `model.expr`). Absent for a formula's landscape. Only ever a model that builds: the parser
   * drops one that does not, with a warning.
   */
  readonly model?: ModelState;
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

/** 1 or 2: the typed expression's dimensions, else the preset's. */
export function stateDimensions(state: AppState): 1 | 2 {
  if (state.model) return stateLandscape(state).dimensions;
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
  if (state.model) {
    const model = modelLandscapeOf(state.model, state.seed);
    if (model) return model;
  }
  return landscapeOf(state.expr, state.fn, state.domain);
}

/** A model's landscape on its data (built once, then remembered), or null when it cannot be built. */
export function modelLandscapeOf(model: ModelState, seed: number): Landscape | null {
  try {
    return resolveModelLandscape(model, seed);
  } catch {
    return null;
  }
}

/** The landscape of a typed expression over a domain, else of a preset (the default one when unknown). */
export function landscapeOf(expr: string | null, fn: string, domain: Domain | null): Landscape {
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
    ...(state.model
      ? { landscape: 'model', model: { ...state.model } }
      : state.expr !== null
        ? { landscape: 'custom', expression: state.expr }
        : { landscape: state.fn }),
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
