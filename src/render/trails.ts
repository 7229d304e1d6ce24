/**
 * Fading trails: the recent path of some balls, drawn as ribbons that face the camera and fade
 * with age. One instance per segment (a quad); its two ends carry raw (x, y, f) and the shader
 * maps them to the world like the balls, so the log height switch moves trails with the surface.
 * Ribbons rather than GPU lines, whose width is fixed at one pixel on WebGPU: too thin to follow
 * on a busy surface.
 */
import { attribute, cameraPosition, cross, length, mix, positionGeometry, select, vec3 } from 'three/tsl';
import {
  BufferAttribute,
  BufferGeometry,
  type Color,
  DoubleSide,
  InstancedBufferAttribute,
  Mesh,
  MeshBasicNodeMaterial,
  type Node,
} from 'three/webgpu';
import type { LossFn } from '../core/landscape.ts';
import { insideStretch, smoothTrail, type TrailBounds } from './trail-path.ts';

/**
 * A trail as a ring buffer, oldest point first from `head`: points (x[(head + k) % capacity],
 * y[...]) for k in [0, length). Every point must be finite (the recorder guarantees it).
 */
export interface TrailPath {
  /** Index into the colour table (the ball's group). */
  readonly group: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly head: number;
  readonly length: number;
}

/** How a layer draws its paths. */
export interface TrailShape {
  /** Paths drawn per group at most (the first ones given). */
  readonly perGroup: number;
  /** Longest straight piece, in units of xUnit and yUnit (domain units per world unit). */
  readonly maxPiece: number;
  readonly xUnit: number;
  readonly yUnit: number;
  /** The landscape's box: a trail is drawn only over it (insideStretch). */
  readonly bounds: TrailBounds;
  /** Whether the landscape is 2D (a 1D curve's trails are checked in x only). */
  readonly twoD: boolean;
}

/** Maps raw (x, y, f) to a world position on the surface (the view's height mapping). */
export type PlaceNode = (point: Node<'vec3'>) => Node<'vec3'>;

/** Floats per segment: from (x, y, f, alpha), to (x, y, f, alpha), colour (r, g, b). */
const FROM = 4;
const TO = 4;
const COLOR = 3;
/**
 * A loss too large for float32 (an overflow far up a wall) is drawn at this value instead, which
 * the height mapping clamps to the top: never Infinity or NaN in a vertex buffer.
 */
const HUGE_LOSS = 3e38;
/** Opacity of a trail's oldest segment relative to its newest: the fade is (age)^FADE_POWER. */
const FADE_POWER = 1.6;

export class TrailLayer {
  readonly mesh: Mesh;
  private readonly geometry = new BufferGeometry();
  private from: InstancedBufferAttribute;
  private to: InstancedBufferAttribute;
  private color: InstancedBufferAttribute;
  private capacity: number;

  /**
   * @param place the view's mapping from raw (x, y, f) to the world.
   * @param halfWidth ribbon half-width in world units (a uniform, so it follows the ball size).
   * @param lift how far above the surface the ribbon floats (world units), so it does not
   *   z-fight with the surface it runs on.
   * @param capacity segments to allocate at first; grows when needed.
   */
  constructor(
    place: PlaceNode,
    halfWidth: Node<'float'>,
    lift: Node<'float'>,
    capacity: number,
    name: string,
  ) {
    this.capacity = Math.max(1, capacity);
    this.from = new InstancedBufferAttribute(new Float32Array(this.capacity * FROM), FROM);
    this.to = new InstancedBufferAttribute(new Float32Array(this.capacity * TO), TO);
    this.color = new InstancedBufferAttribute(new Float32Array(this.capacity * COLOR), COLOR);
    // One quad: x in {0, 1} runs from the segment's start to its end, y in {-1, 1} is the side.
    this.geometry.setAttribute(
      'position',
      new BufferAttribute(new Float32Array([0, -1, 0, 1, -1, 0, 1, 1, 0, 0, 1, 0]), 3),
    );
    this.geometry.setIndex([0, 1, 2, 0, 2, 3]);
    this.attach();

    const from = attribute<'vec4'>('trailFrom', 'vec4');
    const to = attribute<'vec4'>('trailTo', 'vec4');
    const rgb = attribute<'vec3'>('trailColor', 'vec3');
    const up = vec3(0, 1, 0).mul(lift);
    const a = place(from.xyz).add(up);
    const b = place(to.xyz).add(up);
    const along = positionGeometry.x;
    const centre = mix(a, b, along);
    // Across the segment and the line of sight: the ribbon faces the camera from any angle.
    const across = cross(b.sub(a), cameraPosition.sub(centre));
    const acrossLength = length(across);
    // A ball that did not move gives a zero-length segment: collapse it instead of dividing by 0.
    const side = select(
      acrossLength.greaterThan(1e-9),
      across.div(acrossLength.max(1e-9)),
      vec3(0, 0, 0),
    ) as Node<'vec3'>;
    const material = new MeshBasicNodeMaterial({ transparent: true, depthWrite: false, side: DoubleSide });
    material.name = name;
    material.positionNode = centre.add(side.mul(positionGeometry.y).mul(halfWidth));
    material.colorNode = rgb;
    material.opacityNode = mix(from.w, to.w, along);
    this.mesh = new Mesh(this.geometry, material);
    this.mesh.name = name;
    this.mesh.frustumCulled = false;
    // After the surface and the balls' depth, before the inspection arrows.
    this.mesh.renderOrder = 2;
    this.mesh.count = 0;
  }

  /**
   * Rewrites the segments from `paths` (colours by group, linear RGB): each path smoothed and cut
   * into pieces that follow the surface (see smoothTrail), at most `shape.perGroup` paths a group.
   * The newest point of each trail is opaque; older ones fade towards transparent.
   */
  update(paths: readonly TrailPath[], colors: readonly Color[], f: LossFn, shape: TrailShape): void {
    const drawn: { path: TrailPath; x: number[]; y: number[]; along: number[] }[] = [];
    const perGroup = new Map<number, number>();
    let needed = 0;
    for (const path of paths) {
      const capacity = path.x.length;
      const count = perGroup.get(path.group) ?? 0;
      if (path.length < 2 || capacity === 0 || count >= shape.perGroup) continue;
      perGroup.set(path.group, count + 1);
      const xs = new Float64Array(path.length);
      const ys = new Float64Array(path.length);
      for (let k = 0; k < path.length; k++) {
        const index = (path.head + k) % capacity;
        xs[k] = path.x[index] ?? 0;
        ys[k] = path.y[index] ?? 0;
      }
      const { start, end } = insideStretch(xs, ys, shape.bounds, shape.twoD);
      if (end - start < 2) continue;
      const smooth = smoothTrail(
        xs.subarray(start, end),
        ys.subarray(start, end),
        shape.maxPiece,
        shape.xUnit,
        shape.yUnit,
      );
      drawn.push({ path, ...smooth });
      needed += smooth.x.length - 1;
    }
    if (needed > this.capacity) this.grow(needed);
    const from = this.from.array as Float32Array;
    const to = this.to.array as Float32Array;
    const rgb = this.color.array as Float32Array;
    let segment = 0;
    for (const { path, x, y, along } of drawn) {
      const color = colors[path.group] ?? colors[0];
      // A trail shorter than its ring is younger: its oldest end is not faded all the way.
      const age = path.length / Math.max(1, path.x.length);
      for (let k = 1; k < x.length; k++) {
        writePoint(from, segment * FROM, x[k - 1] ?? 0, y[k - 1] ?? 0, f, fade(along[k - 1] ?? 0, age));
        writePoint(to, segment * TO, x[k] ?? 0, y[k] ?? 0, f, fade(along[k] ?? 0, age));
        rgb[segment * COLOR] = color?.r ?? 1;
        rgb[segment * COLOR + 1] = color?.g ?? 1;
        rgb[segment * COLOR + 2] = color?.b ?? 1;
        segment++;
      }
    }
    this.mesh.count = segment;
    this.from.needsUpdate = true;
    this.to.needsUpdate = true;
    this.color.needsUpdate = true;
  }

  /** Draws nothing until the next update. */
  clear(): void {
    this.mesh.count = 0;
  }

  dispose(): void {
    this.geometry.dispose();
    const material = this.mesh.material as MeshBasicNodeMaterial;
    material.dispose();
  }

  /** New, larger buffers: the trail count grew (more groups, or a longer history). */
  private grow(needed: number): void {
    // The old buffers go with a geometry dispose; three frees GPU buffers per attribute object.
    this.geometry.dispose();
    this.capacity = Math.max(needed, this.capacity * 2);
    this.from = new InstancedBufferAttribute(new Float32Array(this.capacity * FROM), FROM);
    this.to = new InstancedBufferAttribute(new Float32Array(this.capacity * TO), TO);
    this.color = new InstancedBufferAttribute(new Float32Array(this.capacity * COLOR), COLOR);
    this.attach();
  }

  private attach(): void {
    this.geometry.setAttribute('trailFrom', this.from);
    this.geometry.setAttribute('trailTo', this.to);
    this.geometry.setAttribute('trailColor', this.color);
  }
}

/**
 * Opacity of a point at share `along` of its trail (1 at the ball), in a trail that has filled
 * `age` of its ring.
 */
function fade(along: number, age: number): number {
  const remaining = 1 - Math.min(1, (1 - along) * age);
  return remaining ** FADE_POWER;
}

function writePoint(out: Float32Array, offset: number, x: number, y: number, f: LossFn, alpha: number): void {
  const loss = f(x, y);
  out[offset] = x;
  out[offset + 1] = y;
  out[offset + 2] = Number.isFinite(loss) ? Math.min(loss, HUGE_LOSS) : HUGE_LOSS;
  out[offset + 3] = alpha;
}
