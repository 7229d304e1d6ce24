/**
 * A learning rate on a slider with a logarithmic scale: each decade (0.001 to 0.01, 0.01 to 0.1…)
 * takes the same length, as rates are compared by their order of magnitude. The slider's value is
 * a whole number of ticks; rates read back rounded to two significant digits, so the address and
 * the legend stay short. Pure; tested in Node.
 */

/** Slowest rate on the slider (a tick lower is still this). */
export const SLIDER_MIN_RATE = 1e-4;
/** Fastest rate on the slider: past 10 every preset's balls fly off in a step or two. */
export const SLIDER_MAX_RATE = 10;
/**
 * Ticks per decade: neighbouring ticks differ by 10%, the finest step that two significant digits
 * still tell apart at the bottom of a decade (1.0, 1.1, 1.2…).
 */
export const TICKS_PER_DECADE = 24;

const LOW = Math.log10(SLIDER_MIN_RATE);
const HIGH = Math.log10(SLIDER_MAX_RATE);

/** The slider's last tick (its first is 0). */
export const SLIDER_TICKS = Math.round((HIGH - LOW) * TICKS_PER_DECADE);

/** The tick nearest to `rate`, clamped to the slider (a rate set in the URL may lie beyond it). */
export function rateToTick(rate: number): number {
  if (!(rate > 0)) return 0;
  const tick = Math.round((Math.log10(rate) - LOW) * TICKS_PER_DECADE);
  return Math.min(SLIDER_TICKS, Math.max(0, tick));
}

/** The rate at `tick`, rounded to two significant digits (0.0316 → 0.032). */
export function tickToRate(tick: number): number {
  const clamped = Math.min(SLIDER_TICKS, Math.max(0, tick));
  const rate = 10 ** (LOW + clamped / TICKS_PER_DECADE);
  return Number(rate.toPrecision(2));
}
