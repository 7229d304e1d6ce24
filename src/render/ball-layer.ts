/**
 * The balls: up to SPHERE_LIMIT as lit instanced spheres, above it as camera-facing sprites
 * shaded as spheres. Both read the ball buffer (x, y, f, flags per ball) the view owns, which on
 * WebGPU the compute backend writes in place. A ball is coloured by its group (or by the
 * steepness under it), rimmed white once converged, and drawn as a larger ring in its group's
 * colour once diverged. Their size shrinks with the count (ballScale).
 */

import {
  abs,
  cameraPosition,
  cameraViewMatrix,
  dot,
  Fn,
  float,
  floor,
  fract,
  attribute as geometryAttribute,
  instanceIndex,
  int,
  max,
  mix,
  normalize,
  normalView,
  oneMinus,
  positionGeometry,
  positionLocal,
  positionViewDirection,
  pow,
  select,
  sin,
  smoothstep,
  sqrt,
  storage,
  uv,
  vec3,
  vec4,
  vertexStage,
} from 'three/tsl';
import {
  BufferAttribute,
  BufferGeometry,
  IcosahedronGeometry,
  Mesh,
  MeshBasicNodeMaterial,
  MeshStandardNodeMaterial,
  type Node,
  PlaneGeometry,
  type StorageInstancedBufferAttribute,
  type UniformArrayNode,
} from 'three/webgpu';
import { MAX_GROUPS } from '../core/group-limit.ts';
import { CONVERGED, DIVERGED } from '../core/status.ts';
import type { HeightNodes } from './height-mapping.ts';
import type { FloatNode, ViewUniforms } from './view-nodes.ts';

/**
 * Up to this many balls are drawn as lit instanced spheres; above it, as fake-lit sprites that look
 * the same from a few pixels away and cost two triangles each. Software rasterisers (SwiftShader,
 * which CI and many VMs use) managed about one frame a second with 20,000 spheres.
 */
export const SPHERE_LIMIT = 1_000;
/** Balls drawn by one instance of the sprite batch (see buildSprites). */
const SPRITES_PER_INSTANCE = 256;
/** Ball count above which balls start to shrink, so the surface stays visible between them. */
const SHRINK_FROM = 1_000;

/**
 * Balls shrink as the count grows past SHRINK_FROM (radius ~ 1/sqrt(count), so they cover about
 * the same share of the surface), never below this fraction of BALL_RADIUS: at 5,000 balls and
 * more the landscape stays visible between them.
 */
const MIN_BALL_SCALE = 0.3;

/** A diverged ball is drawn as a ring whose hole is this share of its radius ... */
const DIVERGED_HOLE = 0.55;
/** ... and this many times as large as a ball in play, so the ring reads. */
const DIVERGED_GROWTH = 1.6;

/** What the ball materials need from the view. */
export interface BallContext {
  readonly uniforms: ViewUniforms;
  readonly heights: HeightNodes;
  /** Colour per group, linear RGB. */
  readonly groupColors: UniformArrayNode<string>;
  /** The steepness ramp's colour at a domain point (ViewOptions.ballColor). */
  steepnessColor(x: FloatNode, y: FloatNode): Node<'vec3'>;
  /** Whether sprites are drawn in batches reading the buffer by index (WebGPU only). */
  readonly batched: boolean;
}

/** The ball radius's share of its few-balls size for `count` balls (see SHRINK_FROM). */
export function ballScale(count: number): number {
  return count > SHRINK_FROM ? Math.max(MIN_BALL_SCALE, Math.sqrt(SHRINK_FROM / count)) : 1;
}

/** The mesh that draws `count` balls from `attribute` (the view's ball buffer). */
export function buildBalls(
  context: BallContext,
  attribute: StorageInstancedBufferAttribute,
  count: number,
): Mesh {
  /**
   * TSL nodes every ball material shares: centre, colour and status, from the ball buffer; the
   * ball is the instance's unless `ballIndex` says otherwise.
   */
  function ballNodes(count: number, ballIndex?: Node<'int'>) {
    const h = context.heights;
    const u = context.uniforms;
    const buffer = storage(attribute, 'vec4', count);
    const ball = ballIndex === undefined ? buffer.toAttribute() : buffer.element(ballIndex);
    // On a 1D curve a crowd is spread upwards by a fixed pseudo-random share per ball, so that
    // thousands of balls on one curve read as a population rather than one blob.
    const index = float(ballIndex ?? int(instanceIndex));
    const spread = fract(sin(index.mul(12.9898)).mul(43758.5453)).mul(u.crowdSpread);
    // flags = ballFlags(group, status), as floats; +0.5 guards the floor against rounding.
    const status = floor(ball.w.add(0.5).div(MAX_GROUPS));
    const groupIndex = int(ball.w.sub(status.mul(MAX_GROUPS)).add(0.5));
    const converged = select(status.equal(CONVERGED), float(1), float(0)) as FloatNode;
    const diverged = status.equal(DIVERGED);
    const groupColor = context.groupColors.element(groupIndex) as unknown as Node<'vec3'>;
    // A diverged ball's ground says nothing (it is drawn at the domain's edge): its group does.
    const steepnessMix = select(diverged, float(0), u.steepnessMix) as FloatNode;
    const base = mix(groupColor, context.steepnessColor(ball.x, ball.y), steepnessMix);
    const center = vec3(h.edgeX(ball.x), h.height(ball.z).add(u.ballRadius).add(spread), h.edgeZ(ball.y));
    // A diverged ball keeps its group's colour, drawn hollow (see DIVERGED_HOLE), so the view
    // says which group blew up.
    const hollow = select(diverged, float(1), float(0)) as FloatNode;
    return {
      center,
      tint: vertexStage(base),
      converged: vertexStage(converged),
      hollow: vertexStage(hollow),
    };
  }

  /** Few balls: instanced, lit low-poly spheres. */
  function buildSpheres(count: number): Mesh {
    const { center, tint, converged, hollow } = ballNodes(count);
    const material = new MeshStandardNodeMaterial({ roughness: 0.35, metalness: 0.05 });
    material.name = 'balls';
    const size = context.uniforms.ballRadius.mul(hollow.mul(DIVERGED_GROWTH - 1).add(1));
    material.positionNode = positionLocal.mul(size).add(center);
    material.colorNode = tint;
    const facing = abs(dot(normalView, positionViewDirection));
    // A diverged ball: the sphere's face towards the camera cut away, a ring in its group colour.
    material.maskNode = hollow.lessThan(0.5).or(facing.lessThan(DIVERGED_HOLE));
    // Converged balls get a white rim (Fresnel-like), so settled ones read at a glance.
    const rim = pow(oneMinus(facing), 2.0);
    // The ring a diverged ball leaves is its rim, lit from the side: it glows to stay readable.
    material.emissiveNode = tint.mul(hollow.mul(0.6).add(0.12)).add(vec3(1).mul(rim.mul(converged).mul(0.9)));
    // Finer spheres while they are few and large on screen (the lesson's single ball), coarser
    // ones when thousands share the frame.
    const detail = count <= 16 ? 3 : count <= 200 ? 2 : 1;
    const mesh = new Mesh(withBallBuffer(new IcosahedronGeometry(1, detail)), material);
    mesh.count = count;
    mesh.frustumCulled = false;
    return mesh;
  }

  /**
   * Many balls: camera-facing quads shaded as spheres in the fragment shader. Each instance draws
   * SPRITES_PER_INSTANCE balls: software rasterisers (SwiftShader) pay a fixed cost per instance
   * that made one instance per ball about 20x slower there; GPUs do not mind either way.
   */
  function buildSprites(count: number): Mesh {
    // WebGL2 reads the ball buffer as a vertex attribute, which only works per instance; an
    // indexed read there goes through a texture that three does not refresh when balls move.
    const batched = context.batched;
    let center: Node<'vec3'>;
    let tint: Node<'vec3'>;
    let converged: FloatNode;
    let hollow: FloatNode;
    let visible: Node<'float'> = float(1);
    if (batched) {
      const slot = geometryAttribute<'float'>('ballSlot', 'float');
      const ballIndex = int(instanceIndex).mul(SPRITES_PER_INSTANCE).add(int(slot));
      visible = select(ballIndex.lessThan(count), float(1), float(0)) as Node<'float'>;
      ({ center, tint, converged, hollow } = ballNodes(
        count,
        select(ballIndex.lessThan(count), ballIndex, int(count - 1)) as Node<'int'>,
      ));
    } else {
      ({ center, tint, converged, hollow } = ballNodes(count));
    }
    const radius = context.uniforms.ballRadius;
    const material = new MeshBasicNodeMaterial();
    material.name = 'ball sprites';
    // Camera right and up in world space are the view matrix's first two rows.
    // Indexing a mat4 node gives a column; three's types do not declare it for mat4.
    const viewMatrix = cameraViewMatrix as unknown as { element(column: number): Node<'vec4'> };
    const column = (i: number): Node<'vec4'> => viewMatrix.element(i);
    const right = vec3(column(0).x, column(1).x, column(2).x);
    const up = vec3(column(0).y, column(1).y, column(2).y);
    const corner = positionGeometry.xy
      .mul(radius.mul(2).mul(hollow.mul(DIVERGED_GROWTH - 1).add(1)))
      .mul(visible);
    // Pulled towards the camera by one radius, so the flat quad does not cut into the surface
    // where a real sphere would not.
    material.positionNode = center
      .add(normalize(cameraPosition.sub(center)).mul(radius))
      .add(right.mul(corner.x))
      .add(up.mul(corner.y));
    const disc = uv().mul(2).sub(1);
    const r2 = dot(disc, disc);
    // A diverged ball is a ring: its middle cut out (DIVERGED_HOLE of the radius, squared here).
    material.maskNode = r2.lessThanEqual(1).and(hollow.lessThan(0.5).or(r2.greaterThan(DIVERGED_HOLE ** 2)));
    material.colorNode = Fn(() => {
      const normal = vec3(disc, sqrt(max(oneMinus(r2), 0)));
      const light = normalize(vec3(-0.45, 0.6, 0.65));
      const diffuse = max(dot(normal, light), 0);
      const halfway = normalize(light.add(vec3(0, 0, 1)));
      const specular = pow(max(dot(normal, halfway), 0), 32).mul(0.3);
      const lit = tint.mul(diffuse.mul(0.85).add(0.28)).add(specular);
      const rim = smoothstep(0.68, 0.92, sqrt(r2)).mul(converged);
      return vec4(mix(lit, vec3(1), rim.mul(0.6)), 1);
    })();
    const geometry = batched ? spriteBatchGeometry() : new PlaneGeometry(1, 1);
    const sprites = new Mesh(withBallBuffer(geometry), material);
    sprites.count = batched ? Math.ceil(count / SPRITES_PER_INSTANCE) : count;
    sprites.frustumCulled = false;
    return sprites;
  }

  /**
   * Also registers the ball buffer as a (never bound) geometry attribute: three frees the GPU
   * buffers of a geometry's attributes when the geometry is disposed, but not those only a node
   * refers to, so without this every `setParticles` would leak the previous buffer.
   */
  function withBallBuffer<G extends BufferGeometry>(geometry: G): G {
    geometry.setAttribute('ballData', attribute);
    return geometry;
  }

  return count <= SPHERE_LIMIT ? buildSpheres(count) : buildSprites(count);
}

/** SPRITES_PER_INSTANCE unit quads, each vertex tagged with its quad's slot in the batch. */
function spriteBatchGeometry(): BufferGeometry {
  const quads = SPRITES_PER_INSTANCE;
  const positions = new Float32Array(quads * 4 * 3);
  const uvs = new Float32Array(quads * 4 * 2);
  const slots = new Float32Array(quads * 4);
  const index = new Uint32Array(quads * 6);
  const corners = [
    [-0.5, -0.5],
    [0.5, -0.5],
    [0.5, 0.5],
    [-0.5, 0.5],
  ] as const;
  for (let q = 0; q < quads; q++) {
    corners.forEach(([cx, cy], c) => {
      const v = q * 4 + c;
      positions[v * 3] = cx;
      positions[v * 3 + 1] = cy;
      uvs[v * 2] = cx + 0.5;
      uvs[v * 2 + 1] = cy + 0.5;
      slots[v] = q;
    });
    index.set([q * 4, q * 4 + 1, q * 4 + 2, q * 4, q * 4 + 2, q * 4 + 3], q * 6);
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('uv', new BufferAttribute(uvs, 2));
  geometry.setAttribute('ballSlot', new BufferAttribute(slots, 1));
  geometry.setIndex(new BufferAttribute(index, 1));
  return geometry;
}
