/**
 * The basin map on the surface: a texture over the domain (u along x, v along y, as the surface's
 * uv) that the surface shader mixes into its colour where a cell is painted. The painting itself
 * is basin-map.ts; this is only its trip to the GPU.
 */
import { mix, texture, uniform, uv } from 'three/tsl';
import {
  DataTexture,
  NearestFilter,
  type Node,
  RGBAFormat,
  SRGBColorSpace,
  type TextureNode,
  UnsignedByteType,
} from 'three/webgpu';
import { type BasinImage, MAX_BASIN_SIDE } from './basin-map.ts';

/**
 * How much of the surface's own colour goes under a painted cell: the lighting and contour lines
 * still show the relief, but the basin colour dominates.
 */
const COVER = 0.9;
/**
 * Light of their own for painted cells: under the scene's lights alone the map's colours came out
 * at about two thirds of their brightness (checked on a screenshot), too dull to match a legend.
 */
const GLOW = 0.3;

export class BasinOverlay {
  /**
   * Always MAX_BASIN_SIDE square: a smaller map is scaled up into it, so the texture (and the
   * node that samples it) is never replaced, only rewritten.
   */
  private readonly texture: DataTexture;
  private readonly sample: TextureNode;
  /** 0 hides the map, 1 shows it; a uniform, so turning it on and off costs no shader rebuild. */
  private readonly strength = uniform(0);
  private readonly pixels = new Uint8Array(MAX_BASIN_SIDE * MAX_BASIN_SIDE * 4);

  constructor() {
    this.texture = new DataTexture(this.pixels, MAX_BASIN_SIDE, MAX_BASIN_SIDE, RGBAFormat, UnsignedByteType);
    this.texture.name = 'basin map';
    // Crisp cells: blending a painted cell with an empty (transparent black) one would darken edges.
    this.texture.magFilter = NearestFilter;
    this.texture.minFilter = NearestFilter;
    this.texture.generateMipmaps = false;
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.needsUpdate = true;
    this.sample = texture(this.texture, uv());
  }

  /** The surface colour with the map mixed in (surface materials call this once when built). */
  colorize(base: Node<'vec3'>): Node<'vec3'> {
    return mix(base, this.sample.rgb, this.sample.a.mul(this.strength).mul(COVER));
  }

  /** Emission for the surface material: the map's colours keep their brightness when lit. */
  glow(): Node<'vec3'> {
    return this.sample.rgb.mul(this.sample.a.mul(this.strength).mul(GLOW));
  }

  setVisible(visible: boolean): void {
    this.strength.value = visible ? 1 : 0;
  }

  /** Uploads a painted map (any side up to MAX_BASIN_SIDE); null clears it. */
  setImage(image: BasinImage | null): void {
    const out = this.pixels;
    if (image === null || image.side <= 0) {
      out.fill(0);
    } else {
      const { side, pixels } = image;
      const size = MAX_BASIN_SIDE;
      for (let row = 0; row < size; row++) {
        const sourceRow = Math.min(side - 1, Math.floor((row * side) / size));
        for (let column = 0; column < size; column++) {
          const sourceColumn = Math.min(side - 1, Math.floor((column * side) / size));
          const from = (sourceRow * side + sourceColumn) * 4;
          const to = (row * size + column) * 4;
          out[to] = pixels[from] ?? 0;
          out[to + 1] = pixels[from + 1] ?? 0;
          out[to + 2] = pixels[from + 2] ?? 0;
          out[to + 3] = pixels[from + 3] ?? 0;
        }
      }
    }
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
  }
}
