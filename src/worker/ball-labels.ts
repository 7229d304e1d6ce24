/**
 * The worker's side of SimWorkerApi.setBallLabels: checks what the page sent (anything can come
 * over the wire) and gives each label its ball's group colour.
 */

import type { BallLabel } from '../render/ball-labels.ts';

/** More labels than this are not drawn: they are meant for a few dozen balls. */
export const MAX_BALL_LABELS = 64;
/** Longer texts are cut: a label names a ball, it is not a caption. */
const MAX_TEXT_LENGTH = 40;

/** The wire form of a label. */
export interface WireBallLabel {
  readonly index: number;
  readonly text: string;
}

/**
 * The valid labels (integer index in [0, particleCount), a string text), at most MAX_BALL_LABELS,
 * coloured by their ball's group (`colors[group]`, group = index / perGroup).
 */
export function ballLabels(
  labels: unknown,
  particleCount: number,
  perGroup: number,
  colors: readonly string[],
): BallLabel[] {
  if (!Array.isArray(labels)) return [];
  const result: BallLabel[] = [];
  for (const label of labels as unknown[]) {
    if (result.length >= MAX_BALL_LABELS) break;
    const { index, text } = (label ?? {}) as Partial<WireBallLabel>;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= particleCount)
      continue;
    if (typeof text !== 'string' || text.length === 0) continue;
    const group = Math.floor(index / Math.max(1, perGroup));
    result.push({
      index,
      text: text.slice(0, MAX_TEXT_LENGTH),
      color: colors[group] ?? colors[colors.length - 1] ?? '#ffffff',
    });
  }
  return result;
}
