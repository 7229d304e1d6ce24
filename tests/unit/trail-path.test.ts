import { describe, expect, it } from 'vitest';
import { smoothTrail } from '../../src/render/trail-path.ts';

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
