/**
 * Colours of the basin map, in one place so the map, its legend and the basin shares in the
 * statistics table use the same colour for the same minimum. No three.js here: the page imports it.
 */

/**
 * One colour per known minimum, in `landscape.minima` order (cycling after the eighth). Tableau's
 * categorical palette without its red, which means "diverged" here; mid-bright, so each one reads
 * on the lit surface and against the dark background.
 */
export const BASIN_COLORS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#edc948',
  '#76b7b2',
  '#ff9da7',
  '#9c755f',
];

/** Where a ball diverged (the same red the balls turn). */
export const BASIN_DIVERGED_COLOR = '#ff3b3b';
/** A ball still rolling: neutral grey, so unfinished regions do not look decided. */
export const BASIN_ACTIVE_COLOR = '#5c6373';
/** Converged, but at no known minimum (the saddle lists none; Rastrigin lists only its global one). */
export const BASIN_SETTLED_COLOR = '#d8dee9';

/**
 * Steps-to-converge ramp, fast to slow: pale yellow through teal to deep blue (ColorBrewer
 * YlGnBu). It has no red, so it cannot be mistaken for divergence, and it differs from the
 * viridis height colours it is drawn over.
 */
export const STEPS_RAMP: readonly string[] = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];

/** The colour of minimum number `index` (cycles through BASIN_COLORS). */
export function basinColor(index: number): string {
  const n = BASIN_COLORS.length;
  return BASIN_COLORS[((index % n) + n) % n] ?? '#ffffff';
}

/** Parses `#rrggbb` into 0..255 channels. */
export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}
