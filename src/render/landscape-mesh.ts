/**
 * The landscape's meshes: the 2D surface (a grid carrying raw f and its gradient, lifted and lit
 * on the GPU through the height mapping of height-mapping.ts) and the 1D curve (a tube-shaded
 * ribbon over a soft fill). Sampling f sets the view's height range (fitHeightRange, in
 * height-mapping.ts) before the holes are filled in.
 */
import {
  abs,
  attribute,
  clamp,
  dot,
  Fn,
  float,
  max,
  mix,
  normalize,
  oneMinus,
  positionGeometry,
  select,
  smoothstep,
  sqrt,
  transformNormalToView,
  uv,
  vec2,
  vec3,
  vertexStage,
} from 'three/tsl';
import {
  BufferAttribute,
  BufferGeometry,
  DoubleSide,
  Mesh,
  MeshBasicNodeMaterial,
  MeshStandardNodeMaterial,
} from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';
import type { BasinOverlay } from './basin-overlay.ts';
import type { HeightNodes } from './height-mapping.ts';
import { lineMask, rampColor, type ViewUniforms } from './view-nodes.ts';

/** Segments per side of the 2D surface mesh. */
const GRID_SEGMENTS = 160;
/** Samples along a 1D curve. */
const CURVE_SAMPLES = 600;
const CURVE_HALF_WIDTH = 0.045;
/** Iso-height lines over the (mapped) height range. */
const CONTOUR_LEVELS = 16;
/** Wireframe cells per side: every 5th mesh segment, dense enough to read the shape. */
const WIRE_DIVISIONS = 32;
/** Where the local patch fades out, as a share of its half-width (the ends taper, not cut). */
const PATCH_FADE_FROM = 0.7;

/**
 * A mesh of sampled points: world positions, raw f (`fValue`) and its slope per world unit
 * (`fSlope`), one more attribute of the mesh's own, and the triangles.
 */
function sampledGeometry(
  positions: Float32Array,
  fValues: Float32Array,
  slopes: Float32Array,
  index: Uint32Array,
  extra: { readonly name: string; readonly values: Float32Array; readonly size: number },
): BufferGeometry {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('fValue', new BufferAttribute(fValues, 1));
  geometry.setAttribute('fSlope', new BufferAttribute(slopes, 2));
  geometry.setAttribute(extra.name, new BufferAttribute(extra.values, extra.size));
  geometry.setIndex(new BufferAttribute(index, 1));
  return geometry;
}

/** The height mapping and the sampled f and slope as nodes, for a material of such a mesh. */
function sampledNodes(context: MeshContext) {
  return {
    h: context.heights,
    f: attribute('fValue', 'float'),
    slope: attribute('fSlope', 'vec2'),
  };
}

/** What the meshes are built with: the view's uniforms, height mapping and basin overlay. */
export interface MeshContext {
  readonly uniforms: ViewUniforms;
  readonly heights: HeightNodes;
  readonly basin: BasinOverlay;
  /** Sets the view's height range from sampled values; non-finite ones are holes. */
  setHeightRange(values: Float32Array, minima: Landscape['minima']): { fMin: number; fRange: number };
}

/** The 2D surface: a grid carrying raw f and its gradient; heights and normals are GPU work. */
export function buildSurface(landscape: Landscape, domain: Domain, context: MeshContext): Mesh {
  const n = GRID_SEGMENTS + 1;
  const u = context.uniforms;
  const positions = new Float32Array(n * n * 3);
  const fValues = new Float32Array(n * n);
  const slopes = new Float32Array(n * n * 2);
  const uvs = new Float32Array(n * n * 2);
  const gradient = new Float64Array(2);
  for (let j = 0; j < n; j++) {
    const y = domain.yMin + ((domain.yMax - domain.yMin) * j) / GRID_SEGMENTS;
    for (let i = 0; i < n; i++) {
      const x = domain.xMin + ((domain.xMax - domain.xMin) * i) / GRID_SEGMENTS;
      const k = j * n + i;
      positions[k * 3] = (x - u.xCenter.value) * u.xScale.value;
      positions[k * 3 + 2] = -(y - u.yCenter.value) * u.zScale.value;
      fValues[k] = landscape.f(x, y);
      landscape.gradient(x, y, gradient);
      // Per world unit: world z runs against domain y.
      const gx = gradient[0] ?? 0;
      const gy = gradient[1] ?? 0;
      slopes[k * 2] = Number.isFinite(gx) ? gx / u.xScale.value : 0;
      slopes[k * 2 + 1] = Number.isFinite(gy) ? -gy / u.zScale.value : 0;
      uvs[k * 2] = i / GRID_SEGMENTS;
      uvs[k * 2 + 1] = j / GRID_SEGMENTS;
    }
  }
  const { fMin, fRange } = context.setHeightRange(fValues, landscape.minima);
  // A hole in the domain (e.g. log of a negative) is drawn as a wall at the top of the range.
  for (let k = 0; k < fValues.length; k++) {
    if (!Number.isFinite(fValues[k])) fValues[k] = fMin + fRange;
  }
  const index = new Uint32Array(GRID_SEGMENTS * GRID_SEGMENTS * 6);
  let w = 0;
  for (let j = 0; j < GRID_SEGMENTS; j++) {
    for (let i = 0; i < GRID_SEGMENTS; i++) {
      const a = j * n + i;
      const b = a + 1;
      const c = a + n;
      const d = c + 1;
      // Counter-clockwise seen from above (+Y), since world z decreases with j.
      index[w++] = a;
      index[w++] = b;
      index[w++] = c;
      index[w++] = b;
      index[w++] = d;
      index[w++] = c;
    }
  }
  const geometry = sampledGeometry(positions, fValues, slopes, index, { name: 'uv', values: uvs, size: 2 });
  const { h, f, slope } = sampledNodes(context);
  const material = new MeshStandardNodeMaterial({ roughness: 0.78, metalness: 0.0, side: DoubleSide });
  material.name = 'surface';
  material.positionNode = vec3(positionGeometry.x, h.height(f), positionGeometry.z);
  // Analytic normal from the exact gradient and the mapping's derivative: smooth at any scale.
  material.emissiveNode = context.basin.glow();
  const dh = h.heightPerF(f);
  material.normalNode = transformNormalToView(
    normalize(vec3(slope.x.mul(dh).negate(), float(1), slope.y.mul(dh).negate())),
  );
  material.colorNode = Fn(() => {
    const t = h.normalised(f);
    const base = context.basin.colorize(rampColor(clamp(t, 0, 1))).toVar();
    const contour = lineMask(t.mul(CONTOUR_LEVELS)).mul(u.contourMix);
    base.assign(mix(base, base.mul(0.3), contour.mul(0.75)));
    const cells = uv().mul(WIRE_DIVISIONS);
    const wire = max(lineMask(cells.x), lineMask(cells.y)).mul(u.wireMix);
    base.assign(mix(base, vec3(0.92, 0.95, 1.0), wire.mul(0.24)));
    return base;
  })();
  // The local patch: a disc around ball 0 (its x, z in world units).
  const fromBall = vec2(positionGeometry.x, positionGeometry.z).sub(vec2(u.patchX, u.patchZ));
  const patchDistance = vertexStage(sqrt(dot(fromBall, fromBall)));
  material.maskNode = patchDistance.lessThanEqual(u.patchRadius).or(u.patchMix.lessThan(0.5));
  const mesh = new Mesh(geometry, material);
  mesh.name = 'surface';
  // Vertices sit at y = 0 on the CPU and are lifted in the shader: bounds would be wrong.
  mesh.frustumCulled = false;
  return mesh;
}

/** A 1D landscape: a thick, tube-shaded ribbon along y = f(x) and a soft fill below it. */
export function buildCurve(landscape: Landscape, domain: Domain, context: MeshContext): Mesh[] {
  const n = CURVE_SAMPLES;
  const u = context.uniforms;
  const fSamples = new Float32Array(n);
  const slopeSamples = new Float32Array(n);
  const xs = new Float32Array(n);
  const gradient = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const x = domain.xMin + ((domain.xMax - domain.xMin) * i) / (n - 1);
    xs[i] = (x - u.xCenter.value) * u.xScale.value;
    fSamples[i] = landscape.f(x, 0);
    landscape.gradient(x, 0, gradient);
    const g = gradient[0] ?? 0;
    slopeSamples[i] = Number.isFinite(g) ? g / u.xScale.value : 0;
  }
  const { fMin, fRange } = context.setHeightRange(fSamples, landscape.minima);
  for (let i = 0; i < n; i++) if (!Number.isFinite(fSamples[i])) fSamples[i] = fMin + fRange;

  // Two vertices per sample: ribbon sides (-1, +1), or fill bottom/top (0, 1).
  const positions = new Float32Array(n * 2 * 3);
  const fValues = new Float32Array(n * 2);
  const slopes = new Float32Array(n * 2 * 2);
  const across = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < 2; s++) {
      const k = i * 2 + s;
      positions[k * 3] = xs[i] ?? 0;
      fValues[k] = fSamples[i] ?? 0;
      slopes[k * 2] = slopeSamples[i] ?? 0;
      across[k] = s;
    }
  }
  const index = new Uint32Array((n - 1) * 6);
  for (let i = 0; i < n - 1; i++) {
    const a = i * 2;
    index.set([a, a + 2, a + 1, a + 1, a + 2, a + 3], i * 6);
  }
  const geometry = sampledGeometry(positions, fValues, slopes, index, {
    name: 'across',
    values: across,
    size: 1,
  });
  const { h, f, slope } = sampledNodes(context);
  const acrossNode = attribute('across', 'float');

  // The local patch (ViewOptions.localPatch): |world x - ball 0's| within patchRadius, its ends
  // tapering to a point; the rest of the curve is discarded.
  const fromBall = abs(positionGeometry.x.sub(u.patchX));
  const outsidePatch = u.patchMix.greaterThan(0.5).and(fromBall.greaterThan(u.patchRadius));
  const taper = oneMinus(
    smoothstep(u.patchRadius.mul(PATCH_FADE_FROM), u.patchRadius, fromBall).mul(u.patchMix),
  );
  const ribbonMaterial = new MeshBasicNodeMaterial({ side: DoubleSide });
  ribbonMaterial.name = 'curve';
  ribbonMaterial.positionNode = Fn(() => {
    const tangent = normalize(vec2(1, h.heightPerF(f).mul(slope.x)));
    const normal = vec2(tangent.y.negate(), tangent.x);
    const side = acrossNode.mul(2).sub(1);
    const halfWidth = taper.mul(CURVE_HALF_WIDTH);
    const point = vec2(positionGeometry.x, h.height(f)).add(normal.mul(side.mul(halfWidth)));
    return vec3(point, 0);
  })();
  const outsideVarying = vertexStage(select(outsidePatch, float(1), float(0)));
  ribbonMaterial.maskNode = outsideVarying.lessThan(0.5);
  ribbonMaterial.colorNode = Fn(() => {
    const side = acrossNode.mul(2).sub(1);
    // Shaded like a lit tube seen from the front: bright along the middle, darker at the edges.
    const shade = sqrt(max(oneMinus(side.mul(side)), 0))
      .mul(0.45)
      .add(0.55);
    const base = mix(rampColor(clamp(h.normalised(f), 0, 1)), vec3(1), 0.4);
    return base.mul(shade);
  })();
  const ribbon = new Mesh(geometry, ribbonMaterial);
  ribbon.name = 'curve';
  ribbon.frustumCulled = false;
  ribbon.renderOrder = 1;

  const fillMaterial = new MeshBasicNodeMaterial({
    side: DoubleSide,
    transparent: true,
    depthWrite: false,
  });
  fillMaterial.name = 'curve fill';
  fillMaterial.positionNode = vec3(positionGeometry.x, h.height(f).mul(acrossNode), -0.02);
  fillMaterial.colorNode = rampColor(clamp(h.normalised(f), 0, 1));
  fillMaterial.opacityNode = mix(float(0.03), float(0.32), acrossNode).mul(vertexStage(taper));
  fillMaterial.maskNode = outsideVarying.lessThan(0.5);
  const fill = new Mesh(geometry, fillMaterial);
  fill.name = 'curve fill';
  fill.frustumCulled = false;
  return [fill, ribbon];
}
