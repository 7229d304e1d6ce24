/**
 * The three.js side of colouring balls by steepness (ViewOptions.ballColor): the baked ∇f field of
 * steepness.ts as a texture, and the TSL colour the ball shaders read from it. Baked on first use
 * after each landscape, so views that never colour by steepness never pay for it.
 */

import { clamp, dot, float, log, max, sqrt, texture, vec2 } from 'three/tsl';
import {
  ClampToEdgeWrapping,
  DataTexture,
  DataUtils,
  HalfFloatType,
  LinearFilter,
  type Node,
  RGFormat,
} from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';
import { STEEPNESS_FIELD_SIZE, STEEPNESS_RAMP, steepnessField } from './steepness.ts';
import { type FloatNode, rampColor, type ViewUniforms } from './view-nodes.ts';

export class SteepnessColors {
  /** ∇f over the domain as half floats (see steepness.ts). */
  private readonly texture = createFieldTexture(STEEPNESS_FIELD_SIZE);
  private stale = true;

  constructor(private readonly uniforms: ViewUniforms) {}

  /**
   * A new landscape: maps domain points to field coordinates, texel centres at (i + 0.5) / size
   * as sampled, and marks the field for baking on its next use.
   */
  setLandscape(landscape: Landscape, domain: Domain): void {
    const u = this.uniforms;
    const width = domain.xMax - domain.xMin || 1;
    u.fieldUScale.value = 1 / width;
    u.fieldUOffset.value = -domain.xMin / width;
    if (landscape.dimensions === 1) {
      u.fieldVScale.value = 0;
      u.fieldVOffset.value = 0.5;
    } else {
      const depth = domain.yMax - domain.yMin || 1;
      u.fieldVScale.value = 1 / depth;
      u.fieldVOffset.value = -domain.yMin / depth;
    }
    this.stale = true;
  }

  /** Fills the texture for the current landscape, once per landscape. */
  bake(landscape: Landscape | null, domain: Domain | null): void {
    if (!this.stale || landscape === null || domain === null) return;
    const field = steepnessField(landscape, domain, STEEPNESS_FIELD_SIZE);
    const texels = this.texture.image.data as Uint16Array;
    for (let k = 0; k < texels.length; k++) texels[k] = DataUtils.toHalfFloat(field.gradients[k] ?? 0);
    this.texture.needsUpdate = true;
    this.uniforms.steepnessLogSpan.value = Math.log(field.high / field.low);
    this.stale = false;
  }

  /**
   * The steepness ramp's colour at domain point (x, y): |∇f| from the baked field (in units of
   * the scale's top), on a log scale whose bottom is steepnessLogSpan (natural log units) under
   * the top. Read at mip level 0, so it works in the vertex stage, where balls are coloured.
   */
  color(x: FloatNode, y: FloatNode): Node<'vec3'> {
    const u = this.uniforms;
    const at = vec2(x.mul(u.fieldUScale).add(u.fieldUOffset), y.mul(u.fieldVScale).add(u.fieldVOffset));
    const gradient = texture(this.texture, at, float(0)).xy;
    const norm = max(sqrt(dot(gradient, gradient)), 1e-12);
    const t = clamp(float(1).add(log(norm).div(u.steepnessLogSpan)), 0, 1);
    return rampColor(t, STEEPNESS_RAMP);
  }

  dispose(): void {
    this.texture.dispose();
  }
}

/**
 * A size x size two-channel half-float texture (filterable on WebGPU and WebGL2 alike, unlike
 * 32-bit floats), zeroed, linearly filtered and clamped at the domain's edges.
 */
function createFieldTexture(size: number): DataTexture {
  const field = new DataTexture(new Uint16Array(size * size * 2), size, size, RGFormat, HalfFloatType);
  field.name = 'steepness field';
  field.minFilter = LinearFilter;
  field.magFilter = LinearFilter;
  field.wrapS = ClampToEdgeWrapping;
  field.wrapT = ClampToEdgeWrapping;
  field.generateMipmaps = false;
  field.needsUpdate = true;
  return field;
}
