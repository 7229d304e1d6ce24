/**
 * The height mapping, raw f to world height (linear or log1p, clamped), and the domain-to-world
 * map, written twice side by side: as TSL nodes for the shaders (`heightNodes`), and in JS for
 * what the view places or picks on the CPU (`heightMapping`): picking, the inspected ball's
 * arrows, the tangent line, axis ticks and framing. Both read the same uniforms, so they cannot
 * disagree about the range; keep their formulas in step when one changes.
 *
 * World frame: domain x -> world +X, domain y -> world -Z, f -> world +Y in [0, HEIGHT_SCALE].
 */

import { clamp, float, log, max, mix } from 'three/tsl';
import type { Vector3 } from 'three/webgpu';
import type { Landscape } from '../core/landscape.ts';
import { type FloatNode, MAX_NORMALISED_HEIGHT, type ViewUniforms } from './view-nodes.ts';

/**
 * The log scale's softness s is this quantile of (f - fMin) over the grid: the lowest 5% of the
 * landscape then takes a readable share of the height instead of a flat floor.
 */
const LOG_SOFTNESS_QUANTILE = 0.05;

/** Builds the TSL pieces of the height mapping once per view; the JS twin is `heightMapping`. */
export function heightNodes(u: ViewUniforms) {
  /** Normalised height in [0, MAX_NORMALISED_HEIGHT] of a raw f value. */
  const normalised = (f: FloatNode): FloatNode => {
    const d = max(f.sub(u.fMin), 0);
    const linear = d.div(u.fRange);
    const logarithmic = log(d.div(u.logSoftness).add(1)).div(u.logDenominator);
    return clamp(mix(linear, logarithmic, u.logMix), 0, MAX_NORMALISED_HEIGHT);
  };
  /** World height of a raw f value. */
  const height = (f: FloatNode): FloatNode => normalised(f).mul(u.heightScale);
  /** d(world height)/df, for normals: the chain rule through either scale. */
  const heightPerF = (f: FloatNode): FloatNode => {
    const d = max(f.sub(u.fMin), 0);
    const linear = float(1).div(u.fRange);
    const logarithmic = float(1).div(d.add(u.logSoftness).mul(u.logDenominator));
    return mix(linear, logarithmic, u.logMix).mul(u.heightScale);
  };
  const worldX = (x: FloatNode): FloatNode => x.sub(u.xCenter).mul(u.xScale);
  const worldZ = (y: FloatNode): FloatNode => y.sub(u.yCenter).mul(u.zScale).negate();
  /** A ball (or trail point) outside the domain is drawn at its edge, where it left. */
  const edgeX = (x: FloatNode): FloatNode => clamp(worldX(x), u.halfWidth.negate(), u.halfWidth);
  const edgeZ = (y: FloatNode): FloatNode => clamp(worldZ(y), u.halfDepth.negate(), u.halfDepth);
  return { normalised, height, heightPerF, worldX, worldZ, edgeX, edgeZ };
}

export type HeightNodes = ReturnType<typeof heightNodes>;

/** The JS twin of `heightNodes`, with the same names, read from the same uniforms when called. */
export function heightMapping(u: ViewUniforms) {
  /** Normalised height in [0, MAX_NORMALISED_HEIGHT] of a raw f value; a non-finite f sits at 1. */
  const normalised = (f: number): number => {
    const d = Number.isFinite(f) ? Math.max(f - u.fMin.value, 0) : u.fRange.value;
    // logMix is only ever 0 or 1 (ViewOptions.logHeight): a branch rather than the shader's mix, so
    // a huge f that overflows one scale to Infinity cannot turn the other into NaN (Infinity * 0).
    const t =
      u.logMix.value === 0
        ? d / u.fRange.value
        : Math.log1p(d / u.logSoftness.value) / u.logDenominator.value;
    return Math.min(Math.max(t, 0), MAX_NORMALISED_HEIGHT);
  };
  /** World height of a raw f value. */
  const height = (f: number): number => normalised(f) * u.heightScale.value;
  const worldX = (x: number): number => (x - u.xCenter.value) * u.xScale.value;
  const worldZ = (y: number): number => -(y - u.yCenter.value) * u.zScale.value;
  /** The inverses of worldX and worldZ, for picking. */
  const domainX = (x: number): number => x / u.xScale.value + u.xCenter.value;
  const domainY = (z: number): number => -z / u.zScale.value + u.yCenter.value;
  /** A ball outside the domain is drawn at its edge, where it left. */
  const edgeX = (x: number): number => Math.min(u.halfWidth.value, Math.max(-u.halfWidth.value, worldX(x)));
  const edgeZ = (y: number): number => Math.min(u.halfDepth.value, Math.max(-u.halfDepth.value, worldZ(y)));
  /**
   * World position of the surface point over domain point (x, y), raised by `lift` world units
   * (y ignored for 1D); the origin's height before a landscape is set.
   */
  const surfacePoint = (landscape: Landscape | null, x: number, y: number, lift: number, out: Vector3) => {
    const is1d = landscape?.dimensions === 1;
    const f = landscape ? landscape.f(x, is1d ? 0 : y) : 0;
    return out.set(worldX(x), height(f) + lift, is1d ? 0 : worldZ(y));
  };
  return { normalised, height, worldX, worldZ, domainX, domainY, edgeX, edgeZ, surfacePoint };
}

export type HeightMapping = ReturnType<typeof heightMapping>;

/**
 * Fits the mapping to sampled f values (non-finite ones ignored): sets fMin, the range and the log
 * softness in the uniforms, and returns the first two.
 */
export function fitHeightRange(
  u: ViewUniforms,
  values: Float32Array,
  minima: Landscape['minima'],
): { fMin: number; fRange: number } {
  let fMin = Number.POSITIVE_INFINITY;
  let fMax = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < fMin) fMin = v;
    if (v > fMax) fMax = v;
  }
  // The grid can miss a narrow minimum; the known value keeps balls there from sinking.
  for (const m of minima) if (Number.isFinite(m.value) && m.value < fMin) fMin = m.value;
  if (!Number.isFinite(fMin) || !Number.isFinite(fMax)) {
    fMin = 0;
    fMax = 1;
  }
  const range = fMax - fMin > 1e-12 ? fMax - fMin : 1;
  const offsets = new Float32Array(values.length);
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) offsets[n++] = v - fMin;
  const sorted = offsets.subarray(0, n).sort();
  const quantile = sorted[Math.floor((n - 1) * LOG_SOFTNESS_QUANTILE)] ?? range;
  const softness = Math.max(quantile, range * 1e-6);

  u.fMin.value = fMin;
  u.fRange.value = range;
  u.logSoftness.value = softness;
  u.logDenominator.value = Math.log1p(range / softness);
  return { fMin, fRange: range };
}
