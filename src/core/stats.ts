/** Per-group statistics over the balls' current state. Computed where the balls live. */
import type { Domain, LossFn, Minimum } from './landscape.ts';
import type { BallBlock } from './optimizers/index.ts';
import { CONVERGED, DIVERGED } from './status.ts';

export interface GroupStats {
  /** Balls in the group. */
  readonly count: number;
  /** Mean loss over balls that have not diverged; null when every ball diverged. */
  readonly meanLoss: number | null;
  readonly medianLoss: number | null;
  /** 10th and 90th percentiles of the loss over balls that have not diverged; null when none. */
  readonly p10Loss: number | null;
  readonly p90Loss: number | null;
  /** Percentages, 0..100. */
  readonly convergedPercent: number;
  readonly divergedPercent: number;
  readonly activePercent: number;
  /** Median global step at which converged balls converged; null when none has. */
  readonly medianStepsToConverge: number | null;
  /**
   * One entry per known minimum of the landscape (landscape.minima order): percent (0..100) of
   * the group's balls that converged within reach of that minimum (basinRadiusSq). Adds up to
   * convergedPercent when every ball settled at a known minimum; what is missing converged
   * elsewhere. Empty when the landscape lists no minima.
   */
  readonly basinPercents: readonly number[];
}

/**
 * Most known minima a landscape may list for the basin statistics: the GPU's reduction keeps one
 * counter per basin in a fixed-size array (six-hump camel has 6 today).
 */
export const MAX_BASINS = 8;

/** Known minima as x0, y0, x1, y1, ... (the form nearestMinimum reads). */
export function minimaCoordinates(minima: readonly Minimum[]): Float64Array {
  const coordinates = new Float64Array(minima.length * 2);
  minima.forEach((minimum, k) => {
    coordinates[2 * k] = minimum.x;
    coordinates[2 * k + 1] = minimum.y;
  });
  return coordinates;
}

/** A converged ball counts for a known minimum within this share of the domain's larger span. */
export const BASIN_RADIUS_SHARE = 0.05;

/**
 * Squared distance within which a converged ball counts as having reached a known minimum:
 * BASIN_RADIUS_SHARE of the domain's larger span, and under half the distance between any two
 * known minima. A ball that settled farther from all of them (in a local minimum the preset does
 * not list, like Rastrigin's wells, or stuck on a flat valley floor) converged elsewhere: the
 * basin shares then add up to less than the converged share, instead of crediting the nearest
 * listed minimum with balls that never reached it.
 */
export function basinRadiusSq(minima: Float64Array, domain: Domain): number {
  let radius = BASIN_RADIUS_SHARE * Math.max(domain.xMax - domain.xMin, domain.yMax - domain.yMin);
  for (let a = 0; a < minima.length; a += 2) {
    for (let b = a + 2; b < minima.length; b += 2) {
      radius = Math.min(radius, 0.5 * Math.hypot(minima[a]! - minima[b]!, minima[a + 1]! - minima[b + 1]!));
    }
  }
  return radius * radius;
}

/**
 * Index of the known minimum nearest to (x, y), Euclidean; the first one on a tie; -1 when there
 * are none, or when the nearest is farther than `radiusSq` (squared; see basinRadiusSq). `minima`
 * is x0, y0, x1, y1, ... The GPU's slopeNearestMinimum decides the same way.
 */
export function nearestMinimum(
  x: number,
  y: number,
  minima: Float64Array,
  radiusSq = Number.POSITIVE_INFINITY,
): number {
  let best = -1;
  let bestSq = Number.POSITIVE_INFINITY;
  for (let k = 0; k < minima.length; k += 2) {
    const dx = x - minima[k]!;
    const dy = y - minima[k + 1]!;
    const distanceSq = dx * dx + dy * dy;
    if (distanceSq < bestSq) {
      bestSq = distanceSq;
      best = k >> 1;
    }
  }
  return bestSq <= radiusSq ? best : -1;
}

/**
 * Statistics of one group. `scratch` must hold at least `block.count` numbers; it is reused
 * between calls so that statistics at a million balls allocate nothing. `minima` are the
 * landscape's known minima as x0, y0, x1, y1, ... (see minimaCoordinates), at most MAX_BASINS;
 * a converged ball counts for one within `basinRadiusSq` of it (see basinRadiusSq).
 */
export function groupStats(
  block: BallBlock,
  f: LossFn,
  scratch: Float64Array,
  minima: Float64Array = new Float64Array(0),
  radiusSq = Number.POSITIVE_INFINITY,
): GroupStats {
  const { count, x, y, status, convergedAt } = block;
  let sum = 0;
  let kept = 0;
  let converged = 0;
  let diverged = 0;
  const basinCounts = new Array<number>(minima.length >> 1).fill(0);
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
    if (s === CONVERGED) {
      converged++;
      const basin = nearestMinimum(x[i]!, y[i]!, minima, radiusSq);
      if (basin >= 0) basinCounts[basin] = basinCounts[basin]! + 1;
    }
    sum += loss;
    scratch[kept++] = loss;
  }
  const tally = { count, lossSum: sum, kept, converged, diverged, basinCounts };
  return summariseGroup(tally, scratch, kept, (steps) => {
    let convergedKept = 0;
    for (let i = 0; i < count; i++) {
      if (status[i] === CONVERGED) steps[convergedKept++] = convergedAt[i]!;
    }
    return convergedKept;
  });
}

/**
 * What a group's statistics are made of, however they were counted: every ball (the CPU), or
 * partial sums of the GPU's workgroups.
 */
export interface GroupTally {
  readonly count: number;
  /** Sum of the kept losses: those of balls not diverged, with a finite loss. */
  readonly lossSum: number;
  readonly kept: number;
  readonly converged: number;
  readonly diverged: number;
  /** Converged balls per known minimum. */
  readonly basinCounts: readonly number[];
}

/**
 * A group's statistics from its tally. The first `lossCount` numbers of `scratch` are kept losses
 * (all of them, or a sample), which the quantiles reorder; `convergedSteps` then writes the steps
 * to converge of converged balls (all, or a sample) into `scratch` and returns how many.
 */
export function summariseGroup(
  tally: GroupTally,
  scratch: Float64Array,
  lossCount: number,
  convergedSteps: (scratch: Float64Array) => number,
): GroupStats {
  const { count, kept, converged, diverged } = tally;
  // Each selection only reorders the kept losses, so the three can share them.
  const medianLoss = lossCount > 0 ? median(scratch, lossCount) : null;
  const p10Loss = lossCount > 0 ? percentile(scratch, lossCount, 0.1) : null;
  const p90Loss = lossCount > 0 ? percentile(scratch, lossCount, 0.9) : null;
  const stepCount = convergedSteps(scratch);
  const percent = (part: number): number => (count > 0 ? (100 * part) / count : 0);
  return {
    count,
    meanLoss: kept > 0 ? tally.lossSum / kept : null,
    medianLoss,
    p10Loss,
    p90Loss,
    convergedPercent: percent(converged),
    divergedPercent: percent(diverged),
    activePercent: percent(count - converged - diverged),
    medianStepsToConverge: stepCount > 0 ? median(scratch, stepCount) : null,
    basinPercents: tally.basinCounts.map(percent),
  };
}

/**
 * The `share` quantile (0..1) of the first `length` values of `values` (reorders them), linear
 * between the two nearest order statistics (NumPy's default): position share * (length - 1).
 * `percentile(v, n, 0.5)` is the median. O(n), by quickselect.
 */
export function percentile(values: Float64Array, length: number, share: number): number {
  const position = Math.min(1, Math.max(0, share)) * (length - 1);
  const below = Math.floor(position);
  const lower = quickselect(values, length, below);
  const fraction = position - below;
  if (fraction === 0) return lower;
  // After selecting `below`, every value right of it is >= values[below]: the next order
  // statistic is their minimum.
  let upper = Number.POSITIVE_INFINITY;
  for (let i = below + 1; i < length; i++) upper = Math.min(upper, values[i]!);
  return lower + fraction * (upper - lower);
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
