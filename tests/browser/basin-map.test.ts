/**
 * The basin map: its painting (pure, checked against the engine's own basin statistics) and the
 * view showing it over the surface. Set VITE_VIEW_SCREENSHOTS=1 to save the view's PNG under
 * test-results/ to look at.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { findPreset } from '../../src/core/landscapes/index.ts';
import { createSimulation } from '../../src/core/simulation.ts';
import { basinRadiusSq, minimaCoordinates } from '../../src/core/stats.ts';
import { CONVERGED, DIVERGED } from '../../src/core/status.ts';
import {
  BASIN_ACTIVE_COLOR,
  BASIN_COLORS,
  BASIN_DIVERGED_COLOR,
  basinColor,
  hexToRgb,
  STEPS_RAMP,
} from '../../src/render/basin-colors.ts';
import { type BasinImage, basinMapSide, paintBasinMap } from '../../src/render/basin-map.ts';
import { ElementProxy } from '../../src/render/element-proxy.ts';
import { LandscapeView } from '../../src/render/view.ts';
import { nextFrame, screenshotImage, shareOfColor } from './pixels.ts';

const himmelblau = findPreset('himmelblau')!;
const SAVE = Boolean(import.meta.env.VITE_VIEW_SCREENSHOTS);

/** Cells per colour (`#rrggbb`, painted cells only). */
function cellColors(image: BasinImage): Map<string, number> {
  const counts = new Map<string, number>();
  for (let p = 0; p < image.pixels.length; p += 4) {
    if (image.pixels[p + 3] === 0) continue;
    const hex = `#${[0, 1, 2].map((c) => (image.pixels[p + c] ?? 0).toString(16).padStart(2, '0')).join('')}`;
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
  }
  return counts;
}

/** Himmelblau from a 64 x 64 grid of starts, run until (almost) every ball has settled. */
const HIMMELBLAU_REACH_SQ = basinRadiusSq(minimaCoordinates(himmelblau.minima), himmelblau.domain);

function himmelblauRun() {
  const sim = createSimulation({ landscape: 'himmelblau', particleCount: 4096, start: 'grid', seed: 3 });
  sim.step(2000);
  const snapshot = sim.snapshot();
  const starts = createSimulation({ landscape: 'himmelblau', particleCount: 4096, start: 'grid', seed: 3 });
  return { sim, snapshot, startX: starts.x, startY: starts.y };
}

describe('paintBasinMap', () => {
  test('Himmelblau: four basins, each in its colour, in the shares the statistics count', () => {
    const { sim, snapshot, startX, startY } = himmelblauRun();
    const image = paintBasinMap(
      {
        domain: himmelblau.domain,
        minima: minimaCoordinates(himmelblau.minima),
        reachSq: HIMMELBLAU_REACH_SQ,
        startX,
        startY,
        x: snapshot.x,
        y: snapshot.y,
        status: snapshot.status,
        convergedAt: snapshot.convergedAt,
        offset: 0,
        count: 4096,
      },
      'minimum',
    );
    // One start per cell: the grid layout's 64 x 64 points on a 64 x 64 map.
    expect(image.side).toBe(64);
    const counts = cellColors(image);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(64 * 64);
    const basins = sim.stats().groups[0]!.basinPercents;
    expect(basins).toHaveLength(4);
    for (let k = 0; k < 4; k++) {
      const cells = counts.get(basinColor(k)) ?? 0;
      expect(cells / 4096, `basin ${k}`).toBeGreaterThan(0.1);
      // The map and the statistics table assign basins the same way.
      expect((100 * cells) / 4096).toBeCloseTo(basins[k]!, 6);
    }
    for (const color of counts.keys()) {
      expect([...BASIN_COLORS.slice(0, 4), BASIN_DIVERGED_COLOR, BASIN_ACTIVE_COLOR]).toContain(color);
    }
  });

  test('red where a ball diverged, grey while it rolls; empty cells stay clear', () => {
    const minima = minimaCoordinates(himmelblau.minima);
    // One ball that started at (0, 0): the middle cell of a 16 x 16 map.
    const paintOne = (x: number, y: number, status: number) =>
      paintBasinMap(
        {
          domain: himmelblau.domain,
          minima,
          reachSq: HIMMELBLAU_REACH_SQ,
          startX: Float32Array.of(0),
          startY: Float32Array.of(0),
          x: Float32Array.of(x),
          y: Float32Array.of(y),
          status: Uint8Array.of(status),
          convergedAt: Uint32Array.of(status === CONVERGED ? 30 : 0),
          offset: 0,
          count: 1,
        },
        'minimum',
        16,
      );
    const centre = (8 * 16 + 8) * 4;
    const colorAt = (image: BasinImage, p: number) => [
      image.pixels[p],
      image.pixels[p + 1],
      image.pixels[p + 2],
    ];
    // Ended next to the second minimum (-2.805, 3.131).
    const converged = paintOne(-2.8, 3.1, CONVERGED);
    expect(colorAt(converged, centre)).toEqual(hexToRgb(basinColor(1)));
    // Hole filling spreads a lone cell by at most two cells each way; the rest stays transparent.
    const painted = [...cellColors(converged).values()].reduce((a, b) => a + b, 0);
    expect(painted).toBeGreaterThan(1);
    expect(painted).toBeLessThanOrEqual(13);
    expect(converged.pixels[3]).toBe(0); // a corner cell
    expect(colorAt(paintOne(40, 40, DIVERGED), centre)).toEqual(hexToRgb(BASIN_DIVERGED_COLOR));
    expect(colorAt(paintOne(1, 1, 0), centre)).toEqual(hexToRgb(BASIN_ACTIVE_COLOR));
  });

  test('steps mode: a logarithmic ramp from the fastest to the slowest ball', () => {
    // Three balls from three corners of a 16 x 16 map, converged after 9, 99 and 999 steps:
    // log(1 + steps) puts the middle one exactly halfway.
    const image = paintBasinMap(
      {
        domain: himmelblau.domain,
        minima: minimaCoordinates(himmelblau.minima),
        reachSq: HIMMELBLAU_REACH_SQ,
        startX: Float32Array.of(-4, 0, 4),
        startY: Float32Array.of(-4, 0, 4),
        x: Float32Array.of(3, 3, 3, 40),
        y: Float32Array.of(2, 2, 2, 40),
        status: Uint8Array.of(CONVERGED, CONVERGED, CONVERGED, DIVERGED),
        convergedAt: Uint32Array.of(9, 99, 999, 0),
        offset: 0,
        count: 3,
      },
      'steps',
      16,
    );
    expect(image.minSteps).toBe(9);
    expect(image.maxSteps).toBe(999);
    const colorAt = (column: number, row: number) => {
      const p = (row * 16 + column) * 4;
      return [image.pixels[p], image.pixels[p + 1], image.pixels[p + 2]];
    };
    expect(colorAt(1, 1)).toEqual(hexToRgb(STEPS_RAMP[0]!));
    expect(colorAt(8, 8)).toEqual(hexToRgb(STEPS_RAMP[2]!));
    expect(colorAt(14, 14)).toEqual(hexToRgb(STEPS_RAMP.at(-1)!));
  });

  test('grid side follows the ball count within its bounds', () => {
    expect(basinMapSide(1)).toBe(16);
    expect(basinMapSide(10_000)).toBe(100);
    expect(basinMapSide(1_048_576)).toBe(256);
  });
});

const WIDTH = 640;
const HEIGHT = 400;
let view: LandscapeView | null = null;
let canvas: HTMLCanvasElement | null = null;

beforeAll(async () => {
  await page.viewport(WIDTH + 40, HEIGHT + 40);
});

afterEach(() => {
  view?.dispose();
  view = null;
  canvas?.remove();
  canvas = null;
});

describe.each([
  ['WebGPU where available', false],
  ['the WebGL2 fallback', true],
])('basin map in the view (%s)', { timeout: 60_000 }, (_renderer, forceWebGL) => {
  test('turning it on shows the four basin colours over Himmelblau from the top', async () => {
    canvas = document.createElement('canvas');
    canvas.style.cssText = `display:block;width:${WIDTH}px;height:${HEIGHT}px`;
    document.body.style.margin = '0';
    document.body.append(canvas);
    view = new LandscapeView(canvas, new ElementProxy(), { forceWebGL });
    await view.init();
    view.resize(WIDTH, HEIGHT, 1);
    view.setLandscape(himmelblau, himmelblau.domain);
    view.setParticles(0, ['#ffffff']);

    const { snapshot, startX, startY } = himmelblauRun();
    const input = {
      domain: himmelblau.domain,
      minima: minimaCoordinates(himmelblau.minima),
      reachSq: HIMMELBLAU_REACH_SQ,
      startX,
      startY,
      x: snapshot.x,
      y: snapshot.y,
      status: snapshot.status,
      convergedAt: snapshot.convergedAt,
      offset: 0,
      count: 4096,
    };
    const image = paintBasinMap(input, 'minimum');
    const draw = async (name: string) => {
      for (let i = 0; i < 3; i++) {
        view!.render();
        await nextFrame();
      }
      const file = `../../test-results/${name}${forceWebGL ? '-webgl' : ''}.png`;
      return screenshotImage(canvas!, SAVE ? file : undefined);
    };

    view.setBasinImage(image);
    view.resetCamera('top');
    const off = await draw('basin-map-off');
    view.setOptions({ basinMap: 'minimum' });
    const on = await draw('basin-map-minimum');
    for (let k = 0; k < 4; k++) {
      const color = basinColor(k);
      expect(shareOfColor(on, color, 0.08), `basin ${k} (${color}) on screen`).toBeGreaterThan(0.04);
    }
    // Orange is nowhere in the height colours: it shows only with the map.
    expect(shareOfColor(off, basinColor(1), 0.08)).toBeLessThan(0.005);

    // Steps to converge: a ramp without the basins' orange.
    view.setBasinImage(paintBasinMap(input, 'steps'));
    view.setOptions({ basinMap: 'steps' });
    const steps = await draw('basin-map-steps');
    expect(shareOfColor(steps, basinColor(1), 0.08)).toBeLessThan(0.005);
    expect(shareOfColor(steps, STEPS_RAMP[2]!, 0.08)).toBeGreaterThan(0.01);

    view.setOptions({ basinMap: 'off' });
    const offAgain = await draw('basin-map-off-again');
    expect(shareOfColor(offAgain, basinColor(1), 0.08)).toBeLessThan(0.005);
  });
});
