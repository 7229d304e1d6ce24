/**
 * The lesson's marks on ball 0, the ball the lesson talks about: the tangent line through it on a
 * 1D curve ("the slope under the ball", ViewOptions.tangent) and the local patch, the only ground
 * drawn while ViewOptions.localPatch is on ("the ball sees only the ground under it"). The patch
 * itself is cut out in the landscape's shaders; this places its centre and sets its size.
 */

import type { Vector3 } from 'three/webgpu';
import type { Domain, Landscape } from '../core/landscape.ts';
import type { HeightMapping } from './height-mapping.ts';
import { TangentLine } from './tangent-line.ts';
import { HEIGHT_SCALE, type ViewUniforms } from './view-nodes.ts';

/**
 * The local patch's half-width (1D) or radius (2D), as a share of the domain's wider side: on the
 * lesson's curve (x from -2 to 8) x ± 1, a bit shorter than the tangent (± 1.5, tangent-line.ts), so
 * the straight line visibly leaves the ground it was drawn from.
 */
const PATCH_SHARE = 0.1;
/** Where the patch goes while there is no ball 0, world units: far off screen, so nothing shows. */
const NOWHERE = 1e6;

/** The view options the lesson's marks follow. */
export interface LessonOptions {
  readonly tangent: boolean;
  readonly logHeight: boolean;
}

export class LessonMarks {
  /** The tangent line; its mesh belongs in the scene. */
  readonly tangent = new TangentLine();
  /** Where ball 0 is (domain x, y); null: nowhere. */
  private focus: { x: number; y: number } | null = null;

  constructor(
    private readonly uniforms: ViewUniforms,
    private readonly mapping: HeightMapping,
  ) {}

  /**
   * A new landscape, drawn `worldWidth` by `worldDepth` world units: sizes the patch, which scales
   * with the domain, and forgets ball 0, which belonged to the previous landscape's run.
   */
  reset(worldWidth: number, worldDepth: number): void {
    this.uniforms.patchRadius.value = PATCH_SHARE * Math.max(worldWidth, worldDepth);
    this.focus = null;
  }

  /**
   * Where ball 0 is (domain x, and y on a surface); null, or a non-finite point (a diverged ball),
   * hides both marks: with the patch on, no ground at all is drawn then. Takes effect at `place`.
   */
  setFocus(x: number | null, y: number): void {
    this.focus = x !== null && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
  }

  /** Places the tangent line and the patch on ball 0, for the landscape and options now shown. */
  place(landscape: Landscape | null, domain: Domain | null, options: LessonOptions): void {
    const x = options.tangent ? (this.focus?.x ?? null) : null;
    this.tangent.place(x, landscape, domain, (at, value, out) =>
      this.tangentPoint(at, value, options.logHeight, out),
    );
    this.placePatch(domain);
  }

  /** Centres the local patch on ball 0. */
  private placePatch(domain: Domain | null): void {
    const u = this.uniforms;
    const { focus } = this;
    if (focus === null || domain === null) {
      u.patchX.value = NOWHERE;
      u.patchZ.value = NOWHERE;
      return;
    }
    u.patchX.value = this.mapping.worldX(focus.x);
    u.patchZ.value = this.mapping.worldZ(focus.y);
  }

  /**
   * World point of (x, value) on a 1D view. On the linear scale the height is left unclamped, so
   * the tangent stays straight where it rises over the top of the range or dips under the floor.
   */
  private tangentPoint(x: number, value: number, logHeight: boolean, out: Vector3): Vector3 {
    const u = this.uniforms;
    const height = logHeight
      ? this.mapping.height(value)
      : ((value - u.fMin.value) / u.fRange.value) * HEIGHT_SCALE;
    return out.set(this.mapping.worldX(x), height, 0);
  }
}
