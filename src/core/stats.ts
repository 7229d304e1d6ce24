/** Per-group statistics over the balls' current state. Computed where the balls live. */
import type { LossFn } from './landscape.ts';
import type { BallBlock } from './optimizers.ts';
import { CONVERGED, DIVERGED } from './status.ts';

export interface GroupStats {
  /** Balls in the group. */
  readonly count: number;
  /** Mean loss over balls that have not diverged; null when every ball diverged. */
  readonly meanLoss: number | null;
  readonly medianLoss: number | null;
  /** Percentages, 0..100. */
  readonly convergedPercent: number;
  readonly divergedPercent: number;
  readonly activePercent: number;
  /** Median global step at which converged balls converged; null when none has. */
  readonly medianStepsToConverge: number | null;
}

/**
 * Statistics of one group. `scratch` must hold at least `block.count` numbers; it is reused
 * between calls so that statistics at a million balls allocate nothing.
 */
export function groupStats(block: BallBlock, f: LossFn, scratch: Float64Array): GroupStats {
  const { count, x, y, status, convergedAt } = block;
  let sum = 0;
  let kept = 0;
  let converged = 0;
  let diverged = 0;
  for (let i = 0; i < count; i++) {
    const s = status[i];
    if (s === DIVERGED) {
      diverged++;
      continue;
    }
    const loss = f(x[i]!, y[i]!);
    // A finite position can still give a non-finite loss (overflow): count it as diverged
    // rather than let it poison the mean.
    if (!Number.isFinite(loss)) {
      diverged++;
      continue;
    }
    if (s === CONVERGED) converged++;
    sum += loss;
    scratch[kept++] = loss;
  }
  const medianLoss = kept > 0 ? median(scratch, kept) : null;
  let convergedKept = 0;
  for (let i = 0; i < count; i++) {
    if (status[i] === CONVERGED) scratch[convergedKept++] = convergedAt[i]!;
  }
  const percent = (part: number): number => (count > 0 ? (100 * part) / count : 0);
  return {
    count,
    meanLoss: kept > 0 ? sum / kept : null,
    medianLoss,
    convergedPercent: percent(converged),
    divergedPercent: percent(diverged),
    activePercent: percent(count - converged - diverged),
    medianStepsToConverge: convergedKept > 0 ? median(scratch, convergedKept) : null,
  };
}

/** Median of the first `length` values of `values` (reorders them), by quickselect: O(n). */
export function median(values: Float64Array, length: number): number {
  const upper = quickselect(values, length, length >> 1);
  if (length % 2 === 1) return upper;
  // After selecting k, every value left of k is <= values[k]: the lower middle is their maximum.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length >> 1; i++) lower = Math.max(lower, values[i]!);
  return (lower + upper) / 2;
}

function quickselect(values: Float64Array, length: number, k: number): number {
  let left = 0;
  let right = length - 1;
  while (right > left) {
    // Median of three as pivot keeps sorted and constant inputs from going quadratic.
    const middle = (left + right) >> 1;
    const pivot = medianOfThree(values[left]!, values[middle]!, values[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
