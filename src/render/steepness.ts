/**
 * Colouring balls by steepness |∇f|: the gradient field the view bakes into a texture, and the log
 * scale that maps a norm to [0, 1] of the ball ramp. No three.js here, so it is testable in Node.
 *
 * Why a baked field rather than the landscape's own gradient in the ball shader: the balls are
 * drawn by three's node materials on WebGPU *and* on its WebGL2 fallback, where the WGSL gradient
 * cannot run, and their positions live in a buffer the CPU or the GPU simulation writes. A field
 * sampled at the ball's (x, y) serves both simulations and both renderers from one code path.
 * Bilinear filtering interpolates the gradient *vector* (which is smooth wherever f is), so its
 * norm stays right near a minimum, where the norm itself has a kink.
 */
import type { Domain, Landscape } from '../core/landscape.ts';

/** Texels per side of the baked field: 0.4% of the domain a texel, finer than a colour step. */
export const STEEPNESS_FIELD_SIZE = 256;
/** The ramp's top: this quantile of |∇f| over the domain (walls beyond it are all "steep"). */
const HIGH_QUANTILE = 0.95;
/**
 * The ramp's bottom: this quantile, divided by LOW_DIVISOR. The valleys balls settle in are
 * gentler than almost all of the domain; a decade under its 10th percentile still tells a ball
 * that is nearly there from one that has arrived.
 */
const LOW_QUANTILE = 0.1;
const LOW_DIVISOR = 10;
/** Half floats stop at 65,504; gradients are stored in units of `high`, and clamped here. */
const STORED_LIMIT = 60_000;

export interface SteepnessField {
  /** Texels per side (rows repeat for a 1D landscape). */
  readonly size: number;
  /** ∇f at texel centres, (gx, gy) interleaved, row by row from yMin, in units of `high`. */
  readonly gradients: Float32Array;
  /** |∇f| drawn darkest (and anything gentler), in the landscape's units. */
  readonly low: number;
  /** |∇f| drawn brightest (and anything steeper). */
  readonly high: number;
}

/**
 * Samples ∇f at the centres of a size x size grid over `domain` (one row, repeated, for 1D) and
 * picks the log scale's ends from the sampled norms. Non-finite gradients (holes in a typed
 * formula) are stored as 0.
 */
export function steepnessField(
  landscape: Landscape,
  domain: Domain,
  size = STEEPNESS_FIELD_SIZE,
): SteepnessField {
  const gradients = new Float32Array(size * size * 2);
  const norms: number[] = [];
  const out = new Float64Array(2);
  const is1d = landscape.dimensions === 1;
  const rows = is1d ? 1 : size;
  for (let j = 0; j < rows; j++) {
    const y = is1d ? 0 : domain.yMin + ((domain.yMax - domain.yMin) * (j + 0.5)) / size;
    for (let i = 0; i < size; i++) {
      const x = domain.xMin + ((domain.xMax - domain.xMin) * (i + 0.5)) / size;
      landscape.gradient(x, y, out);
      const gx = out[0] ?? 0;
      const gy = is1d ? 0 : (out[1] ?? 0);
      const ok = Number.isFinite(gx) && Number.isFinite(gy);
      const k = (j * size + i) * 2;
      gradients[k] = ok ? gx : 0;
      gradients[k + 1] = ok ? gy : 0;
      if (ok) norms.push(Math.hypot(gx, gy));
    }
  }
  const { low, high } = steepnessScale(norms);
  for (let k = 0; k < rows * size * 2; k++) {
    const value = (gradients[k] ?? 0) / high;
    gradients[k] = Math.max(-STORED_LIMIT, Math.min(STORED_LIMIT, value));
  }
  // A 1D field is one row: copy it up so the texture reads the same at any v.
  if (is1d) for (let j = 1; j < size; j++) gradients.copyWithin(j * size * 2, 0, size * 2);
  return { size, gradients, low, high };
}

/**
 * The ends of the log scale from sampled norms: `high` at HIGH_QUANTILE, `low` a decade under
 * LOW_QUANTILE; at least a decade apart, and 1e-6..1 when nothing useful was sampled.
 */
export function steepnessScale(norms: readonly number[]): { low: number; high: number } {
  const sorted = norms.filter((n) => Number.isFinite(n) && n >= 0).sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  let high = at(HIGH_QUANTILE);
  let low = at(LOW_QUANTILE) / LOW_DIVISOR;
  if (!(high > 0)) return { low: 1e-6, high: 1 };
  if (!(low > 0)) low = high / 1000;
  if (high < low * 10) high = low * 10;
  return { low, high };
}

/**
 * Where |∇f| = `norm` falls on the ramp, 0 (gentle) to 1 (steep), on a log scale from `low` to
 * `high`. The JS mirror of the ball shader's mapping (steepness-colors.ts), for tests and overlays.
 */
export function steepnessLevel(norm: number, low: number, high: number): number {
  if (!(norm > 0)) return 0;
  const t = Math.log(norm / low) / Math.log(high / low);
  return Math.min(1, Math.max(0, t));
}

/**
 * The balls' steepness ramp, gentle to steep (sRGB): plasma-like, cool indigo through magenta and
 * orange to a warm white, lightness rising all the way. It starts lighter than plasma's near-black,
 * so a gentle ball still shows on the dark purple floor of the height map, and it ends in a warm
 * white rather than plasma's yellow, which a steep ball would share with the height map's yellow
 * walls (screenshot of the 1D curve). No greens: a ball never takes its ground's colour.
 */
export const STEEPNESS_RAMP = ['#3d3fc8', '#7a3fd2', '#bd45a6', '#ec5f66', '#ff9a3c', '#ffe6c2'] as const;
