/**
 * A loss landscape: the function the balls roll down, with everything the engine and the view
 * need to know about it. Presets and (later) typed expressions both produce this shape.
 */

/** Axis-aligned box the landscape is shown over. For a 1D landscape `yMin === yMax === 0`. */
import type { DataSet } from './data/data-set.ts';
import type { Model } from './models/define.ts';

export interface Domain {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** A known minimum: where it is and the value of f there. For 1D landscapes `y` is 0. */
export interface Minimum {
  readonly x: number;
  readonly y: number;
  readonly value: number;
  /** true for a global minimum, false for a local one. */
  readonly global: boolean;
}

/** Where a gradient goes: a 2-element array, plain or typed. */
export type GradientOut = { [index: number]: number };

/**
 * Writes the gradient of f at (x, y) into `out[0]` (d/dx) and `out[1]` (d/dy). Must not allocate:
 * it is called once per ball per step. A 1D landscape writes 0 into `out[1]`. `ball` (its index
 * in its group) and `step` (the global step) are for a mini-batch gradient (Landscape.batchGradient),
 * which draws its points from them; every other gradient ignores them.
 */
export type GradientFn = (x: number, y: number, out: GradientOut, ball?: number, step?: number) => void;

export type LossFn = (x: number, y: number) => number;

export interface Landscape {
  /** URL id, e.g. `rosenbrock`. */
  readonly id: string;
  /** Name shown in the panel. */
  readonly name: string;
  /** 1 for f(x), 2 for f(x, y). */
  readonly dimensions: 1 | 2;
  /** Formula as shown to people, e.g. `(x - 3)^2 + 2`. */
  readonly formula: string;
  /**
   * The formula in the expression compiler's syntax, e.g. `(x - 3)^2 + 2`: what a preset is
   * compiled from (landscapes/define.ts; Ackley's is the same function, its code still written
   * by hand). Absent for a typed formula (its text is the config's `expr`).
   */
  readonly expression?: string;
  readonly f: LossFn;
  readonly gradient: GradientFn;
  /**
   * A landscape made from data (models/): the gradient over `batch` points each ball draws at
   * each step from `seed` (mini-batch SGD). Absent on a formula's landscape.
   */
  readonly batchGradient?: (batch: number, seed: number) => GradientFn;
  /**
   * A landscape made from data: its points as float32 x, y pairs, which the GPU backend puts in
   * the storage buffer its WGSL loops over (models/model-wgsl.ts).
   */
  readonly modelPoints?: Float32Array<ArrayBuffer>;
  /**
   * A landscape made from data: the model and the points it is the loss of, for the page's data
   * pane (the points, and the model each sampled ball is).
   */
  readonly fit?: { readonly model: Model; readonly data: DataSet };
  /** The axes' names, `x` and `y` unless given: a model's parameters, e.g. `w` and `b`. */
  readonly variables?: readonly [string, string];
  readonly domain: Domain;
  /** Every minimum the presets know of (global and listed local ones). */
  readonly minima: readonly Minimum[];
  /** A learning rate at which plain gradient descent converges from most of the domain. */
  readonly learningRate: number;
  /** Whether the view should default to a log height scale (steep functions). */
  readonly logHeight: boolean;
  /**
   * Where the 3D view's camera starts, in degrees: `polar` from straight above, `azimuth` around
   * the vertical from the +y side of the domain towards +x. Defaults to a 3/4 view (52, 32); a
   * landscape whose balls sit in a trench or in wells looks from higher up or along the trench.
   */
  readonly camera?: { readonly polar: number; readonly azimuth: number };
  /**
   * Gradient-norm tolerance under which a ball counts as settled. Scaled to the landscape's own
   * steepness; defaults to `DEFAULT_GRADIENT_TOLERANCE` when a preset does not set it.
   */
  readonly gradientTolerance?: number;
  /**
   * Distance to a known minimum within which a ball counts as settled there. Defaults to
   * `DEFAULT_MINIMUM_TOLERANCE` times the domain's larger span; a minimum whose gradient does not
   * vanish (a cone tip, like Ackley's) needs about a step's length.
   */
  readonly minimumTolerance?: number;
  /**
   * The same landscape in WGSL, for the GPU backend: defines `fn f(x: f32, y: f32) -> f32` and
   * `fn gradient(x: f32, y: f32) -> vec2f` with the same formulas and constants as `f` and
   * `gradient` above (a 1D landscape ignores y and returns 0 for the y component).
   */
  readonly wgsl: string;
}

export const DEFAULT_GRADIENT_TOLERANCE = 1e-3;

/**
 * Share of the domain's larger span within which a ball is "at" a known minimum. Small enough
 * that a ball counted as settled there has the minimum's loss to about 1e-4 on the presets, so
 * groups compare fairly by loss.
 */
export const DEFAULT_MINIMUM_TOLERANCE = 5e-4;

/** Width and height of a domain; height is 0 for 1D landscapes. */
export function domainSpan(domain: Domain): { width: number; height: number } {
  return { width: domain.xMax - domain.xMin, height: domain.yMax - domain.yMin };
}
