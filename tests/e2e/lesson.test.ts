/**
 * The slope lesson (`lesson=slope`) in the built app: the page sets up the chapter's ball, the
 * slope reads -8 at x = -1, and five clicks on "take a step" fill the step table with the
 * chapter's x values, which the ball in the view (its inspector) agrees with.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPage,
  readNumber,
  rgbOf,
  SHOTS,
  useTestSite,
  viewPixels,
  viewScreenshot,
  waitFor,
} from './harness.ts';
import { readPng } from './png.ts';

/** The tangent line's colour (TANGENT_COLOR in src/render/view.ts, which imports three). */
const TANGENT_COLOR = '#00e5ff';
/** The lesson's ball (group 0's colour). */
const BALL_COLOR = '#ff5d8f';

interface Blob_ {
  /** Pixels within the tolerance of the colour. */
  readonly count: number;
  /** Their mean position, in screenshot pixels (NaN when there are none). */
  readonly x: number;
  readonly y: number;
  /** Its rightmost pixel's x (for the ball after it rolled right: its trail is to its left). */
  readonly maxX: number;
  /** Its pixels within NEAR_PX of the last colour's centroid (the ball's). */
  readonly nearLast: number;
}

const NEAR_PX = 40;

/**
 * Where the view shows each of `colors` (`#rrggbb`, summed channel difference at most `tolerance`):
 * a screenshot of the canvas (overlays hidden) saved as `name`, reduced to counts and centroids.
 */
async function colorBlobs(
  page: Page,
  name: string,
  colors: readonly string[],
  tolerance = 90,
): Promise<Blob_[]> {
  const { width, rgba } = readPng(await viewScreenshot(page, name));
  const matches = (i: number, [r, g, b]: readonly number[]): boolean =>
    Math.abs(rgba[i]! - r!) + Math.abs(rgba[i + 1]! - g!) + Math.abs(rgba[i + 2]! - b!) <= tolerance;
  const targets = colors.map(rgbOf);
  const blobs = targets.map((rgb) => {
    let count = 0;
    let sx = 0;
    let sy = 0;
    let maxX = Number.NaN;
    for (let i = 0; i < rgba.length; i += 4) {
      if (!matches(i, rgb)) continue;
      const x = (i / 4) % width;
      count++;
      sx += x;
      if (!(maxX >= x)) maxX = x;
      sy += Math.floor(i / 4 / width);
    }
    return { count, x: sx / count, y: sy / count, maxX };
  });
  const last = blobs[blobs.length - 1]!;
  return blobs.map((blob, k) => {
    let nearLast = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (!matches(i, targets[k]!)) continue;
      if (Math.hypot(((i / 4) % width) - last.x, Math.floor(i / 4 / width) - last.y) <= NEAR_PX) nearLast++;
    }
    return { ...blob, nearLast };
  });
}

const site = useTestSite({ beforeAll, afterAll });

describe('the slope lesson', () => {
  it('walks the chapter: slope -8 at x = -1, then -0.2, 0.44, 0.952, 1.3616, 1.68928', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?lesson=slope`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    // The lesson brings its own set-up into the address.
    expect(new URL(page.url()).search).toBe('?lesson=slope&fn=curve&n=1&start=point&at=-1&lr=0.1&paused=1');
    expect(await page.getByTestId('lesson-progress').textContent()).toBe('1 / 6');
    expect(await page.getByTestId('lesson-slope').textContent()).toBe('-8');
    expect(await page.getByTestId('lesson-slope-sign').textContent()).toMatch(/falls to the right/);
    // Waits for the view's first frame, so the shot shows the ball at x = -1 beside the lesson.
    await viewPixels(page, 'lesson-start-view');
    await page.screenshot({ path: `${SHOTS}/lesson-start.png` });
    // The tangent line at the ball: a cyan segment whose middle is the ball.
    const [tangentAtStart, ballAtStart] = await colorBlobs(page, 'lesson-tangent-start', [
      TANGENT_COLOR,
      BALL_COLOR,
    ]);
    expect(tangentAtStart!.count).toBeGreaterThan(100);
    expect(ballAtStart!.count).toBeGreaterThan(20);
    // Part of the line passes within NEAR_PX of the ball's centre.
    expect(tangentAtStart!.nearLast).toBeGreaterThan(20);

    await page.getByRole('button', { name: 'Next →' }).click();
    expect(await page.getByTestId('lesson-progress').textContent()).toBe('2 / 6');
    const table = page.getByTestId('step-table');
    expect(await page.getByTestId('lesson-slope').textContent()).toBe('-8');
    expect(await table.locator('tbody tr').count()).toBe(1);

    const step = page.getByRole('button', { name: 'Take a step' });
    for (let clicks = 1; clicks <= 5; clicks++) {
      await step.click();
      await waitFor(
        () => table.locator('tbody tr').count(),
        (rows) => rows === clicks + 1,
        `row ${clicks} of the step table`,
        15_000,
      );
    }
    const xs = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.children[1]?.textContent));
    expect(xs).toEqual(['-1', '-0.2', '0.44', '0.952', '1.3616', '1.68928']);
    const header = await table.locator('thead th').allTextContents();
    expect(header).toEqual(['step', 'x', 'slope', 'error', 'step size']);
    // Row 1: slope 2(-0.2 - 3) = -6.4, error 3.2^2 = 10.24, next move 0.64.
    expect(await table.locator('tbody tr[data-step="1"] td').allTextContents()).toEqual([
      '1',
      '-0.2',
      '-6.4',
      '10.24',
      '0.64',
    ]);
    expect(await readNumber(page, 'step')).toBe(5);
    expect(await page.getByTestId('lesson-slope').textContent()).toBe('-2.62144');

    // The tangent followed the ball to x = 1.69: right of where it was, still at the ball.
    const [tangent, ball] = await waitFor(
      () => colorBlobs(page, 'lesson-tangent', [TANGENT_COLOR, BALL_COLOR]),
      ([line]) => line!.count > 100 && line!.x > tangentAtStart!.x + 50,
      'the tangent line to follow the ball',
      15_000,
    );
    expect(ball!.x).toBeGreaterThan(ballAtStart!.x + 50);
    // The ball trails its own colour behind it: its right edge stands for it. At x = 1.69 the
    // segment is not clipped, so its middle is under the ball.
    const ballX = ball!.maxX - 10;
    expect(Math.abs(tangent!.x - ballX)).toBeLessThan(25);

    // The ball in the view is where the table says (the inspector shows 4 significant digits).
    await page.evaluate(() =>
      (window as unknown as { slope: { inspect(i: number): void } }).slope.inspect(0),
    );
    await expect
      .poll(() => page.getByTestId('inspector-position').textContent(), { timeout: 15_000 })
      .toBe('(1.689, 0)');
    await page.evaluate(() =>
      (window as unknown as { slope: { inspect(i: null): void } }).slope.inspect(null),
    );

    await page.screenshot({ path: `${SHOTS}/lesson.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('back and next are buttons that the keyboard works, and the last page links to a 2D comparison', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?lesson=slope`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const next = page.getByTestId('lesson-next');
    expect(await page.getByTestId('lesson-back').isDisabled()).toBe(true);
    for (let page_ = 2; page_ <= 6; page_++) {
      await next.focus();
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('lesson-progress').textContent()).toBe(`${page_} / 6`);
      if (page_ === 5) {
        // Four rates, one ball each, playing: 1.0 keeps jumping, 1.05 flies off.
        await waitFor(
          () => readNumber(page, 'group-3-diverged'),
          (percent) => percent === 100,
          'the ball at 1.05 to diverge',
          15_000,
        );
        expect(await readNumber(page, 'group-2-diverged')).toBe(0);
        await page.screenshot({ path: `${SHOTS}/lesson-rates.png` });
      }
    }
    expect(await next.isDisabled()).toBe(true);
    // The rates page ran four balls, the last page a crowd; both on the curve.
    await waitFor(
      () => readNumber(page, 'balls'),
      (balls) => balls === 60,
      'the crowd of balls',
      15_000,
    );
    expect(await page.getByRole('link', { name: /ravine/ }).getAttribute('href')).toBe(
      '?fn=ravine&groups=gd:0.02,momentum:0.02',
    );
    const first = await readNumber(page, 'step');
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > first + 10,
      'the crowd to roll',
      15_000,
    );
    await page.screenshot({ path: `${SHOTS}/lesson-last-page.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lesson=nope: a message, no lesson, a working page', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?lesson=nope`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    expect(await page.getByTestId('error').textContent()).toMatch(/lesson=nope/);
    expect(await page.getByTestId('lesson').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
