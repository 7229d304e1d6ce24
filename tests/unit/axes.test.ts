import { describe, expect, it } from 'vitest';
import { axisDrawing, formatTick, niceStep, tickValues } from '../../src/render/axes.ts';

describe('axis ticks', () => {
  it('steps are 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10, 6)).toBe(2);
    expect(niceStep(12, 6)).toBe(2);
    expect(niceStep(1, 6)).toBeCloseTo(0.2);
    expect(niceStep(100, 4)).toBe(20);
    expect(niceStep(0.3, 6)).toBeCloseTo(0.05);
  });

  it('ticks are the multiples of the step inside the range', () => {
    expect(tickValues(-2, 8, 2)).toEqual([-2, 0, 2, 4, 6, 8]);
    expect(tickValues(-5, 5, 2)).toEqual([-4, -2, 0, 2, 4]);
    expect(tickValues(1, 0, 1)).toEqual([]);
    expect(tickValues(0, 1, 0)).toEqual([]);
  });

  it('labels carry the decimals their step needs and a real minus sign', () => {
    expect(formatTick(-2, 2)).toBe('\u22122');
    expect(formatTick(0.5, 0.5)).toBe('0.5');
    expect(formatTick(-1e-17, 0.2)).toBe('0.0');
    expect(formatTick(3, 1)).toBe('3');
  });
});

const identity = {
  worldX: (x: number) => x,
  worldZ: (y: number) => -y,
  height: (f: number) => f / 10,
};

describe('axisDrawing', () => {
  it('numbers x and y on a surface, so (3, 2) can be found (Himmelblau)', () => {
    const drawing = axisDrawing({
      dimensions: 2,
      xMin: -5,
      xMax: 5,
      yMin: -5,
      yMax: 5,
      fMin: 0,
      fMax: 800,
      ...identity,
    });
    const texts = drawing.labels.map((label) => label.text);
    expect(texts).toEqual(expect.arrayContaining(['x', 'y', '2', '4', '\u22124', '0']));
    // x labels along the front edge (y = yMin, world z = +5 and beyond), y labels along the left.
    const x2 = drawing.labels.find((label) => label.text === '2' && label.align === 'below');
    const y2 = drawing.labels.find((label) => label.text === '2' && label.align === 'left');
    expect(x2?.at[0]).toBe(2);
    expect(x2?.at[2]).toBeGreaterThan(5);
    expect(y2?.at[2]).toBe(-2);
    expect(y2?.at[0]).toBeLessThan(-5);
    expect(drawing.lines.length % 6).toBe(0);
    expect(drawing.lines.every(Number.isFinite)).toBe(true);
  });

  it('numbers x under a 1D curve (x = -1 and x = 3 findable) and a few f ticks', () => {
    const drawing = axisDrawing({
      dimensions: 1,
      xMin: -2,
      xMax: 8,
      yMin: 0,
      yMax: 0,
      fMin: 2,
      fMax: 27,
      ...identity,
    });
    const xs = drawing.labels.filter((label) => label.align === 'below').map((label) => label.text);
    expect(xs).toEqual(['\u22122', '0', '2', '4', '6', '8']);
    const fs = drawing.labels.filter((label) => label.align === 'left').map((label) => label.text);
    expect(fs.length).toBeGreaterThanOrEqual(3);
    expect(drawing.labels.map((label) => label.text)).toEqual(expect.arrayContaining(['x', 'f(x)']));
  });
});
