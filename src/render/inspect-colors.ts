/**
 * Colours of the inspected ball's arrows, shared by the view and the page's inspector panel (its
 * legend). No three.js here: the page imports it.
 */

/**
 * Vivid orange: the slope arrow, pointing downhill. Apart from the gold minimum markers and the
 * red of diverged balls; of the group colours only the sixth is near, and arrows are shaped apart.
 */
export const GRADIENT_ARROW_COLOR = '#ff7b00';
/** Lime: the velocity arrow (momentum, Nesterov); no group, marker or height colour is lime. */
export const VELOCITY_ARROW_COLOR = '#b5ff2e';
