/**
 * Data a model learns from (model=, issue 14): points (x, y), where y is the target of a
 * regression or the label (0 or 1) of a classification. Kept in float64: the loss over them, the
 * least-squares minimum and the statistics are computed from these numbers; the GPU gets a float32
 * copy.
 */

export interface DataSet {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Most points a data set may hold. */
export const MAX_POINTS = 65_536;

/** A data set of `points` (x, y) pairs. */
export function dataSet(points: readonly (readonly [number, number])[]): DataSet {
  return {
    x: Float64Array.from(points, ([x]) => x),
    y: Float64Array.from(points, ([, y]) => y),
  };
}

/** Whether every target is a label, 0 or 1 (what the logistic model needs). */
export function isLabelled(data: DataSet): boolean {
  return data.y.every((label) => label === 0 || label === 1);
}

/**
 * The same points with x standardised, (x − mean) / standard deviation (y kept): the "normalise x"
 * switch, which turns the long thin valley of `far` data (x around 100) into a round bowl. Data
 * whose x are all equal only loses the mean.
 */
export function normaliseX(data: DataSet): DataSet {
  const n = data.x.length;
  let mean = 0;
  for (const x of data.x) mean += x / n;
  let variance = 0;
  for (const x of data.x) variance += (x - mean) ** 2 / n;
  const sd = Math.sqrt(variance) || 1;
  return { x: data.x.map((x) => (x - mean) / sd), y: data.y.slice() };
}
