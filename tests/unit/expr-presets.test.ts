/**
 * Every preset typed out as a formula (PRESET_FORMULAS) compiles to the preset's f and gradient,
 * to a relative 1e-9 in float64, over a grid of the preset's domain: the typed path agrees with
 * hand-written code we trust. Where a value is near 0 because its terms cancel, the tolerance is
 * 1e-12 of the largest value on the grid instead (the two sides round the terms differently).
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/core/expr/index.ts';
import { PRESET_FORMULAS } from '../../src/core/expr/preset-formulas.ts';
import type { Landscape } from '../../src/core/landscape.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { translate } from '../../src/i18n/index.ts';

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

describe('PRESET_FORMULAS', () => {
  it('has a formula for every preset, and nothing else', () => {
    expect(Object.keys(PRESET_FORMULAS).sort()).toEqual(PRESETS.map((preset) => preset.id).sort());
  });

  it.each(PRESETS.map((preset) => [preset.id, preset] as const))(
    '%s: f and gradient match the preset',
    (id, preset) => {
      const result = compileExpression(PRESET_FORMULAS[id]!);
      if (!result.ok) throw new Error(`${id}: ${translate(result.error.message)}`);
      const expression = result.expression;
      expect(expression.dimensions).toBe(preset.dimensions);
      const points = grid(preset);
      const expected = points.map(([x, y]) => {
        const out = new Float64Array(2);
        preset.gradient(x, y, out);
        return [preset.f(x, y), out[0]!, out[1]!] as const;
      });
      const scale = [0, 1, 2].map((k) => Math.max(...expected.map((values) => Math.abs(values[k]!))));
      points.forEach(([x, y], index) => {
        // Ackley's funnel tip is a cone: its gradient has no limit at the origin. The preset
        // defines it as 0 there, the formula's derivative is 0 / 0.
        if (id === 'ackley' && x === 0 && y === 0) return;
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
    const result = compileExpression(PRESET_FORMULAS.curve!);
    if (!result.ok) throw new Error(translate(result.error.message));
    const curve = PRESETS.find((preset) => preset.id === 'curve')!;
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
    same('(1 - x)^2 + 100(y - x^2)^2', PRESET_FORMULAS.rosenbrock!);
    same('20 + x^2 - 10 cos(2πx) + y^2 - 10 cos(2πy)', PRESET_FORMULAS.rastrigin!);
  });
});
