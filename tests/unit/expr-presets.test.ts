/**
 * Every preset's formula (its `expression`, which landscapes/define.ts compiles it from) compiles
 * to the f and gradient written by hand (tests/unit/preset-oracles.ts), to a relative 1e-9 in float64, over a grid of the preset's domain. Where a
 * value is near 0 because its terms cancel, the tolerance is 1e-12 of the largest value on the
 * grid instead (the two sides round the terms differently).
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/core/expr/index.ts';
import type { Landscape } from '../../src/core/landscape.ts';
import { PRESETS, presetExpression } from '../../src/core/landscapes/index.ts';
import { translate } from '../../src/i18n/index.ts';
import { PRESET_ORACLES } from './preset-oracles.ts';

const GRID = 41;

/** GRID x GRID points over the domain, edges included (one row for a 1D landscape). */
function grid(landscape: Landscape): Array<[number, number]> {
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const points: Array<[number, number]> = [];
  const rows = landscape.dimensions === 1 ? 1 : GRID;
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < rows; j++) {
      const y = rows === 1 ? 0 : yMin + ((yMax - yMin) * j) / (GRID - 1);
      points.push([xMin + ((xMax - xMin) * i) / (GRID - 1), y]);
    }
  }
  return points;
}

describe('preset formulas', () => {
  it('every preset has one', () => {
    expect(PRESETS.filter((preset) => preset.expression === undefined)).toEqual([]);
  });

  it.each(PRESETS.map((preset) => [preset.id, preset] as const))(
    '%s: f and gradient match the hand-written ones',
    (id, preset) => {
      const result = compileExpression(presetExpression(id));
      if (!result.ok) throw new Error(`${id}: ${translate(result.error.message)}`);
      const expression = result.expression;
      expect(expression.dimensions).toBe(preset.dimensions);
      const oracle = PRESET_ORACLES[id]!;
      expect(oracle, id).toBeDefined();
      // What the app runs is the compiled formula (Ackley aside: see its module).
      if (id !== 'ackley') expect(preset.wgsl).toBe(expression.wgsl);
      const points = grid(preset);
      const expected = points.map(([x, y]) => {
        const out = new Float64Array(2);
        oracle.gradient(x, y, out);
        return [oracle.f(x, y), out[0]!, out[1]!] as const;
      });
      const scale = [0, 1, 2].map((k) => Math.max(...expected.map((values) => Math.abs(values[k]!))));
      points.forEach(([x, y], index) => {
        // (Ackley's funnel tip, a cone, is on the grid: the compiler's sqrt counts it as flat, 0,
        // as the hand-written gradient does.)
        const out = new Float64Array([Number.NaN, Number.NaN]);
        expression.gradient(x, y, out);
        const actual = [expression.f(x, y), out[0]!, out[1]!];
        actual.forEach((value, k) => {
          const reference = expected[index]![k]!;
          const tolerance = 1e-9 * Math.abs(reference) + 1e-12 * scale[k]!;
          if (!(Math.abs(value - reference) <= tolerance)) {
            throw new Error(
              `${id} ${['f', 'd/dx', 'd/dy'][k]} at (${x}, ${y}): ${value}, preset ${reference}`,
            );
          }
        });
      });
    },
  );

  it('curve reproduces the five textbook steps exactly (x = -1, rate 0.1)', () => {
    const result = compileExpression(presetExpression('curve'));
    if (!result.ok) throw new Error(translate(result.error.message));
    const curve = PRESET_ORACLES.curve!;
    const out = [0, 0];
    const reference = [0, 0];
    let x = -1;
    let presetX = -1;
    for (let step = 0; step < 5; step++) {
      result.expression.gradient(x, 0, out);
      curve.gradient(presetX, 0, reference);
      x -= 0.1 * out[0]!;
      presetX -= 0.1 * reference[0]!;
      expect(x).toBe(presetX);
      expect(result.expression.f(x, 0)).toBe(curve.f(presetX, 0));
    }
  });

  it('the implicit-multiplication forms the panel shows compile to the same formulas', () => {
    const same = (a: string, b: string): void => {
      const left = compileExpression(a);
      const right = compileExpression(b);
      if (!left.ok || !right.ok) throw new Error(`${a} or ${b} does not compile`);
      expect(left.expression.canonical).toBe(right.expression.canonical);
    };
    same('(1 - x)^2 + 100(y - x^2)^2', presetExpression('rosenbrock'));
    same('20 + x^2 - 10 cos(2πx) + y^2 - 10 cos(2πy)', presetExpression('rastrigin'));
  });
});
