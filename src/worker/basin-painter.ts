/**
 * The worker's half of the basin map: where the balls started (recomputed from the run's config
 * with the same seed, so nothing has to be kept per ball during the run) and how they ended (a
 * snapshot), painted by src/render/basin-map.ts.
 */
import type { Landscape } from '../core/landscape.ts';
import { createRng } from '../core/rng.ts';
import type { SimulationConfig, SimulationSnapshot } from '../core/simulation.ts';
import { placeBalls } from '../core/start.ts';
import { basinRadiusSq, minimaCoordinates } from '../core/stats.ts';
import { type BasinImage, type BasinMode, paintBasinMap } from '../render/basin-map.ts';

export class BasinPainter {
  private readonly startX: Float32Array;
  private readonly startY: Float32Array;
  private readonly minima: Float64Array;
  private readonly reachSq: number;
  private pixels: Uint8Array | undefined;

  /**
   * @param config the run's config, its landscape resolved.
   * @param perGroup balls per group: every group starts from the same `perGroup` points.
   */
  constructor(
    private readonly config: SimulationConfig & { readonly landscape: Landscape },
    private readonly perGroup: number,
  ) {
    const { landscape } = config;
    this.startX = new Float32Array(perGroup);
    this.startY = new Float32Array(perGroup);
    // Exactly the simulation's own call (src/core/simulation.ts reset()): same layout, same seed.
    placeBalls(this.startX, this.startY, {
      layout: config.start ?? 'uniform',
      domain: config.domain ?? landscape.domain,
      dimensions: landscape.dimensions,
      at: config.at,
      rng: createRng(config.seed ?? 1),
    });
    this.minima = minimaCoordinates(landscape.minima);
    this.reachSq = basinRadiusSq(this.minima, config.domain ?? landscape.domain);
  }

  /** Paints group `group`'s balls as `snapshot` has them; the pixels are reused between calls. */
  paint(snapshot: SimulationSnapshot, mode: BasinMode, group: number): BasinImage {
    const groupCount = Math.max(1, Math.round(snapshot.x.length / this.perGroup));
    const painted = Math.min(Math.max(0, Math.floor(group)), groupCount - 1);
    const image = paintBasinMap(
      {
        domain: this.config.domain ?? this.config.landscape.domain,
        minima: this.minima,
        reachSq: this.reachSq,
        startX: this.startX,
        startY: this.startY,
        x: snapshot.x,
        y: snapshot.y,
        status: snapshot.status,
        convergedAt: snapshot.convergedAt,
        offset: painted * this.perGroup,
        count: this.perGroup,
      },
      mode,
      undefined,
      this.pixels,
    );
    this.pixels = image.pixels;
    return image;
  }
}
