/** dropBalls: a click on empty ground becomes a Gaussian start there, and the URL says so. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_STATE, formatUrlState, parseUrlState } from '../../src/core/url-state.ts';
import { dropBalls } from '../../src/ui/drop.ts';

const bowl = parseUrlState('?fn=bowl&n=200&start=point&paused=1&seed=7&lr=0.05,0.2').state;

describe('dropBalls', () => {
  test('starts a Gaussian cluster at the point and keeps everything else', () => {
    const next = dropBalls(bowl, { x: 1.5, y: -2.25 });
    expect(next.start).toBe('gaussian');
    expect(next.at).toEqual([1.5, -2.25]);
    expect({ ...next, start: bowl.start, at: bowl.at }).toEqual(bowl);
    expect(bowl.start).toBe('point'); // the old state is left alone
  });

  test('its URL reproduces the drop', () => {
    const next = dropBalls(bowl, { x: 1.5, y: -2.25 });
    const search = formatUrlState(next);
    expect(new URLSearchParams(search).get('start')).toBe('gaussian');
    expect(new URLSearchParams(search).get('at')).toBe('1.5,-2.25');
    expect(new URLSearchParams(search).get('n')).toBe('200');
    const parsed = parseUrlState(search);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.state).toEqual(next);
  });

  test('rounds the point for a short URL and clamps it to the domain', () => {
    const next = dropBalls(bowl, { x: 1.234567891, y: 0.1 + 0.2 });
    // The bowl spans 10: a step of 1/10,000 of it is 0.001.
    expect(next.at).toEqual([1.235, 0.3]);
    expect(dropBalls(bowl, { x: 99, y: -99 }).at).toEqual([5, -5]);
    expect(Object.is(dropBalls(bowl, { x: -0.0001, y: 0 }).at?.[0], 0)).toBe(true);
  });

  test('a domain override is the one clamped to', () => {
    const zoomed = parseUrlState('?fn=bowl&domain=-1,1,-1,1&n=50').state;
    expect(dropBalls(zoomed, { x: 3, y: 0.123456 }).at).toEqual([1, 0.1235]);
  });

  test('1D: y is 0 and the address carries one number', () => {
    const curve = parseUrlState('?fn=curve&n=40').state;
    const next = dropBalls(curve, { x: 6.54321, y: 3 });
    expect(next.at).toEqual([6.543, 0]);
    expect(new URLSearchParams(formatUrlState(next)).get('at')).toBe('6.543');
  });

  test('a single ball is dropped exactly there', () => {
    const one = { ...DEFAULT_STATE, fn: 'bowl', n: 1 };
    expect(dropBalls(one, { x: 2, y: 1 })).toMatchObject({ start: 'point', at: [2, 1], n: 1 });
  });

  test('a non-finite point changes nothing', () => {
    expect(dropBalls(bowl, { x: Number.NaN, y: 0 })).toBe(bowl);
    expect(dropBalls(bowl, { x: 0, y: Number.POSITIVE_INFINITY })).toBe(bowl);
  });
});
