/** Axis ticks and colours for the uPlot charts; pure, so tested in Node (uPlot itself needs a page). */

/**
 * Ticks (and grid lines) of the log axis: powers of ten only, every second or third one when the
 * losses span many decades, so that a 130-pixel chart keeps at most about five labelled lines.
 */
export function decadeSplits(min: number, max: number): number[] {
  if (!(min > 0 && max > min)) return [];
  const low = Math.ceil(Math.log10(min) - 1e-9);
  const high = Math.floor(Math.log10(max) + 1e-9);
  const every = Math.max(1, Math.ceil((high - low + 1) / 5));
  const splits: number[] = [];
  for (let power = high; power >= low; power -= every) splits.unshift(Number(`1e${power}`));
  return splits;
}

/** Log-axis labels: powers of ten as `1e-6`, plain numbers in between; uPlot passes null for a skipped tick. */
export function formatLogTick(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-2 ? value.toExponential(0).replace('+', '') : String(value);
}

/** `#rrggbb` with an alpha, as `rgba(...)`. */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
