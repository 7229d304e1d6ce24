/**
 * Colours the view draws with that the page explains in its legend (src/ui/legend.ts): one
 * definition for both. No three.js here, so the page can import it without the renderer.
 */

/** A viridis ramp (perceptually uniform, dark blue-purple low to warm yellow high), sRGB stops. */
export const HEIGHT_RAMP: readonly string[] = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];
/** The page's and the view's background. */
export const BACKGROUND = '#0b0f17';
/** Grid lines, axes and their ticks. */
export const GRID_COLOR = '#9fb3d9';
/** Axis labels: lighter than the grid so numbers read over the dark floor. */
export const AXIS_LABEL_COLOR = '#dbe4f5';
/** The pin over a global minimum: warm yellow, the brightest mark on the surface. */
export const GLOBAL_MINIMUM_COLOR = '#ffd166';
/** The pin over a local minimum: pale, a step back from the global ones. */
export const LOCAL_MINIMUM_COLOR = '#e8edf5';
