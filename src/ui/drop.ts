/**
 * "Clicking the surface drops a burst of balls there" (PRODUCT.md, Drop balls): the state change
 * behind a click on empty ground. The worker finds the landscape point under the click
 * (SimRuntime, DropPoint); this turns it into the next state, whose URL (`start=gaussian&at=x,y`)
 * reproduces the run. Pure, so it is tested without a page.
 */
import { type AppState, stateLandscape } from '../core/url-state.ts';

/** A landscape point, as the worker reports it (y is ignored on a 1D landscape). */
export interface GroundPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * Significant steps per domain span kept in the URL: 1/10,000 of the span is far below a pixel
 * and keeps `at=` short (`at=1.234,-0.5` rather than seventeen digits).
 */
const STEPS_PER_SPAN = 10_000;

/**
 * The state after dropping balls at `point`: the same count, groups, seed and everything else,
 * started as a Gaussian cluster around the point (the layout's usual spread, start.ts); a single
 * ball is put exactly there (`start=point`), since a "cluster" of one would land beside the click.
 * The point is clamped to the domain and rounded for the URL. A non-finite point changes nothing.
 */
export function dropBalls(state: AppState, point: GroundPoint): AppState {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return state;
  const landscape = stateLandscape(state);
  const domain = state.domain ?? landscape.domain;
  const x = roundIn(point.x, domain.xMin, domain.xMax);
  const y = landscape.dimensions === 1 ? 0 : roundIn(point.y, domain.yMin, domain.yMax);
  return { ...state, start: state.n === 1 ? 'point' : 'gaussian', at: [x, y] };
}

/** `value` clamped to [min, max] and rounded to a decimal step of about (max - min) / STEPS_PER_SPAN. */
function roundIn(value: number, min: number, max: number): number {
  const clamped = Math.min(max, Math.max(min, value));
  const span = max - min;
  if (!(span > 0)) return clamped;
  const decimals = Math.max(0, Math.ceil(-Math.log10(span / STEPS_PER_SPAN)));
  // toFixed then Number: 0.1 + 0.2 style tails would otherwise reach the URL.
  const rounded = Number(clamped.toFixed(Math.min(decimals, 12)));
  return Object.is(rounded, -0) ? 0 : rounded;
}
