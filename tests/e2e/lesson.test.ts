/**
 * The slope lesson (`lesson=slope`) in the built app: the page sets up the chapter's ball, the
 * slope reads -8 at x = -1 where error(x) is 18, and five clicks on "take a step" fill the step
 * table with the chapter's x values, which the ball in the view (its inspector) agrees with. The
 * table marks left-out steps and says when the ball has settled; a rate changed mid-lesson carries
 * its numbers on; the rates page steps its balls on a beat; the last page's links keep the lesson;
 * on a phone the lesson and the ball are seen together.
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

/** Presses the lesson's step button `count` times, each time waiting for the step it took. */
async function stepLesson(page: Page, count: number): Promise<void> {
  const step = page.getByTestId('lesson-step');
  const from = await readNumber(page, 'step');
  for (let clicks = 1; clicks <= count; clicks++) {
    await step.click();
    await waitFor(
      () => readNumber(page, 'step'),
      (done) => done === from + clicks,
      `step ${from + clicks}`,
      15_000,
    );
  }
}

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
    expect(await page.getByTestId('lesson-progress').textContent()).toBe('1 / 7');
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
    expect(await page.getByTestId('lesson-progress').textContent()).toBe('2 / 7');
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
    // error(x) = (x - 3)^2 + 2 as page 1 defines it: 18 at the start (the HUD's loss too).
    expect(await table.locator('tbody tr[data-step="0"] td').allTextContents()).toEqual([
      '0',
      '-1',
      '-8',
      '18',
      '0.8',
    ]);
    // Row 1: slope 2(-0.2 - 3) = -6.4, error 3.2^2 + 2 = 12.24, next move 0.64.
    expect(await table.locator('tbody tr[data-step="1"] td').allTextContents()).toEqual([
      '1',
      '-0.2',
      '-6.4',
      '12.24',
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
    for (let page_ = 2; page_ <= 7; page_++) {
      await next.focus();
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('lesson-progress').textContent()).toBe(`${page_} / 7`);
      if (page_ === 5) {
        // Four rates, one ball each, stepped one step per beat while the run stays paused: 1.0
        // keeps jumping between -1 and 7, 1.05 flies off.
        await waitFor(
          () => readNumber(page, 'step'),
          (step) => step >= 3,
          'the beat to step the balls',
          30_000,
        );
        expect(new URL(page.url()).searchParams.get('paused')).toBe('1');
        const legend = await page.getByTestId('lesson-rates').locator('li').allTextContents();
        expect(legend.map((line) => line.split('x =')[0])).toEqual([
          'rate 0.01',
          'rate 0.1',
          'rate 1',
          'rate 1.05',
        ]);
        expect(await page.getByTestId('lesson-rate-2').textContent()).toMatch(/x = (-1|7)(?![\d.])/);
        // Each legend dot has its group's colour.
        const dots = await page
          .getByTestId('lesson-rates')
          .locator('.lesson-dot')
          .evaluateAll((spans) => spans.map((span) => getComputedStyle(span).backgroundColor));
        expect(dots).toEqual([
          'rgb(255, 93, 143)',
          'rgb(76, 201, 240)',
          'rgb(255, 209, 102)',
          'rgb(155, 93, 229)',
        ]);
        await page.screenshot({ path: `${SHOTS}/lesson-rates.png` });
        // → steps too, faster than the beat: the ball at 1.05 needs about 35 steps to fly off.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        for (let k = 0; k < 40; k++) await page.keyboard.press('ArrowRight');
        await waitFor(
          () => readNumber(page, 'group-3-diverged'),
          (percent) => percent === 100,
          'the ball at 1.05 to diverge',
          90_000,
        );
        expect(await page.getByTestId('lesson-rate-3').textContent()).toMatch(/flew off/);
        expect(await readNumber(page, 'group-2-diverged')).toBe(0);
      }
      if (page_ === 6) {
        // Where the curve comes from: the same ball on y = w·x fitted to the chapter's four
        // points, the data pane beside the view showing them and the line the ball is.
        await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe('line0');
        expect(new URL(page.url()).searchParams.get('data')).toBe('chapter');
        await expect.poll(() => page.getByTestId('data-pane').isVisible()).toBe(true);
        expect(await page.getByTestId('legend-fit').textContent()).toContain('w = 3');
        // Its numbers are the chapter's: one step from w = -1 lands at -0.2.
        await page.getByTestId('lesson-step').click();
        await expect
          .poll(() => page.getByTestId('step-table').locator('tr[data-step="1"] td').nth(1).textContent())
          .toBe('-0.2');
        await page.screenshot({ path: `${SHOTS}/lesson-data-page.png` });
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
      '?lesson=slope&fn=ravine&groups=gd:0.02,momentum:0.02',
    );
    const first = await readNumber(page, 'step');
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > first + 10,
      'the crowd to roll',
      15_000,
    );
    await page.screenshot({ path: `${SHOTS}/lesson-last-page.png` });

    // The link keeps the lesson: the ravine opens with the lesson beside it, on its last page,
    // with a way back.
    await Promise.all([page.waitForURL(/fn=ravine/), page.getByRole('link', { name: /ravine/ }).click()]);
    await page.waitForFunction('window.slope !== undefined');
    await page.evaluate('window.slope.ready');
    const visit = new URL(page.url()).searchParams;
    expect([visit.get('lesson'), visit.get('fn')]).toEqual(['slope', 'ravine']);
    expect(await page.getByTestId('lesson-progress').textContent()).toBe('7 / 7');
    const back = page.getByTestId('lesson-restore');
    expect(await back.textContent()).toBe('Back to the lesson');
    await back.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('fn')).toBe('curve');
    await waitFor(
      () => readNumber(page, 'balls'),
      (balls) => balls === 60,
      'the lesson’s crowd again',
      15_000,
    );
    expect(await back.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the table reads error 18 at x = -1 in Hebrew too, with the numbers left to right', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?lesson=slope&lang=he`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await page.getByTestId('lesson-next').click();
    const table = page.getByTestId('step-table');
    expect(await table.locator('tbody tr[data-step="0"] td').allTextContents()).toEqual([
      '0',
      '-1',
      '-8',
      '18',
      '0.8',
    ]);
    // The formula in the text is one left-to-right island, on one line.
    const formula = page.locator('.lesson-text .inline-formula', { hasText: 'x = −1' });
    expect(
      await formula.evaluate((span) => [span.getAttribute('dir'), getComputedStyle(span).whiteSpace]),
    ).toEqual(['ltr', 'nowrap']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a long walk: a gap line for the steps left out, one line once the ball has settled', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?lesson=slope`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await page.getByTestId('lesson-next').click();
    await page.getByTestId('lesson-next').click();
    const table = page.getByTestId('step-table');
    await stepLesson(page, 12);
    // The start, "… steps 1–4 …", then steps 5..12.
    expect(await page.getByTestId('lesson-gap').textContent()).toBe('… steps 1–4 …');
    const steps = await table
      .locator('tbody tr[data-step]')
      .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.step)));
    expect(steps).toEqual([0, 5, 6, 7, 8, 9, 10, 11, 12]);

    // Played on, the ball settles: the table says so once and repeats no x. (Space on the
    // focused step button would press it; the page's shortcut wants the focus elsewhere.)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    const settled = page.getByTestId('lesson-settled');
    await waitFor(
      () => settled.count(),
      (count) => count === 1,
      'the settled line',
      30_000,
    );
    expect(await settled.textContent()).toMatch(/^Settled at x = 2\.99\d* after \d+ steps/);
    const xs = await table
      .locator('tbody tr[data-step]')
      .evaluateAll((rows) => rows.map((row) => row.children[1]?.textContent));
    expect(new Set(xs).size).toBe(xs.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a rate changed in the panel mid-lesson: the numbers carry on at it instead of hiding', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?lesson=slope`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await page.getByTestId('lesson-next').click();
    const table = page.getByTestId('step-table');
    await stepLesson(page, 2);
    await page.locator('.lil-root > .lil-title').click();
    const rates = page.locator('.lil-controller', { hasText: 'learning rates' }).locator('input');
    await rates.fill('0.5');
    await rates.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('0.5');
    // Row 2 (x = 0.44) now moves 0.5 * 2(3 - 0.44) = 2.56; the table stays.
    await expect
      .poll(() => table.locator('tbody tr[data-step="2"] td').allTextContents())
      .toEqual(['2', '0.44', '-5.12', '8.5536', '2.56']);
    expect(await page.getByTestId('lesson-rate').textContent()).toBe('learning rate 0.1, 0.5 from step 2');
    expect(await page.getByTestId('lesson-slope').isVisible()).toBe(true);
    await page.getByTestId('lesson-step').click();
    await expect.poll(() => table.locator('tbody tr[data-step="3"] td').nth(1).textContent()).toBe('3');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a 390x844 phone the lesson is a sheet over the view: its text and the ball seen together', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?lesson=slope`,
      { width: 390, height: 844 },
      { isMobile: true, hasTouch: true },
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    // Nothing opened: the drawer is shut, the lesson's title on screen and not covered.
    expect(await page.locator('.drawer-toggle').getAttribute('aria-expanded')).toBe('false');
    const sheet = (await page.getByTestId('lesson').boundingBox())!;
    expect(sheet.y + sheet.height).toBeLessThanOrEqual(844 + 1);
    expect(sheet.y).toBeGreaterThan(844 * 0.4);
    const title = page.locator('.lesson-title');
    expect(await title.isVisible()).toBe(true);
    const box = (await title.boundingBox())!;
    expect(
      await page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[data-testid="lesson"]') !== null,
        [box.x + 20, box.y + box.height / 2],
      ),
    ).toBe(true);
    // Back and next in reach at the sheet's foot.
    const next = (await page.getByTestId('lesson-next').boundingBox())!;
    expect(next.y + next.height).toBeLessThanOrEqual(844);
    // The ball: its colour in the view above the sheet's top edge.
    await viewPixels(page, 'lesson-phone-view');
    const [ball] = await colorBlobs(page, 'lesson-phone-ball', [BALL_COLOR]);
    expect(ball!.count).toBeGreaterThan(10);
    expect(ball!.y).toBeLessThan(sheet.y);
    await page.screenshot({ path: `${SHOTS}/lesson-phone.png` });
    // Still so on the next page, with the step button in reach too.
    await page.getByTestId('lesson-next').tap();
    const stepButton = (await page.getByTestId('lesson-step').boundingBox())!;
    expect(stepButton.y + stepButton.height).toBeLessThanOrEqual(844);
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
