import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADIENT_TOLERANCE, domainSpan, type Landscape } from '../../src/core/landscape.ts';
import { DEFAULT_PRESET_ID, findPreset, PRESETS } from '../../src/core/landscapes/index.ts';
import { createRng } from '../../src/core/rng.ts';

const SAMPLES = 1000;

/** Seeded random points inside the domain (y is 0 for 1D landscapes). */
function samplePoints(landscape: Landscape, seed: number): Array<[number, number]> {
  const rng = createRng(seed);
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const points: Array<[number, number]> = [];
  for (let i = 0; i < SAMPLES; i++) {
    const x = rng.range(xMin, xMax);
    const y = landscape.dimensions === 1 ? 0 : rng.range(yMin, yMax);
    points.push([x, y]);
  }
  return points;
}

/** Gradient at (x, y) with `out` pre-filled with NaN, so a component left unwritten shows up. */
function gradientAt(landscape: Landscape, x: number, y: number): [number, number] {
  const out = new Float64Array([Number.NaN, Number.NaN]);
  landscape.gradient(x, y, out);
  return [out[0]!, out[1]!];
}

/** Largest gradient norm over the sample: the landscape's own scale for "near-zero" gradients. */
function steepness(landscape: Landscape): number {
  let max = 0;
  for (const [x, y] of samplePoints(landscape, 7)) {
    const [gx, gy] = gradientAt(landscape, x, y);
    max = Math.max(max, Math.hypot(gx, gy));
  }
  return max;
}

describe('preset list', () => {
  it('has the presets in the documented order, with unique ids', () => {
    expect(PRESETS.map((preset) => preset.id)).toEqual([
      'curve',
      'bowl',
      'ravine',
      'saddle',
      'rosenbrock',
      'himmelblau',
      'rastrigin',
      'ackley',
      'beale',
      'booth',
      'sixhump',
      'styblinski',
      'goldstein',
    ]);
    expect(new Set(PRESETS.map((preset) => preset.id)).size).toBe(PRESETS.length);
  });

  it('finds presets by id and the default exists', () => {
    expect(findPreset(DEFAULT_PRESET_ID)?.id).toBe('himmelblau');
    for (const preset of PRESETS) expect(findPreset(preset.id)).toBe(preset);
    expect(findPreset('no-such-landscape')).toBeUndefined();
    expect(findPreset('')).toBeUndefined();
  });
});

describe.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s', (_id, landscape) => {
  it('is well-formed', () => {
    const { xMin, xMax, yMin, yMax } = landscape.domain;
    expect(landscape.id).toMatch(/^[a-z0-9-]+$/);
    expect(landscape.name.trim()).not.toBe('');
    expect(landscape.formula.trim()).not.toBe('');
    for (const bound of [xMin, xMax, yMin, yMax]) expect(Number.isFinite(bound)).toBe(true);
    expect(xMin).toBeLessThan(xMax);
    if (landscape.dimensions === 1) {
      expect(yMin).toBe(0);
      expect(yMax).toBe(0);
    } else {
      expect(yMin).toBeLessThan(yMax);
    }
    expect(Number.isFinite(landscape.learningRate)).toBe(true);
    expect(landscape.learningRate).toBeGreaterThan(0);
    const tolerance = landscape.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE;
    expect(Number.isFinite(tolerance)).toBe(true);
    expect(tolerance).toBeGreaterThan(0);
  });

  it('has finite values and gradients over the domain', () => {
    for (const [x, y] of samplePoints(landscape, 3)) {
      expect(Number.isFinite(landscape.f(x, y))).toBe(true);
      const [gx, gy] = gradientAt(landscape, x, y);
      expect(Number.isFinite(gx)).toBe(true);
      expect(Number.isFinite(gy)).toBe(true);
      if (landscape.dimensions === 1) expect(gy).toBe(0);
    }
  });

  it('has a gradient that matches central finite differences', () => {
    const { width, height } = domainSpan(landscape.domain);
    const hx = 1e-6 * width;
    const hy = 1e-6 * height;
    const f = landscape.f;
    for (const [x, y] of samplePoints(landscape, 1)) {
      const [gx, gy] = gradientAt(landscape, x, y);
      const fdX = (f(x + hx, y) - f(x - hx, y)) / (2 * hx);
      if (Math.abs(gx - fdX) > 1e-5 * (1 + Math.abs(gx))) {
        expect.fail(`d/dx at (${x}, ${y}): analytic ${gx}, finite difference ${fdX}`);
      }
      if (landscape.dimensions === 2) {
        const fdY = (f(x, y + hy) - f(x, y - hy)) / (2 * hy);
        if (Math.abs(gy - fdY) > 1e-5 * (1 + Math.abs(gy))) {
          expect.fail(`d/dy at (${x}, ${y}): analytic ${gy}, finite difference ${fdY}`);
        }
      }
    }
  });

  it('lists minima that are inside the domain, flat, and where f has the listed value', () => {
    const { xMin, xMax, yMin, yMax } = landscape.domain;
    const flat = 1e-12 * steepness(landscape);
    const probe = 1e-3 * Math.max(xMax - xMin, yMax - yMin);
    for (const minimum of landscape.minima) {
      const { x, y, value } = minimum;
      expect(x).toBeGreaterThanOrEqual(xMin);
      expect(x).toBeLessThanOrEqual(xMax);
      expect(y).toBeGreaterThanOrEqual(yMin);
      expect(y).toBeLessThanOrEqual(yMax);
      if (landscape.dimensions === 1) expect(y).toBe(0);
      expect(Math.abs(landscape.f(x, y) - value)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(value)));
      const [gx, gy] = gradientAt(landscape, x, y);
      expect(Math.hypot(gx, gy)).toBeLessThanOrEqual(flat);
      // A minimum, not a saddle or a maximum: f rises in every direction around it.
      const directions = landscape.dimensions === 1 ? 2 : 16;
      for (let k = 0; k < directions; k++) {
        const angle = (2 * Math.PI * k) / directions;
        const px = x + probe * Math.cos(angle);
        const py = landscape.dimensions === 1 ? 0 : y + probe * Math.sin(angle);
        expect(landscape.f(px, py)).toBeGreaterThan(value);
      }
    }
  });

  it('marks the deepest listed minima as global', () => {
    if (landscape.minima.length === 0) return;
    const deepest = Math.min(...landscape.minima.map((minimum) => minimum.value));
    const globals = landscape.minima.filter((minimum) => minimum.global);
    expect(globals.length).toBeGreaterThan(0);
    for (const minimum of landscape.minima) {
      const isDeepest = Math.abs(minimum.value - deepest) <= 1e-9 * (1 + Math.abs(deepest));
      expect(minimum.global).toBe(isDeepest);
    }
  });
});

describe('special cases', () => {
  it('every 2D preset except the saddle has a minimum; the saddle has none', () => {
    for (const preset of PRESETS) {
      if (preset.id === 'saddle') expect(preset.minima).toEqual([]);
      else expect(preset.minima.length).toBeGreaterThan(0);
    }
  });

  it('1D presets write 0 into out[1]', () => {
    const oneD = PRESETS.filter((preset) => preset.dimensions === 1);
    expect(oneD.map((preset) => preset.id)).toEqual(['curve']);
    for (const preset of oneD) {
      for (const [x, y] of [
        [-2, 0],
        [3, 0],
        [8, 5],
      ] as const) {
        expect(gradientAt(preset, x, y)[1]).toBe(0);
      }
    }
  });

  it("the curve reproduces the chapter's five steps from x = -1 at learning rate 0.1", () => {
    const curve = findPreset('curve')!;
    const out = new Float64Array(2);
    let x = -1;
    for (const expected of [-0.2, 0.44, 0.952, 1.3616, 1.68928]) {
      curve.gradient(x, 0, out);
      x -= curve.learningRate * out[0]!;
      expect(x).toBeCloseTo(expected, 12);
    }
  });

  it("Ackley's gradient is 0 at the origin and finite arbitrarily close to it", () => {
    const ackley = findPreset('ackley')!;
    expect(gradientAt(ackley, 0, 0)).toEqual([0, 0]);
    for (const tiny of [1e-300, 1e-200, 1e-170, 1e-162, 1e-155, 1e-100, 5e-324, -5e-324, 1e-20]) {
      for (const [x, y] of [
        [tiny, 0],
        [0, tiny],
        [tiny, tiny],
        [tiny, -tiny],
      ] as const) {
        const [gx, gy] = gradientAt(ackley, x, y);
        expect(Number.isFinite(gx) && Number.isFinite(gy)).toBe(true);
        expect(Math.hypot(gx, gy)).toBeLessThan(3);
      }
    }
    expect(ackley.f(0, 0)).toBe(0);
  });
});
