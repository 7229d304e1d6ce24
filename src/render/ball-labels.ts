/**
 * Texts drawn beside chosen balls and following them (SimWorkerApi.setBallLabels): the lesson
 * names each ball's learning rate on the canvas. On WebGPU the label reads its ball's position
 * from the ball buffer in the vertex shader, so it follows the GPU simulation with no readback;
 * on WebGL2 (always the CPU simulation, whose positions are in JS) the anchors are moved from the
 * ball buffer's JS copy each frame.
 */

import type { Vector3 } from 'three/webgpu';
import { type AnchorOf, LABEL_FONT_PX, LabelLayer } from './labels.ts';

export interface BallLabel {
  /** Global ball index. */
  readonly index: number;
  readonly text: string;
  /** CSS hex: the ball's group colour. */
  readonly color: string;
}

/** Floats per ball in the view's ball buffer (x, y, f, flags); see view.ts PARTICLE_STRIDE. */
const STRIDE = 4;

export class BallLabelLayer {
  readonly labels = new LabelLayer('ball labels', 12);
  private requested: readonly BallLabel[] = [];
  private current: readonly BallLabel[] = [];
  private anchors = new Float32Array(0);

  /**
   * Shows `labels` (those with an index below `ballCount`); `anchorOf` places them from the ball
   * buffer on the GPU, null to place them from JS with `follow`.
   */
  set(labels: readonly BallLabel[], ballCount: number, anchorOf: AnchorOf | null): void {
    this.requested = labels;
    this.refresh(ballCount, anchorOf);
  }

  /** Shows the last labels again for a new ball buffer (`set`'s arguments). */
  refresh(ballCount: number, anchorOf: AnchorOf | null): void {
    const labels = this.requested;
    this.current = labels.filter((label) => label.index >= 0 && label.index < ballCount);
    this.labels.anchorOf = anchorOf;
    this.anchors = new Float32Array(this.current.length * 3);
    this.labels.set(
      // Each a line higher than the one before: balls that share a start (the lesson's rates)
      // keep their labels apart.
      this.current.map((label, k) => ({
        text: label.text,
        at: [0, 0, 0],
        align: 'right',
        color: label.color,
        ball: label.index,
        raise: k * (LABEL_FONT_PX + 3),
      })),
    );
  }

  /** The labels shown now. */
  shown(): readonly BallLabel[] {
    return this.current;
  }

  /**
   * Moves the labels to their balls' drawn positions (JS placement only): `place(x, y, f, out)`
   * maps a ball buffer entry to the world.
   */
  follow(
    particles: Float32Array,
    place: (x: number, y: number, f: number, out: Vector3) => Vector3,
    scratch: Vector3,
  ): void {
    if (this.labels.anchorOf !== null || this.current.length === 0) return;
    this.current.forEach((label, k) => {
      const i = label.index * STRIDE;
      place(particles[i] ?? 0, particles[i + 1] ?? 0, particles[i + 2] ?? 0, scratch);
      this.anchors[k * 3] = scratch.x;
      this.anchors[k * 3 + 1] = scratch.y;
      this.anchors[k * 3 + 2] = scratch.z;
    });
    this.labels.moveAnchors(this.anchors);
  }
}
