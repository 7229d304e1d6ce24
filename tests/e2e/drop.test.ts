/**
 * "Clicking the surface drops a burst of balls there" in the built app: a click on the bowl away
 * from the balls restarts the run as a Gaussian cluster around the clicked point; the address says
 * `start=gaussian&at=x,y` (with the ball count kept), and the balls are drawn where the click was.
 * Shift+click drops even over a ball. On the WebGPU backend (SwiftShader) and on the CPU + WebGL2.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterReports,
  openPage,
  type TestSite,
  useTestSite,
  viewPixels,
  viewScreenshot,
  waitFor,
} from './harness.ts';
import { readPng } from './png.ts';

const site = useTestSite({ beforeAll, afterAll });

/** The part of `window.slope` this test reads: where the landscape is drawn (CSS px of the canvas). */
interface SlopeGeometry {
  viewGeometry(): Promise<{ left: number; top: number; right: number; bottom: number } | null>;
}

/** Group 0's colour (src/core/group-colors.ts): a pink the viridis surface never shows. */
const BALL_PINK: [number, number, number] = [0xff, 0x5d, 0x8f];

interface BallPixels {
  /** Ball-pink pixels in the whole view, and their centroid (CSS px from the canvas corner). */
  readonly count: number;
  readonly centroid: { x: number; y: number } | null;
  /** Ball-pink pixels within `radius` of each probe point. */
  readonly near: number[];
  /** Whether each probe point shows something other than the background (the surface). */
  readonly onSurface: boolean[];
}

/**
 * Screenshots the view (overlays hidden) and finds the balls by their chromaticity, as lit
 * spheres shade their colour but keep its hue.
 */
async function ballPixels(
  page: Page,
  name: string,
  probes: readonly { x: number; y: number }[],
  radius = 40,
): Promise<BallPixels> {
  await viewPixels(page, name);
  const { width, height, rgba } = readPng(await viewScreenshot(page, name));
  const chroma = (r: number, g: number, b: number): [number, number, number] => {
    const sum = r + g + b || 1;
    return [r / sum, g / sum, b / sum];
  };
  const want = chroma(...BALL_PINK);
  // The canvas may be drawn at a device pixel ratio: probes are in CSS pixels.
  const scale = width / (await page.locator('#view').evaluate((view) => view.clientWidth));
  let count = 0;
  let sx = 0;
  let sy = 0;
  const near = probes.map(() => 0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const r = rgba[p]!;
      const g = rgba[p + 1]!;
      const b = rgba[p + 2]!;
      if (r + g + b < 120) continue;
      const c = chroma(r, g, b);
      if (Math.abs(c[0] - want[0]) + Math.abs(c[1] - want[1]) + Math.abs(c[2] - want[2]) > 0.06) continue;
      count++;
      sx += x / scale;
      sy += y / scale;
      probes.forEach((probe, k) => {
        if (Math.hypot(x / scale - probe.x, y / scale - probe.y) <= radius) near[k]!++;
      });
    }
  }
  const onSurface = probes.map((probe) => {
    const p = (Math.round(probe.y * scale) * width + Math.round(probe.x * scale)) * 4;
    // The background is #0b0f17; the grid lines over it are faint.
    return rgba[p]! + rgba[p + 1]! + rgba[p + 2]! > 110;
  });
  return { count, centroid: count > 0 ? { x: sx / count, y: sy / count } : null, near, onSurface };
}

/**
 * Where the landscape is drawn once the layout has settled: the caption and legend appear after
 * the first frame, and the view refits the landscape into the space they leave.
 */
async function settledGeometry(page: Page) {
  const read = () =>
    page.evaluate(() => (window as unknown as { slope: SlopeGeometry }).slope.viewGeometry());
  let last = JSON.stringify(await read());
  return waitFor(
    async () => {
      await afterReports(page, 2);
      const now = await read();
      const same = JSON.stringify(now) === last && now !== null;
      last = JSON.stringify(now);
      return same ? now : null;
    },
    (geometry) => geometry !== null,
    'the landscape framed and still',
  );
}

function atOf(page: Page): [number, number] | null {
  const at = new URL(page.url()).searchParams.get('at');
  if (at === null) return null;
  const [x, y] = at.split(',').map(Number);
  return [x ?? Number.NaN, y ?? Number.NaN];
}

describe.each([
  ['CPU + WebGL2', 'withoutWebGpu'],
  ['WebGPU', 'withWebGpu'],
] as const)('drop balls with a click (%s)', (_name, browserKey: keyof Omit<TestSite, 'served'>) => {
  it('a click on empty ground restarts the run as a cluster there; the URL keeps it', async () => {
    const { page, errors } = await openPage(
      site[browserKey],
      `${site.served.origin}/?fn=bowl&n=200&start=point&paused=1`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const box = (await page.locator('#view').boundingBox())!;
    // Where the view draws the landscape (CSS px of the canvas): framed into the part the panels,
    // the caption and the legend leave free, so its place depends on the layout.
    const drawn = await settledGeometry(page);
    // Candidates over the middle of the landscape; the first on the surface, away from the cluster
    // and not under anything drawn over the canvas, wins.
    const candidates = [0.15, 0.25, 0.75, 0.85].flatMap((u) =>
      [0.25, 0.5, 0.75].map((v) => ({
        x: drawn!.left + (drawn!.right - drawn!.left) * u,
        y: drawn!.top + (drawn!.bottom - drawn!.top) * v,
      })),
    );
    const clickable = await page.evaluate(
      ({ points, left, top }) =>
        points.map((p) => document.elementFromPoint(left + p.x, top + p.y)?.id === 'view'),
      { points: candidates, left: box.x, top: box.y },
    );
    const before = await ballPixels(page, `drop-before-${browserKey}`, candidates);
    // 200 balls on one point: one ball's worth of pixels, a handful now that the landscape is
    // framed into the part of the canvas the panels leave free.
    expect(before.count, 'the cluster is drawn').toBeGreaterThan(3);
    const cluster = before.centroid!;
    const target = candidates.find(
      (c, k) =>
        clickable[k] &&
        before.onSurface[k] &&
        before.near[k] === 0 &&
        Math.hypot(c.x - cluster.x, c.y - cluster.y) > 100,
    );
    expect(
      target,
      `a point on the surface away from the cluster at ${JSON.stringify(cluster)}`,
    ).toBeDefined();

    await page.locator('#view').click({ position: target! });
    await waitFor(
      async () => new URL(page.url()).searchParams.get('start'),
      (start) => start === 'gaussian',
      'start=gaussian in the address',
      30_000,
    );
    const params = new URL(page.url()).searchParams;
    expect(params.get('n')).toBe('200');
    expect(params.get('paused')).toBe('1');
    expect(params.get('fn')).toBe('bowl');
    const at = atOf(page)!;
    expect(
      at.every((v) => Number.isFinite(v) && Math.abs(v) <= 5),
      `at=${at}`,
    ).toBe(true);
    // Away from the centre, where the old cluster was.
    expect(Math.hypot(at[0], at[1]), `at=${at}`).toBeGreaterThan(1);

    // The new balls are drawn around the clicked point, none at the old place.
    const after = await waitFor(
      () => ballPixels(page, `drop-after-${browserKey}`, [target!, cluster], 60),
      (pixels) => (pixels.near[1] ?? 1) === 0 && (pixels.near[0] ?? 0) > 40,
      'the balls drawn at the click',
      30_000,
    );
    expect(after.count).toBeGreaterThan(40);
    expect(
      Math.hypot(after.centroid!.x - target!.x, after.centroid!.y - target!.y),
      `the cluster's centre ${JSON.stringify(after.centroid)} is near the click ${JSON.stringify(target)}`,
    ).toBeLessThan(45);

    // A reload reproduces it: the same address draws the balls in the same place.
    await page.reload();
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    expect(atOf(page)).toEqual(at);
    const reloaded = await waitFor(
      () => ballPixels(page, `drop-reloaded-${browserKey}`, [target!], 60),
      (pixels) => (pixels.near[0] ?? 0) > 40,
      'the reloaded balls drawn at the click',
      30_000,
    );
    expect(reloaded.count).toBeGreaterThan(40);

    // Shift+click on the cluster itself drops there (a plain click would inspect a ball).
    const centre = reloaded.centroid!;
    await page.locator('#view').click({ position: centre, modifiers: ['Shift'] });
    await waitFor(
      async () => atOf(page),
      (now) => now !== null && Math.hypot(now[0] - at[0], now[1] - at[1]) > 0,
      'a new drop point from shift+click',
      30_000,
    );
    const moved = atOf(page)!;
    expect(Math.hypot(moved[0] - at[0], moved[1] - at[1]), `${moved} vs ${at}`).toBeLessThan(2.5);
    expect(errors).toEqual([]);
    await page.close();
  });
});
