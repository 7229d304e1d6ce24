/**
 * Text in the 3D view at a constant pixel size: tick numbers, axis names, the balls' labels. The
 * texts are drawn once into a canvas (an OffscreenCanvas, which works in the worker) used as a
 * texture atlas, one row a text; every label is one instance of a quad placed in clip space from
 * its world anchor plus an offset in CSS pixels, so it reads the same at any zoom, in the
 * perspective and the orthographic camera, on WebGPU and WebGL2. Labels draw over everything.
 */

import {
  attribute,
  cameraProjectionMatrix,
  cameraViewMatrix,
  Fn,
  int,
  mix,
  positionGeometry,
  texture,
  uniform,
  uv,
  vec2,
  vec4,
} from 'three/tsl';
import {
  BufferAttribute,
  BufferGeometry,
  CanvasTexture,
  InstancedBufferAttribute,
  LinearFilter,
  Mesh,
  MeshBasicNodeMaterial,
  type Node,
  SRGBColorSpace,
} from 'three/webgpu';
import { BACKGROUND } from './palette.ts';

/** Where a label sits relative to its anchor's projection. */
export type LabelAlign = 'center' | 'left' | 'right' | 'above' | 'below';

export interface LabelSpec {
  readonly text: string;
  /** World position (ignored when the layer takes its anchors from elsewhere, see `anchorOf`). */
  readonly at: readonly [number, number, number];
  readonly align: LabelAlign;
  /** CSS hex. */
  readonly color: string;
  /** The ball this label follows, for a layer with `anchorOf`. */
  readonly ball?: number;
  /** CSS px to move the label up from its place (so labels of balls at one spot stack). */
  readonly raise?: number;
}

/** Text size in CSS px: legible on a 390 px phone, small beside the landscape on a desk. */
export const LABEL_FONT_PX = 12;
/** The atlas is drawn at this many texels per CSS pixel, so text stays sharp on dense screens. */
const ATLAS_SCALE = 2;
const PADDING_PX = 3;
/** Gap between an anchor and a label beside it, CSS px. */
const GAP_PX = 5;
const FONT_FAMILY = 'system-ui, "Segoe UI", Roboto, sans-serif';

/**
 * A node giving the world anchor of a label from its LabelSpec.ball, for labels that follow
 * something the GPU moves (the balls); the layer then ignores LabelSpec.at.
 */
export type AnchorOf = (ball: Node<'int'>) => Node<'vec3'>;

export class LabelLayer {
  readonly mesh: Mesh;
  private readonly geometry = new BufferGeometry();
  private readonly material = new MeshBasicNodeMaterial({
    transparent: true,
    depthTest: false,
    depthWrite: false,
  });
  /** Canvas size in CSS px, to turn pixel offsets into clip space. */
  private readonly screen = uniform(vec2(1, 1));
  private atlas: CanvasTexture | null = null;
  /** Where anchors come from on the GPU; null: LabelSpec.at and `moveAnchors`. Read by `set`. */
  anchorOf: AnchorOf | null = null;
  private anchors = new InstancedBufferAttribute(new Float32Array(3), 3);

  /**
   * @param renderOrder among the view's overlays: axis numbers under the inspection arrows, ball
   *   labels over them.
   */
  constructor(name: string, renderOrder: number) {
    // A unit quad from (0, 0) to (1, 1).
    this.geometry.setAttribute(
      'position',
      new BufferAttribute(new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]), 3),
    );
    this.geometry.setAttribute('uv', new BufferAttribute(new Float32Array([0, 1, 1, 1, 1, 0, 0, 0]), 2));
    this.geometry.setIndex([0, 1, 2, 0, 2, 3]);
    this.material.name = name;
    this.mesh = new Mesh(this.geometry, this.material);
    this.mesh.name = name;
    this.mesh.frustumCulled = false;
    this.mesh.renderOrder = renderOrder;
    this.mesh.visible = false;
  }

  /** The canvas size in CSS pixels. */
  setScreen(width: number, height: number): void {
    this.screen.value.set(Math.max(1, width), Math.max(1, height));
  }

  /** Replaces the labels ([] hides the layer). */
  set(labels: readonly LabelSpec[]): void {
    const count = labels.length;
    this.mesh.visible = count > 0;
    if (count === 0) return;
    const font = `600 ${LABEL_FONT_PX * ATLAS_SCALE}px ${FONT_FAMILY}`;
    const measure = new OffscreenCanvas(1, 1).getContext('2d');
    if (measure === null) return;
    measure.font = font;
    const rowHeight = Math.ceil((LABEL_FONT_PX + PADDING_PX * 2) * ATLAS_SCALE);
    const widths = labels.map((label) =>
      Math.ceil(measure.measureText(label.text).width + PADDING_PX * 2 * ATLAS_SCALE),
    );
    const atlasWidth = Math.max(1, ...widths);
    const atlasHeight = rowHeight * count;
    const canvas = new OffscreenCanvas(atlasWidth, atlasHeight);
    const context = canvas.getContext('2d');
    if (context === null) return;
    context.font = font;
    context.textBaseline = 'middle';
    context.lineJoin = 'round';
    context.lineWidth = 3 * ATLAS_SCALE;
    context.strokeStyle = BACKGROUND;
    const rects = new Float32Array(count * 4);
    const uvRects = new Float32Array(count * 4);
    const balls = new Float32Array(count);
    this.anchors = new InstancedBufferAttribute(new Float32Array(count * 3), 3);
    labels.forEach((label, i) => {
      const y = i * rowHeight + rowHeight / 2;
      // A dark outline keeps the text legible over the bright parts of the surface.
      context.strokeText(label.text, PADDING_PX * ATLAS_SCALE, y);
      context.fillStyle = label.color;
      context.fillText(label.text, PADDING_PX * ATLAS_SCALE, y);
      const width = (widths[i] ?? 1) / ATLAS_SCALE;
      const height = rowHeight / ATLAS_SCALE;
      const [dx, dy] = placement(label.align, width, height);
      rects.set([dx, dy + (label.raise ?? 0), width, height], i * 4);
      uvRects.set(
        [
          0,
          (i * rowHeight) / atlasHeight,
          (widths[i] ?? 1) / atlasWidth,
          ((i + 1) * rowHeight) / atlasHeight,
        ],
        i * 4,
      );
      this.anchors.array.set(label.at, i * 3);
      balls[i] = label.ball ?? 0;
    });
    this.atlas?.dispose();
    const atlas = new CanvasTexture(canvas as unknown as HTMLCanvasElement);
    atlas.flipY = false;
    atlas.colorSpace = SRGBColorSpace;
    atlas.minFilter = LinearFilter;
    atlas.magFilter = LinearFilter;
    atlas.generateMipmaps = false;
    this.atlas = atlas;
    // Replacing an attribute leaves its GPU buffer behind (three frees the buffers of the
    // attributes a geometry holds when it is disposed): dispose first, as trails.ts does. The
    // soak found these, 3 buffers a change of labels, as the live buffers that kept growing.
    this.geometry.dispose();
    this.geometry.setAttribute('labelRect', new InstancedBufferAttribute(rects, 4));
    this.geometry.setAttribute('labelUv', new InstancedBufferAttribute(uvRects, 4));
    this.geometry.setAttribute('labelAnchor', this.anchors);
    this.geometry.setAttribute('labelBall', new InstancedBufferAttribute(balls, 1));
    this.mesh.count = count;
    this.buildMaterial(atlas);
  }

  /** Moves the labels' anchors (world x, y, z per label), for layers without `anchorOf`. */
  moveAnchors(positions: ArrayLike<number>): void {
    const array = this.anchors.array as Float32Array;
    for (let k = 0; k < array.length && k < positions.length; k++) array[k] = positions[k] ?? 0;
    this.anchors.needsUpdate = true;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
    this.atlas?.dispose();
  }

  private buildMaterial(atlas: CanvasTexture): void {
    const material = this.material;
    const rect = attribute<'vec4'>('labelRect', 'vec4');
    const uvRect = attribute<'vec4'>('labelUv', 'vec4');
    const anchorOf = this.anchorOf;
    const screen = this.screen;
    material.vertexNode = Fn(() => {
      const anchor = anchorOf
        ? anchorOf(int(attribute<'float'>('labelBall', 'float').add(0.5)))
        : attribute<'vec3'>('labelAnchor', 'vec3');
      const clip = cameraProjectionMatrix.mul(cameraViewMatrix).mul(vec4(anchor, 1)).toVar();
      const pixel = rect.xy.add(positionGeometry.xy.mul(rect.zw));
      const shift = pixel.mul(2).div(screen).mul(clip.w);
      return vec4(clip.xy.add(shift), clip.z, clip.w);
    })();
    const at = mix(uvRect.xy, uvRect.zw, uv());
    const sample = texture(atlas, vec2(at.x, at.y));
    material.colorNode = sample.rgb;
    material.opacityNode = sample.a;
    material.needsUpdate = true;
  }
}

/** The quad's lower-left corner relative to the anchor (CSS px, y up) for an alignment. */
function placement(align: LabelAlign, width: number, height: number): [number, number] {
  switch (align) {
    case 'left':
      return [-width - GAP_PX, -height / 2];
    case 'right':
      return [GAP_PX, -height / 2];
    case 'above':
      return [-width / 2, GAP_PX];
    case 'below':
      return [-width / 2, -height - GAP_PX];
    default:
      return [-width / 2, -height / 2];
  }
}
