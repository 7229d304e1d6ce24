/**
 * The TSL building blocks every material of the view shares: its uniforms (the domain-to-world
 * map, the height mapping, the display switches), and colour and line helpers. The height mapping
 * itself, as nodes and as their JS twin, is in height-mapping.ts.
 *
 * World frame: domain x -> world +X, domain y -> world -Z, f -> world +Y in [0, HEIGHT_SCALE].
 */

import { abs, clamp, fract, fwidth, max, mix, oneMinus, smoothstep, uniform, vec3 } from 'three/tsl';
import { Color, type Node } from 'three/webgpu';
import { HEIGHT_RAMP } from './palette.ts';

/** Side of the square the domain is mapped to, in world units. */
export const WORLD_SIZE = 10;
/** World height of the highest sampled value. */
export const HEIGHT_SCALE = 4;

/** Ball radius in world units while there are few balls (about 1/125 of the domain). */
export const BALL_RADIUS = 0.08;

/** Heights are clamped here (in units of the sampled range) so a stray large f stays on screen. */
export const MAX_NORMALISED_HEIGHT = 1.25;

export type FloatNode = Node<'float'>;

/** Uniforms shared by every material of one view: the domain-to-world map and the height mapping. */
export function createUniforms() {
  return {
    /** World x = (x - xCenter) * xScale; world z = -(y - yCenter) * zScale (0 for 1D). */
    xCenter: uniform(0),
    yCenter: uniform(0),
    xScale: uniform(1),
    zScale: uniform(1),
    fMin: uniform(0),
    fRange: uniform(1),
    /** Log softness s, and log1p(range / s), precomputed because it is the same everywhere. */
    logSoftness: uniform(1),
    logDenominator: uniform(1),
    /** 0 linear, 1 log: a mix factor rather than a branch, so both scales share one shader. */
    logMix: uniform(0),
    heightScale: uniform(HEIGHT_SCALE),
    ballRadius: uniform(BALL_RADIUS),
    contourMix: uniform(1),
    wireMix: uniform(0),
    /** Backdrop grid: spacing in world units and the world position of one line, per axis. */
    gridStepX: uniform(1),
    gridStepZ: uniform(1),
    gridOriginX: uniform(0),
    gridOriginZ: uniform(0),
    /** 0 group colours, 1 steepness colours (ViewOptions.ballColor), a mix like logMix. */
    steepnessMix: uniform(0),
    /** log(high / low) of the steepness scale; the baked field is in units of `high`. */
    steepnessLogSpan: uniform(Math.log(1000)),
    /** Domain point to field texture coordinate: u = x * uScale + uOffset (v likewise, 0.5 for 1D). */
    fieldUScale: uniform(0.1),
    fieldUOffset: uniform(0.5),
    fieldVScale: uniform(0.1),
    fieldVOffset: uniform(0.5),
    /** 1 while ViewOptions.localPatch is on; the patch's centre (world x, z) and radius. */
    patchMix: uniform(0),
    patchX: uniform(0),
    patchZ: uniform(0),
    patchRadius: uniform(1),
    /** Half the world extent of the domain along x and z. */
    halfWidth: uniform(WORLD_SIZE / 2),
    halfDepth: uniform(WORLD_SIZE / 2),
    /** 1D crowds: the largest upward offset of a ball (world units), 0 for none. */
    crowdSpread: uniform(0),
  };
}

export type ViewUniforms = ReturnType<typeof createUniforms>;

/** A constant colour from a CSS hex string, converted from sRGB to the linear working space. */
export function rgb(hex: string): Node<'vec3'> {
  const c = new Color(hex);
  return vec3(c.r, c.g, c.b);
}

/** A colour ramp (the height map's by default) as a piecewise-linear TSL function of t in [0, 1]. */
export function rampColor(t: FloatNode, stops: readonly string[] = HEIGHT_RAMP): Node<'vec3'> {
  const segments = stops.length - 1;
  let result: Node<'vec3'> = rgb(stops[0] ?? '#000000');
  for (let i = 1; i <= segments; i++) {
    const weight = clamp(t.mul(segments).sub(i - 1), 0, 1);
    result = mix(result, rgb(stops[i] ?? '#ffffff'), weight);
  }
  return result;
}

/** Anti-aliased line mask (1 on a line) for iso-lines of `value` at integer steps, ~1.5 px wide. */
export function lineMask(value: FloatNode): FloatNode {
  const width = max(fwidth(value), 1e-6);
  const distance = abs(fract(value.sub(0.5)).sub(0.5)).div(width);
  // Where lines would crowd closer than ~3 px they fade out instead of turning the surface black.
  return oneMinus(smoothstep(0.5, 1.5, distance)).mul(oneMinus(smoothstep(0.2, 0.45, width)));
}
