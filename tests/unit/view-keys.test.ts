/**
 * The 3D view's keys (src/ui/view-keys.ts): Shift with an arrow turns, plain arrows are left to
 * the page's shortcuts (→ steps), + and − zoom by inverse amounts, Enter drops.
 */
import { describe, expect, it } from 'vitest';
import { viewKey } from '../../src/ui/view-keys.ts';

describe('viewKey', () => {
  it('turns left and right about the vertical, up and down over the top, with Shift held', () => {
    const left = viewKey('ArrowLeft', true);
    const right = viewKey('ArrowRight', true);
    expect(left).toMatchObject({ polar: 0, zoom: 1 });
    expect(right).toMatchObject({ polar: 0, zoom: 1 });
    if (left === null || left === 'drop' || right === null || right === 'drop') throw new Error('not a turn');
    expect(left.azimuth).toBeCloseTo(-right.azimuth);
    expect(right.azimuth).toBeGreaterThan(0);
    expect(viewKey('ArrowUp', true)).toMatchObject({ azimuth: 0, zoom: 1 });
    expect(viewKey('ArrowDown', true)).toMatchObject({ azimuth: 0, zoom: 1 });
  });

  it('leaves the plain arrows to the page: → steps wherever the focus is', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']) expect(viewKey(key)).toBeNull();
  });

  it('zooms in with + (and =) and back out by the same factor with −', () => {
    const zoomIn = viewKey('+');
    const zoomOut = viewKey('-');
    expect(viewKey('=')).toEqual(zoomIn);
    if (zoomIn === null || zoomIn === 'drop' || zoomOut === null || zoomOut === 'drop')
      throw new Error('not a zoom');
    expect(zoomIn.zoom).toBeLessThan(1);
    expect(zoomIn.zoom * zoomOut.zoom).toBeCloseTo(1);
  });

  it('drops balls with Enter and leaves every other key alone', () => {
    expect(viewKey('Enter')).toBe('drop');
    for (const key of [' ', 'r', 'a', 'Tab', 'Escape']) expect(viewKey(key)).toBeNull();
  });
});
