/** Start layouts: where the balls are placed before the first step. */
import type { Domain } from './landscape.ts';
import type { FloatArray } from './optimizers/index.ts';
import type { Rng } from './rng.ts';

export const START_LAYOUTS = ['uniform', 'grid', 'gaussian', 'ring', 'point'] as const;
export type StartLayout = (typeof START_LAYOUTS)[number];

/** Standard deviation of the gaussian cluster, as a share of the domain's span per axis. */
const GAUSSIAN_SPREAD = 0.08;
/** Radius of the ring, as a share of the smaller span (the larger one for 1D landscapes). */
const RING_RADIUS = 0.3;

export interface StartOptions {
  readonly layout: StartLayout;
  readonly domain: Domain;
  readonly dimensions: 1 | 2;
  /** Centre for gaussian, ring and point; the domain's centre when absent. */
  readonly at?: readonly [number, number] | undefined;
  readonly rng: Rng;
}

/**
 * Writes `x.length` start positions into x and y (y stays 0 for 1D landscapes). Positions are
 * clamped to the domain, so every ball starts on the visible landscape.
 */
export function placeBalls(x: FloatArray, y: FloatArray, options: StartOptions): void {
  const { layout, domain, dimensions, rng } = options;
  const count = x.length;
  const width = domain.xMax - domain.xMin;
  const height = domain.yMax - domain.yMin;
  const is1d = dimensions === 1;
  const cx = options.at?.[0] ?? (domain.xMin + domain.xMax) / 2;
  const cy = is1d ? 0 : (options.at?.[1] ?? (domain.yMin + domain.yMax) / 2);

  switch (layout) {
    case 'uniform':
      for (let i = 0; i < count; i++) {
        x[i] = rng.range(domain.xMin, domain.xMax);
        y[i] = is1d ? 0 : rng.range(domain.yMin, domain.yMax);
      }
      break;
    case 'grid': {
      // Cell centres of the smallest square grid (a row for 1D) that holds every ball.
      const columns = is1d ? count : Math.ceil(Math.sqrt(count));
      const rows = is1d ? 1 : Math.ceil(count / columns);
      for (let i = 0; i < count; i++) {
        const column = i % columns;
        const row = Math.floor(i / columns);
        x[i] = domain.xMin + ((column + 0.5) / columns) * width;
        y[i] = is1d ? 0 : domain.yMin + ((row + 0.5) / rows) * height;
      }
      break;
    }
    case 'gaussian':
      for (let i = 0; i < count; i++) {
        x[i] = cx + rng.normal() * GAUSSIAN_SPREAD * width;
        y[i] = is1d ? 0 : cy + rng.normal() * GAUSSIAN_SPREAD * height;
      }
      break;
    case 'ring': {
      const radius = RING_RADIUS * (is1d ? width : Math.min(width, height));
      for (let i = 0; i < count; i++) {
        if (is1d) {
          // A 1D "ring" is its two points at the given distance, alternating sides.
          x[i] = cx + (i % 2 === 0 ? -radius : radius);
          y[i] = 0;
        } else {
          const angle = (2 * Math.PI * i) / count;
          x[i] = cx + radius * Math.cos(angle);
          y[i] = cy + radius * Math.sin(angle);
        }
      }
      break;
    }
    case 'point':
      x.fill(cx);
      y.fill(cy);
      break;
  }
  clampToDomain(x, y, domain, is1d);
}

function clampToDomain(x: FloatArray, y: FloatArray, domain: Domain, is1d: boolean): void {
  for (let i = 0; i < x.length; i++) {
    x[i] = Math.min(domain.xMax, Math.max(domain.xMin, x[i]!));
    y[i] = is1d ? 0 : Math.min(domain.yMax, Math.max(domain.yMin, y[i]!));
  }
}
