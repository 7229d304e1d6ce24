import { describe, expect, it } from 'vitest';
import { insideStretch, smoothTrail } from '../../src/render/trail-path.ts';

describe('smoothTrail', () => {
  it('keeps both ends, so a trail still ends at its ball', () => {
    const path = smoothTrail([0, 1, 1, 2], [0, 0, 1, 1], 10);
    expect(path.x[0]).toBe(0);
    expect(path.y[0]).toBe(0);
    expect(path.x.at(-1)).toBe(2);
    expect(path.y.at(-1)).toBe(1);
    expect(path.along[0]).toBe(0);
    expect(path.along.at(-1)).toBe(1);
  });

  it('cuts corners: a right angle becomes a rounded bend with no point on the corner', () => {
    const path = smoothTrail([0, 1, 1], [0, 0, 1], 10);
    expect(path.x.length).toBeGreaterThan(3);
    const onCorner = path.x.some((x, k) => x === 1 && path.y[k] === 0);
    expect(onCorner).toBe(false);
  });

  it('cuts long pieces so they can follow the surface, measured in world units', () => {
    const path = smoothTrail([0, 1], [0, 0], 0.1);
    expect(path.x.length).toBe(11);
    for (let k = 1; k < path.x.length; k++) {
      expect((path.x[k] ?? 0) - (path.x[k - 1] ?? 0)).toBeCloseTo(0.1);
    }
    // Half a world unit per domain unit: half as many pieces.
    expect(smoothTrail([0, 1], [0, 0], 0.1, 2).x.length).toBe(6);
    // The along share grows monotonically from the old end to the ball.
    for (let k = 1; k < path.along.length; k++) expect(path.along[k]).toBeGreaterThan(path.along[k - 1] ?? 0);
  });

  it('ignores y on a 1D curve (an infinite y unit)', () => {
    const path = smoothTrail([0, 0.05], [0, 100], 0.1, 1, Number.POSITIVE_INFINITY);
    expect(path.x.length).toBe(2);
  });
});

describe('insideStretch', () => {
  const bounds = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  it('keeps a path that stays over the landscape whole', () => {
    expect(insideStretch([0, 0.5, 1], [0, 0, 0], bounds, true)).toEqual({ start: 0, end: 3 });
  });
  it('ends a trail where its ball flew off the edge', () => {
    // The ball leaves at the fourth point and keeps going: the trail stops at the edge.
    expect(insideStretch([0, 0.5, 0.9, 3, 40], [0, 0, 0, 0, 0], bounds, true)).toEqual({ start: 0, end: 3 });
  });
  it('starts a trail where its ball came back', () => {
    expect(insideStretch([0, 5, 0.5, 0.2], [0, 0, 0, 0], bounds, true)).toEqual({ start: 2, end: 4 });
  });
  it('checks y on a surface only', () => {
    expect(insideStretch([0, 0], [0, 7], bounds, true)).toEqual({ start: 0, end: 1 });
    expect(insideStretch([0, 0], [0, 7], bounds, false)).toEqual({ start: 0, end: 2 });
  });
  it('draws nothing of a path that is all off the landscape', () => {
    const stretch = insideStretch([5, 6], [0, 0], bounds, true);
    expect(stretch.end - stretch.start).toBe(0);
  });
});
