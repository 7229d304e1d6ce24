/**
 * Time in the built app: the first frame shows the balls where they start, held a moment before
 * they move; then the step counter advances at the set speed in steps per second, whatever the
 * frame rate; and a long start (a million balls) shows a progress bar until its first frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKGROUND,
  countColors,
  openPage,
  readNumber,
  summarisePixels,
  useTestSite,
  viewScreenshot,
  waitFor,
} from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/** Group 0's colour (src/core/group-colors.ts). */
const BALL_PINK = '#ff5d8f';

describe('pacing', () => {
  it('the first frame shows the balls at their start, held; then about the set steps per second', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?speed=20&backend=cpu`,
    );
    // In the page (so the test's own polling does not count): the step when the bar says `done`
    // (the first frame is drawn), and how long the step stays 0 after that: the hold.
    const held = page.evaluate(async () => {
      const bar = (): HTMLElement | null => document.querySelector('[role="progressbar"]');
      const step = (): string | null | undefined =>
        document.querySelector('[data-testid="step"]')?.textContent;
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (bar()?.dataset.state === 'done') resolve();
          else setTimeout(check, 10);
        };
        check();
      });
      const done = performance.now();
      const atFirstFrame = step();
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (step() !== '0') resolve();
          else setTimeout(check, 10);
        };
        check();
      });
      return { atFirstFrame, stillMs: performance.now() - done };
    });
    // What is on screen first is the carpet of starting balls, spread over the landscape.
    // (A shot can catch the canvas between frames, blank: retried until one shows a drawn frame.)
    const shot = await waitFor(
      () => viewScreenshot(page, 'pacing-first-frame'),
      (png) => summarisePixels(png, BACKGROUND).distinctColors > 60,
      'a drawn frame',
    );
    const [pink] = countColors(shot, [BALL_PINK], 120);
    expect(pink).toBeGreaterThan(2000);
    const { atFirstFrame, stillMs } = await held;
    expect(atFirstFrame).toBe('0');
    // FIRST_LOOK_MS is a second; a busy machine only makes the wait longer.
    expect(stillMs).toBeGreaterThan(700);
    // After the hold: 20 steps a second. Bounds are wide: a busy machine draws few frames, and
    // each frame runs the steps its time is owed (up to a second's worth).
    const start = await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 0,
      'the hold to end',
    );
    await page.waitForTimeout(3000);
    const advanced = (await readNumber(page, 'step')) - start;
    expect(advanced).toBeGreaterThanOrEqual(20);
    expect(advanced).toBeLessThanOrEqual(100);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('n=1000000: a progress bar naming the million balls before the first frame', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?n=1000000&backend=cpu`,
    );
    const bar = page.getByRole('progressbar');
    await bar.waitFor({ state: 'visible', timeout: 10_000 });
    // The worker's phases come through with a number (before them the bar sweeps without one).
    const label = await waitFor(
      async () => ({ now: await bar.getAttribute('aria-valuenow'), text: await bar.textContent() }),
      (seen) => seen.now !== null,
      'a measured progress',
    );
    expect(label.text).toMatch(/1,000,000 balls… \d+\u00a0%/);
    expect(Number(label.now)).toBeGreaterThanOrEqual(0);
    expect(Number(label.now)).toBeLessThanOrEqual(100);
    // Until the first frame there is no fps to show, never "0".
    expect(await page.getByTestId('fps').textContent()).not.toBe('0');
    await bar.waitFor({ state: 'hidden', timeout: 110_000 });
    expect(await page.getByTestId('fps').textContent()).not.toBe('0');
    expect(errors).toEqual([]);
    await page.close();
  });
});
