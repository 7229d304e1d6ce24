/**
 * The view's steepness colours and local patch, in a real Chromium on WebGPU (SwiftShader) and on
 * three's WebGL2 fallback: ball colours must follow |∇f| under each ball (gentle balls cool and
 * dark, steep ones warm and bright, diverged ones still red), and the local patch must leave the
 * landscape undrawn away from ball 0 while drawing it next to the ball. Set VITE_VIEW_SCREENSHOTS=1
 * to save what the canvas shows under tests/browser/__screenshots__/.
 */
import * as Comlink from 'comlink';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import type { Landscape } from '../../src/core/landscape.ts';
import { findPreset } from '../../src/core/landscapes/index.ts';
import type { SimWorkerApi } from '../../src/engine/protocol.ts';
import { steepnessField, steepnessLevel, steepnessScale } from '../../src/render/steepness.ts';
import { LandscapeView, type LandscapeViewSettings, PARTICLE_STRIDE } from '../../src/render/view.ts';
import { nextFrame, screenshotImage } from './pixels.ts';

const WIDTH = 640;
const HEIGHT = 400;
const SAVE = Boolean(import.meta.env.VITE_VIEW_SCREENSHOTS);
const TIMEOUT = 60_000;
/** A group colour that is neither warm nor cool, so "warmer" can only come from steepness. */
const GROUP_COLOR = '#4cc9f0';

const bowl = findPreset('bowl')!;
const curve = findPreset('curve')!;

const views: { view: LandscapeView; canvas: HTMLCanvasElement }[] = [];
const workers: { worker: Worker; canvas: HTMLCanvasElement }[] = [];

beforeAll(async () => {
  await page.viewport(WIDTH + 40, HEIGHT + 40);
});

afterEach(() => {
  for (const { view, canvas } of views.splice(0)) {
    view.dispose();
    canvas.remove();
  }
  for (const { worker, canvas } of workers.splice(0)) {
    worker.terminate();
    canvas.remove();
  }
});

async function createView(settings: LandscapeViewSettings): Promise<LandscapeView> {
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `display:block;width:${WIDTH}px;height:${HEIGHT}px`;
  document.body.style.margin = '0';
  document.body.append(canvas);
  const view = new LandscapeView(canvas, canvas, settings);
  views.push({ view, canvas });
  await view.init();
  view.resize(WIDTH, HEIGHT, 1);
  return view;
}

/** Puts balls at `points` (status 2 = diverged where asked), all of group 0. */
function placeBalls(
  view: LandscapeView,
  landscape: Landscape,
  points: readonly { x: number; y: number; diverged?: boolean }[],
): void {
  view.setParticles(points.length, [GROUP_COLOR]);
  const data = view.particleData();
  points.forEach(({ x, y, diverged }, i) => {
    data.set([x, y, landscape.f(x, y), diverged ? 16 : 0], i * PARTICLE_STRIDE);
  });
  view.markParticlesDirty();
}

async function shoot(view: LandscapeView, name: string): Promise<ImageData> {
  for (let i = 0; i < 4; i++) {
    view.render();
    await nextFrame();
  }
  const canvas = views.find((v) => v.view === view)!.canvas;
  return screenshotImage(canvas, SAVE ? `__screenshots__/steepness-${name}.png` : undefined);
}

/** Mean colour of the 3 x 3 pixels around the point's projection. */
function colourAt(image: ImageData, view: LandscapeView, x: number, y: number): [number, number, number] {
  const at = view.project(x, y)!;
  const sum = [0, 0, 0];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const p = (Math.round(at.offsetY) + dy) * image.width + Math.round(at.offsetX) + dx;
      for (let c = 0; c < 3; c++) sum[c]! += image.data[p * 4 + c] ?? 0;
    }
  }
  return sum.map((v) => v / 9) as [number, number, number];
}

/** Cyan pixels (the group colour: blue and green high, red low) within `radius` px of a point. */
function cyanNear(image: ImageData, view: LandscapeView, x: number, y: number, radius: number): number {
  const at = view.project(x, y)!;
  let count = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const p = (Math.round(at.offsetY) + dy) * image.width + Math.round(at.offsetX) + dx;
      const [r = 0, g = 0, b = 0] = [image.data[p * 4], image.data[p * 4 + 1], image.data[p * 4 + 2]];
      if (b > 150 && g > 120 && r < 0.6 * g) count++;
    }
  }
  return count;
}

/** Red minus blue: above 0 warm, below cool. */
const warmth = ([r, , b]: readonly number[]): number => (r ?? 0) - (b ?? 0);
const brightness = ([r, g, b]: readonly number[]): number => (r ?? 0) + (g ?? 0) + (b ?? 0);
/** Perceived lightness (Rec. 709 weights on the sRGB values: rough, but monotone enough here). */
const luminance = ([r, g, b]: readonly number[]): number =>
  0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);

/**
 * Pixels of drawn landscape in a canvas box (CSS px): bright (the curve's ribbon), or coloured
 * (its fill, the surface). The grid lines behind are faint and nearly grey, and do not count.
 */
function litPixels(image: ImageData, x0: number, x1: number, y0 = 0, y1 = image.height): number {
  let count = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(image.height, y1); y++) {
    for (
      let x = Math.max(0, Math.floor(Math.min(x0, x1)));
      x < Math.min(image.width, Math.max(x0, x1));
      x++
    ) {
      const p = (y * image.width + x) * 4;
      const rgb = [image.data[p] ?? 0, image.data[p + 1] ?? 0, image.data[p + 2] ?? 0];
      const chroma = Math.max(...rgb) - Math.min(...rgb);
      if (brightness(rgb) > 300 || chroma > 45) count++;
    }
  }
  return count;
}

describe('the steepness scale (steepness.ts)', () => {
  test('spans the landscape’s gentle valleys to its walls, on a log scale', () => {
    const field = steepnessField(bowl, bowl.domain, 64);
    expect(field.high / field.low).toBeGreaterThan(10);
    // |∇f| = 2r on the bowl: the centre is at the bottom of the ramp, a corner at its top.
    expect(steepnessLevel(0, field.low, field.high)).toBe(0);
    expect(steepnessLevel(2 * 7, field.low, field.high)).toBe(1);
    const levels = [0.3, 1.5, 4].map((r) => steepnessLevel(2 * r, field.low, field.high));
    expect(levels[0]!).toBeLessThan(levels[1]!);
    expect(levels[1]!).toBeLessThan(levels[2]!);
    // Stored in units of `high`: the texel at the +x edge of the middle row holds about 2 * 5 / high.
    const row = 32 * 64 * 2;
    expect(field.gradients[row + 63 * 2]! * field.high).toBeCloseTo(2 * (5 - 10 / 128), 3);
    expect(steepnessScale([])).toEqual({ low: 1e-6, high: 1 });
  });
});

describe.each([
  ['WebGPU where available', {}],
  ['the WebGL2 fallback', { forceWebGL: true }],
] as const)('steepness colours and the local patch on %s', (name, settings) => {
  const tag = name.startsWith('WebGPU') ? 'webgpu' : 'webgl2';

  test.each([
    ['spheres', 3],
    // Just over SPHERE_LIMIT: sprites, still at full size (balls shrink as they multiply).
    ['sprites', 251],
  ] as const)(
    'bowl (%s): balls far from the centre are warmer and brighter; group colours do not tell them apart',
    async (kind, copies) => {
      const view = await createView(settings);
      view.setLandscape(bowl, bowl.domain);
      view.setOptions({ showMinima: false, contours: false });
      view.resetCamera('top');
      // Gentle, middling, steep; and a diverged ball on the steep side, which keeps its group's
      // colour (a ring of it).
      const points = [
        { x: 0.3, y: 0 },
        { x: -1.5, y: 1.5 },
        { x: 3.2, y: 2.4 },
        { x: -3.2, y: -2.4, diverged: true },
      ];
      // Several balls on each point: one is a few pixels wide from above. 1,004 are drawn as
      // sprites (over SPHERE_LIMIT), by another material.
      placeBalls(
        view,
        bowl,
        points.flatMap((p) => Array.from({ length: copies }, () => p)),
      );

      const grouped = await shoot(view, `group-${kind}-${tag}`);
      const groupColours = points.slice(0, 3).map((p) => colourAt(grouped, view, p.x, p.y));
      const groupSpread = Math.max(...groupColours.map(warmth)) - Math.min(...groupColours.map(warmth));

      view.setOptions({ ballColor: 'steepness' });
      const steep = await shoot(view, `bowl-${kind}-${tag}`);
      const [gentle, middle, steepest] = points.slice(0, 3).map((p) => colourAt(steep, view, p.x, p.y));
      const diverged = colourAt(steep, view, points[3]!.x, points[3]!.y);
      const colours = JSON.stringify({ gentle, middle, steepest, diverged, groupColours });

      expect(warmth(gentle!), colours).toBeLessThan(0);
      expect(warmth(middle!), colours).toBeGreaterThan(warmth(gentle!) + 30);
      // Past orange the ramp gets brighter (yellow) rather than redder.
      expect(luminance(steepest!), colours).toBeGreaterThan(luminance(middle!) + 15);
      expect(luminance(middle!), colours).toBeGreaterThan(luminance(gentle!) + 30);
      // Far more spread than the lighting alone gives one group colour.
      expect(warmth(steepest!) - warmth(gentle!), colours).toBeGreaterThan(groupSpread + 150);
      // Diverged: a ring in the group's cyan, neither red nor the ramp's yellow.
      expect(diverged[0]! > 150 && diverged[1]! < 110, colours).toBe(false);
      expect(cyanNear(steep, view, points[3]!.x, points[3]!.y, 14), colours).toBeGreaterThan(8);

      // Back to group colours: the steep ball is the group's cyan again (cool).
      view.setOptions({ ballColor: 'group' });
      const back = await shoot(view, `back-${kind}-${tag}`);
      expect(warmth(colourAt(back, view, points[2]!.x, points[2]!.y))).toBeLessThan(0);
    },
    TIMEOUT,
  );

  test(
    '1D: the ball at the minimum is cool, the one on the steep side warm',
    async () => {
      const view = await createView(settings);
      view.setLandscape(curve, curve.domain);
      view.setOptions({ showMinima: false, ballColor: 'steepness' });
      // (x - 3)^2 + 2: flat at 3, slope -9 at -1.5.
      placeBalls(view, curve, [
        { x: 3.05, y: 0 },
        { x: -1.5, y: 0 },
      ]);
      const image = await shoot(view, `curve-${tag}`);
      // The balls sit on the curve, one radius up: sample a few pixels above the curve point.
      const lift = (x: number): [number, number, number] => {
        const at = view.project(x, 0)!;
        const p = (Math.round(at.offsetY) - 5) * image.width + Math.round(at.offsetX);
        return [image.data[p * 4] ?? 0, image.data[p * 4 + 1] ?? 0, image.data[p * 4 + 2] ?? 0];
      };
      const flat = lift(3.05);
      const steep = lift(-1.5);
      expect(warmth(steep) - warmth(flat), JSON.stringify({ flat, steep })).toBeGreaterThan(150);
    },
    TIMEOUT,
  );

  test(
    'local patch: the curve away from ball 0 is gone, the patch beside it is drawn',
    async () => {
      const view = await createView(settings);
      view.setLandscape(curve, curve.domain);
      placeBalls(view, curve, [{ x: 0, y: 0 }]);
      view.setFocusBall(0);
      // Columns of the curve far from the ball (x 4..8) and next to it, clear of the ball itself.
      const far = [view.project(4, 0)!.offsetX, view.project(8, 0)!.offsetX] as const;
      const near = [view.project(0.35, 0)!.offsetX, view.project(0.8, 0)!.offsetX] as const;

      const whole = await shoot(view, `whole-${tag}`);
      const farWhole = litPixels(whole, ...far);
      expect(farWhole, 'the whole curve is drawn far from the ball').toBeGreaterThan(300);

      view.setOptions({ localPatch: true });
      const patch = await shoot(view, `patch-${tag}`);
      const counts = { farWhole, far: litPixels(patch, ...far), near: litPixels(patch, ...near) };
      expect(counts.far, JSON.stringify(counts)).toBeLessThan(farWhole * 0.02);
      expect(counts.near, JSON.stringify(counts)).toBeGreaterThan(40);

      // The patch follows the ball.
      view.setFocusBall(6);
      const moved = await shoot(view, `patch-moved-${tag}`);
      expect(litPixels(moved, ...near), 'nothing left where the ball was').toBeLessThan(counts.near * 0.1);
      expect(litPixels(moved, view.project(6.35, 0)!.offsetX, view.project(6.8, 0)!.offsetX)).toBeGreaterThan(
        40,
      );
    },
    TIMEOUT,
  );

  test(
    'local patch in 2D: a disc of surface around ball 0',
    async () => {
      const view = await createView(settings);
      view.setLandscape(bowl, bowl.domain);
      view.setOptions({ showMinima: false });
      view.resetCamera('top');
      placeBalls(view, bowl, [{ x: -3, y: -3 }]);
      view.setFocusBall(-3, -3);
      const box = (x: number, y: number) => {
        const at = view.project(x, y)!;
        return [at.offsetX - 12, at.offsetX + 12, at.offsetY - 12, at.offsetY + 12] as const;
      };
      const whole = await shoot(view, `disc-off-${tag}`);
      expect(litPixels(whole, ...box(3, 3))).toBeGreaterThan(300);
      view.setOptions({ localPatch: true });
      const disc = await shoot(view, `disc-${tag}`);
      expect(litPixels(disc, ...box(3, 3)), 'far surface hidden').toBeLessThan(10);
      // Next to the ball (0.6 away, inside the 1-unit disc) the surface is still drawn.
      expect(litPixels(disc, ...box(-2.4, -3)), 'surface next to the ball').toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

describe('the local patch in the worker, as the lesson runs it', () => {
  test(
    'the patch follows ball 0 as it steps (the runtime tracks it while the option is on)',
    async () => {
      const canvas = document.createElement('canvas');
      canvas.style.cssText = `display:block;width:${WIDTH}px;height:${HEIGHT}px`;
      document.body.style.margin = '0';
      document.body.append(canvas);
      const offscreen = canvas.transferControlToOffscreen();
      const worker = new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), { type: 'module' });
      workers.push({ worker, canvas });
      const api = Comlink.wrap<SimWorkerApi>(worker);
      const request = {
        canvas: offscreen,
        size: { width: WIDTH, height: HEIGHT, pixelRatio: 1 },
        // The lesson's setup: one ball on (x - 3)^2 + 2 from x = -1, gradient descent at 0.1.
        config: {
          landscape: 'curve',
          particleCount: 1,
          start: 'point' as const,
          at: [-1, 0] as const,
          groups: [{ optimizer: 'gd' as const, learningRate: 0.1 }],
        },
        speed: 1,
        paused: true,
        backend: 'cpu' as const,
        viewOptions: { localPatch: true, showMinima: false, trails: false },
      };
      await api.init(
        Comlink.transfer(request, [offscreen]),
        Comlink.proxy(() => undefined),
      );
      const settle = () => new Promise((resolve) => setTimeout(resolve, 600));
      /** Drawn landscape pixels and the mean column they are in. */
      const measure = async (name: string) => {
        await settle();
        const image = await screenshotImage(
          canvas,
          SAVE ? `__screenshots__/steepness-worker-${name}.png` : undefined,
        );
        let count = 0;
        let columns = 0;
        for (let x = 0; x < image.width; x++) {
          const n = litPixels(image, x, x + 1);
          count += n;
          columns += n * x;
        }
        return { count, column: count > 0 ? columns / count : Number.NaN };
      };
      const start = await measure('start');
      // x: -1 -> 3 + (-4)(0.8)^3 = 0.952 after three steps, about 2 domain units to the right.
      await api.step(3);
      const stepped = await measure('stepped');
      await api.setViewOptions({ localPatch: false });
      const whole = await measure('whole');
      const all = JSON.stringify({ start, stepped, whole });
      expect(start.count, all).toBeGreaterThan(100);
      // The patch is a short piece of the curve: the whole of it draws far more.
      expect(whole.count, all).toBeGreaterThan(Math.max(start.count, stepped.count) * 2.5);
      // 2 of the curve's 10 units across roughly 560 px of canvas.
      expect(stepped.column - start.column, all).toBeGreaterThan(70);
    },
    TIMEOUT,
  );
});
