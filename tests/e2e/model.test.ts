/**
 * Learning from data in the built app (README: "Learn from data"): the loss of y = w·x + b on
 * `far` data is a long thin valley that plain gradient descent crawls along, and the data pane's
 * "normalise x" switch turns it into a bowl the balls settle in; the data can be edited with the
 * mouse (a click adds a point, a right-click removes one, a drag moves one), each edit a new run
 * with a new best fit; the page and the pane in Hebrew, and in a phone's drawer.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterReports, openPage, readNumber, useTestSite, viewPixels, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/** The address's `data=` as (x, y) pairs, once it is points written out. */
function inlineData(page: Page): [number, number][] {
  const text = new URL(page.url()).searchParams.get('data') ?? '';
  return text
    .split(';')
    .filter(Boolean)
    .map((pair) => pair.split(',').map(Number) as [number, number]);
}

/** The legend's best fit, `(w, b) = (1, 0)`, as numbers. */
async function bestFit(page: Page): Promise<number[]> {
  const text = (await page.getByTestId('legend-fit').textContent()) ?? '';
  const values = text.split('=').at(-1) ?? '';
  return [...values.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)].map((match) => Number(match[0]));
}

/**
 * Where data point (x, y) is drawn in the pane's plot, in page pixels: the plot's bounds are the
 * data's extent with 12 % on each side (src/ui/data-edit.ts plotBounds, a span of at least 1), in
 * the canvas less its margins (src/ui/data-pane.ts PLOT).
 */
async function plotPoint(
  page: Page,
  data: readonly (readonly [number, number])[],
  x: number,
  y: number,
): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('data-plot').boundingBox())!;
  const bounds = (values: number[]) => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    const span = Math.max(high - low, 1);
    const middle = (low + high) / 2;
    return [middle - span * 0.62, middle + span * 0.62] as const;
  };
  const [xMin, xMax] = bounds(data.map((p) => p[0]));
  const [yMin, yMax] = bounds(data.map((p) => p[1]));
  const pad = { left: 34, right: 8, top: 8, bottom: 22 };
  return {
    x: box.x + pad.left + ((x - xMin) / (xMax - xMin)) * (box.width - pad.left - pad.right),
    y: box.y + pad.top + ((yMax - y) / (yMax - yMin)) * (box.height - pad.top - pad.bottom),
  };
}

describe('a model learning from data', () => {
  it('shows far data as a long valley that gradient descent crawls along, and normalising x turns it round', async () => {
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?model=line&data=far&seed=2&n=2000&speed=max`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const pane = page.getByTestId('data-pane');
    await expect.poll(() => pane.isVisible()).toBe(true);
    expect(await page.getByTestId('data-set').inputValue()).toBe('far');
    // The legend names the best fit by the model's parameters; the table's minima too.
    expect(await page.getByTestId('legend-fit').textContent()).toMatch(/\(w, b\) = \(/);
    expect(await page.locator('#basins').textContent()).toContain('(w, b)');
    // The valley: the rate that keeps the steep sides stable is tiny, so the balls reach the
    // valley's floor and stall there (its slope is below the settling tolerance), far from the
    // best fit: once nearly all have stopped, few of them (10 % when measured) are at the minimum.
    await waitFor(
      () => readNumber(page, 'group-0-converged'),
      (percent) => percent > 90,
      'the balls to stall on the floor',
      120_000,
    );
    expect(await readNumber(page, 'group-0-basin-0')).toBeLessThan(25);
    const valley = await viewPixels(page, 'model-far');
    expect(valley.nonBackgroundShare).toBeGreaterThan(0.04);

    await page.getByTestId('data-normalise').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('normalise')).toBe('1');
    // A new run on the round bowl: most balls settle at the best fit within a few hundred steps.
    await waitFor(
      () => readNumber(page, 'group-0-basin-0'),
      (percent) => percent > 90,
      'the balls to settle at the minimum of the bowl',
      120_000,
    );
    await viewPixels(page, 'model-far-normalised');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds, removes and moves points with the mouse, each edit a new run with a new best fit', async () => {
    const start: [number, number][] = [
      [-2, -2],
      [0, 0],
      [2, 2],
    ];
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?model=line&data=-2,-2;0,0;2,2&n=1000&paused=1`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const [w0, b0] = await bestFit(page);
    expect(w0).toBeCloseTo(1, 6);
    expect(b0).toBeCloseTo(0, 6);

    // A click on empty ground adds a point there.
    const empty = await plotPoint(page, start, 2, -2);
    await page.mouse.click(empty.x, empty.y);
    await expect.poll(() => inlineData(page).length).toBe(4);
    const added = inlineData(page)[3]!;
    expect(added[0]).toBeCloseTo(2, 0);
    expect(added[1]).toBeCloseTo(-2, 0);
    await expect.poll(async () => (await bestFit(page))[0]! < 0.9).toBe(true);
    // The view stays where it was (the domain is kept), so the run starts again from the same
    // starts and the minimum is seen to move.
    expect(new URL(page.url()).searchParams.get('domain')).toBe('-4,6,-5,5');

    // A right-click on a point removes it.
    const now = inlineData(page);
    const middle = await plotPoint(page, now, 0, 0);
    await page.mouse.click(middle.x, middle.y, { button: 'right' });
    await expect.poll(() => inlineData(page).length).toBe(3);
    expect(inlineData(page).some(([x, y]) => x === 0 && y === 0)).toBe(false);

    // A drag moves one.
    const three = inlineData(page);
    const from = await plotPoint(page, three, 2, 2);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x, from.y - 20, { steps: 4 });
    await page.mouse.move(from.x, from.y - 40, { steps: 4 });
    await page.mouse.up();
    await expect
      .poll(() => inlineData(page).find(([x]) => Math.abs(x - 2) < 0.2)?.[1] ?? 2)
      .toBeGreaterThan(2.3);
    expect(inlineData(page)).toHaveLength(3);
    // Each edit is a new run: the run starts again, paused, from step 0.
    await afterReports(page);
    expect(await readNumber(page, 'step')).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tells what went wrong with a bad model or data, and carries on with a sensible fallback', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?model=line&data=1,2;oops&groups=gd:0.1:batch=2`,
    );
    const message = page.getByTestId('error');
    await expect.poll(() => message.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await message.textContent()).toContain('data=');
    // The model's own data instead, running.
    await expect.poll(() => new URL(page.url()).searchParams.get('data')).toBe('linear');
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 3,
      'steps',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is picked and left in the panel; mini-batch groups go on full batch once there is no data', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=bowl&groups=gd:0.1,gd:0.1:noise=0.5&n=500`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const control = (name: string) => page.locator('.lil-controller', { hasText: name });
    await control('learn from data').locator('select').selectOption({ label: 'y = w·x + b (a line)' });
    await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe('line');
    await expect.poll(() => page.getByTestId('data-pane').isVisible()).toBe(true);
    const groups = control('optimizers & rates').locator('input');
    await groups.fill('gd:0.1, gd:0.1:batch=8');
    await groups.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('groups')).toBe('gd:0.1,gd:0.1:batch=8');
    await control('learn from data').locator('select').selectOption({ label: 'none (a formula)' });
    await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe(null);
    expect(new URL(page.url()).searchParams.get('groups')).toBe('gd:0.1,gd:0.1');
    expect(await page.getByTestId('data-pane').isVisible()).toBe(false);
    expect(await page.getByTestId('error').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Hebrew, and on a phone the pane shares the screen with the view', async () => {
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?model=line0&lang=he&n=1000`,
      { width: 390, height: 844 },
      { isMobile: true, hasTouch: true },
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    // The chapter's curve: line0's error on the chapter's data, its best fit w = 3.
    expect(await page.getByTestId('legend-fit').textContent()).toContain('w = 3');
    expect(await page.getByTestId('legend-fit').textContent()).toMatch(/[\u0590-\u05ff]/);
    // Outside the drawer, on screen without opening anything, above the landscape.
    const pane = page.getByTestId('data-pane');
    await expect.poll(() => pane.isVisible()).toBe(true);
    expect(await page.locator('.drawer-toggle').getAttribute('aria-expanded')).toBe('false');
    const paneBox = (await pane.boundingBox())!;
    expect(paneBox.y + paneBox.height).toBeLessThan(844 / 2);
    expect((await viewPixels(page, 'model-phone-view')).nonBackgroundShare).toBeGreaterThan(0.04);
    expect(await pane.locator('summary').textContent()).toMatch(/[\u0590-\u05ff]/);
    expect(await page.getByTestId('data-set').locator('option:checked').textContent()).toMatch(
      /[\u0590-\u05ff]/,
    );
    const box = (await page.getByTestId('data-plot').boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/model-phone-he.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
