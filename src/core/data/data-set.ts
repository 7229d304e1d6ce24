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
