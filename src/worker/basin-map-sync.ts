/**
 * Keeps the view's basin map in step with the run: repaints it when the snapshot, the mode or the
 * group changed, and only then (a paint visits every ball).
 */

import type { ResolvedConfig } from '../core/plain-config.ts';
import type { SimulationSnapshot } from '../core/simulation.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';
import { BasinPainter } from './basin-painter.ts';

export class BasinMapSync {
  #painter: BasinPainter | null = null;
  /** What the map shows now: its snapshot and `mode|group`. */
  #source: SimulationSnapshot | null = null;
  #key = '';

  /** A new run, or a new view: the next paint starts afresh. */
  forget(): void {
    this.#painter = null;
    this.#source = null;
  }

  /** The map shown is stale (a reset): repaint with the next snapshot even if it looks the same. */
  invalidate(): void {
    this.#source = null;
  }

  paint(
    view: LandscapeView,
    config: ResolvedConfig,
    perGroup: number,
    options: Partial<ViewOptions>,
    snapshot: SimulationSnapshot | null,
  ): void {
    const mode = options.basinMap ?? 'off';
    if (mode === 'off' || !snapshot || config.landscape.dimensions !== 2) return;
    const group = options.basinGroup ?? 0;
    const key = `${mode}|${group}`;
    if (snapshot === this.#source && key === this.#key) return;
    this.#painter ??= new BasinPainter(config, perGroup);
    view.setBasinImage(this.#painter.paint(snapshot, mode, group));
    this.#source = snapshot;
    this.#key = key;
  }
}
