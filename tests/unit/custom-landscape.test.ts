import { describe, expect, it } from 'vitest';
import {
  CUSTOM_LANDSCAPE_ID,
  compileSafely,
  customLandscape,
  DEFAULT_EXPRESSION_DOMAIN_1D,
  DEFAULT_EXPRESSION_DOMAIN_2D,
  expressionLandscape,
} from '../../src/core/custom-landscape.ts';
import type { CompiledExpression } from '../../src/core/expr/index.ts';
import type { Domain, Landscape } from '../../src/core/landscape.ts';
import { PRESETS, presetExpression } from '../../src/core/landscapes/index.ts';
import { resolveConfig } from '../../src/core/plain-config.ts';
import { createSimulation } from '../../src/core/simulation.ts';
import { MAX_BASINS } from '../../src/core/stats.ts';
import { CONVERGED } from '../../src/core/status.ts';
import { niceFloor } from '../../src/core/suggest-rate.ts';
import { parseUrlState, stateToConfig } from '../../src/core/url-state.ts';
import { translate } from '../../src/i18n/index.ts';

function compile(text: string): CompiledExpression {
  const result = compileSafely(text);
  if (!result.ok) throw new Error(`${text}: ${translate(result.error.message)} at ${result.error.position}`);
  return result.expression;
}

function typed(text: string, domain?: Domain): Landscape {
  return expressionLandscape(compile(text), domain);
}

describe('a typed expression as a landscape', () => {
  it('(x-3)^2+2 is 1D, over [-5, 5] by default, with its minimum at 3 where f = 2', () => {
    const landscape = typed('(x-3)^2+2');
    expect(landscape.id).toBe(CUSTOM_LANDSCAPE_ID);
    expect(landscape.name).toBe('f(x) = (x-3)^2+2');
    expect(landscape.formula).toBe('(x-3)^2+2');
    expect(landscape.dimensions).toBe(1);
    expect(landscape.domain).toEqual(DEFAULT_EXPRESSION_DOMAIN_1D);
    expect(landscape.minima).toHaveLength(1);
    const [minimum] = landscape.minima;
    expect(minimum!.x).toBeCloseTo(3, 9);
    expect(minimum!.y).toBe(0);
    expect(minimum!.value).toBeCloseTo(2, 12);
    expect(minimum!.global).toBe(true);
    // Curvature 2: 0.5 / 2 rounded down to 1-2-5.
    expect(landscape.learningRate).toBe(0.2);
    expect(landscape.logHeight).toBe(false);
    expect(landscape.wgsl).toMatch(/fn f\(x: f32, y: f32\) -> f32/);
  });

  it('Himmelblau typed finds its four minima, all global', () => {
    const landscape = typed('(x^2+y-11)^2+(x+y^2-7)^2');
    const preset = PRESETS.find((entry) => entry.id === 'himmelblau')!;
    expect(landscape.domain).toEqual(DEFAULT_EXPRESSION_DOMAIN_2D);
    expect(landscape.minima).toHaveLength(4);
    for (const known of preset.minima) {
      const found = landscape.minima.find((m) => Math.hypot(m.x - known.x, m.y - known.y) < 1e-6);
      expect(found, `(${known.x}, ${known.y})`).toBeDefined();
      expect(found!.value).toBeLessThan(1e-12);
      expect(found!.global).toBe(true);
    }
  });

  it('log(x) (NaN for x < 0) still builds: no minimum, a usable rate', () => {
    const landscape = typed('log(x)');
    expect(landscape.dimensions).toBe(1);
    expect(landscape.minima).toEqual([]);
    expect(Number.isFinite(landscape.learningRate) && landscape.learningRate > 0).toBe(true);
    const sim = createSimulation({ landscape, particleCount: 100 });
    sim.step(50);
    const stats = sim.stats().groups[0]!;
    // The balls that start at x <= 0 diverge at once; nothing is NaN in the statistics.
    expect(stats.divergedPercent).toBeGreaterThanOrEqual(50);
    const render = new Float32Array(sim.particleCount * 4);
    sim.writeRenderData(render);
    expect(render.every(Number.isFinite)).toBe(true);
  });

  it('log(x)+y^2 and 1/x+y^2 build too', () => {
    for (const text of ['log(x)+y^2', '1/x+y^2']) {
      const landscape = typed(text);
      expect(landscape.dimensions).toBe(2);
      expect(landscape.minima).toEqual([]);
      expect(landscape.learningRate).toBeGreaterThan(0);
    }
  });

  it('a saddle and a valley of minima list none; a minimum that rises only at fourth order is kept', () => {
    expect(typed('x^2-y^2').minima).toEqual([]);
    // Every point of x = 0 is a minimum: there is no single one to name.
    expect(typed('x^2+0*y').minima).toEqual([]);
    expect(typed('(x-y)^2').minima).toEqual([]);
    const quartic = typed('x^2+y^4').minima;
    expect(quartic).toHaveLength(1);
    expect(Math.hypot(quartic[0]!.x, quartic[0]!.y)).toBeLessThan(0.05);
  });

  it('the tip of a cone is a minimum', () => {
    const [tip, ...rest] = typed('sqrt(x^2+y^2)').minima;
    expect(rest).toEqual([]);
    expect(Math.hypot(tip!.x, tip!.y)).toBeLessThan(1e-6);
  });

  it('keeps at most MAX_BASINS minima, lowest first (Rastrigin has 121 in its domain)', () => {
    const landscape = typed(presetExpression('rastrigin'), PRESETS.find((p) => p.id === 'rastrigin')!.domain);
    expect(landscape.minima).toHaveLength(MAX_BASINS);
    expect(Math.hypot(landscape.minima[0]!.x, landscape.minima[0]!.y)).toBeLessThan(1e-6);
    const values = landscape.minima.map((m) => m.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(landscape.minima.filter((m) => m.global)).toHaveLength(1);
  });

  // How long this takes is measured by `npm run bench`, not here: a test must not time a busy machine.
  it('every preset typed out, over its domain: its global minima found', () => {
    for (const preset of PRESETS) {
      const text = presetExpression(preset.id);
      expect(text, preset.id).toBeDefined();
      const expression = compile(text!);
      const landscape = expressionLandscape(expression, preset.domain);
      const span = Math.max(preset.domain.xMax - preset.domain.xMin, preset.domain.yMax - preset.domain.yMin);
      for (const known of preset.minima.filter((m) => m.global)) {
        const found = landscape.minima.some(
          (m) => Math.hypot(m.x - known.x, m.y - known.y) < 1e-4 * span && m.global,
        );
        expect(found, `${preset.id}: (${known.x}, ${known.y})`).toBe(true);
      }
      expect(landscape.logHeight, preset.id).toBe(preset.logHeight);
      // Never far above the hand-picked rate (at most 10x: the preset's walls are the same).
      expect(landscape.learningRate, preset.id).toBeLessThanOrEqual(10 * preset.learningRate);
      console.info(
        `${preset.id}: ${landscape.minima.length} minima, rate ${landscape.learningRate} (preset ${preset.learningRate})`,
      );
    }
  });

  it('plain gradient descent at the suggested rate converges from most of the domain', () => {
    for (const text of ['x^2+y^2', '(x^2+y-11)^2+(x+y^2-7)^2', '(x+2*y-7)^2+(2*x+y-5)^2', 'x^2+3*sin(y)']) {
      const sim = createSimulation({ landscape: typed(text), particleCount: 2000, seed: 3 });
      sim.step(3000);
      const stats = sim.stats().groups[0]!;
      expect(stats.convergedPercent, text).toBeGreaterThan(90);
      expect(stats.divergedPercent, text).toBe(0);
    }
  });

  it('the same text and domain give the same landscape, remembered', () => {
    const a = customLandscape('x^2+3*sin(y)', null);
    const b = customLandscape('x^2+3*sin(y)', null);
    expect(a).toBe(b);
    const c = customLandscape('x^2+3*sin(y)', { xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    expect(c.ok && c.landscape.domain.xMin).toBe(-1);
    const bad = customLandscape('x^2+', null);
    expect(bad.ok).toBe(false);
  });
});

describe('the chapter example, typed', () => {
  const expected = [-0.2, 0.44, 0.952, 1.3616, 1.68928];
  const chapter = {
    particleCount: 1,
    start: 'point',
    at: [-1, 0],
    groups: [{ optimizer: 'gd', learningRate: 0.1 }],
    precision: 'float64',
  } as const;

  it('expr=(x-3)^2+2 gives x = -0.2, 0.44, 0.952, 1.3616, 1.68928, as the built-in curve does', () => {
    const { state, warnings } = parseUrlState('?expr=(x-3)^2%2B2&domain=-2,8&start=point&at=-1&n=1&lr=0.1');
    expect(warnings).toEqual([]);
    const typedRun = createSimulation({ ...resolveConfig(stateToConfig(state)), precision: 'float64' });
    const curveRun = createSimulation({ ...chapter, landscape: 'curve' });
    expect(typedRun.x[0]).toBe(-1);
    for (const value of expected) {
      typedRun.step(1);
      curveRun.step(1);
      expect(Math.abs(typedRun.x[0]! - value)).toBeLessThan(1e-12);
      // Bit for bit the built-in curve's run.
      expect(typedRun.x[0]).toBe(curveRun.x[0]);
      expect(typedRun.y[0]).toBe(0);
    }
  });

  it('over the default domain too, stepped five at once', () => {
    const sim = createSimulation({ ...chapter, landscape: typed('(x-3)^2+2') });
    sim.step(5);
    expect(Math.abs(sim.x[0]! - 1.68928)).toBeLessThan(1e-12);
    sim.step(500);
    expect(sim.status[0]).toBe(CONVERGED);
  });
});

describe('niceFloor', () => {
  it('rounds down to 1, 2 or 5 times a power of ten', () => {
    expect(niceFloor(0.0037)).toBe(0.002);
    expect(niceFloor(0.25)).toBe(0.2);
    expect(niceFloor(0.5)).toBe(0.5);
    expect(niceFloor(1e-7)).toBe(1e-7);
    expect(niceFloor(9.99)).toBe(5);
    expect(niceFloor(10)).toBe(10);
  });
});
