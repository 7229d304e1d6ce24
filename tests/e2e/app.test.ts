/**
 * The built app in headless Chromium, as a person would see it: a landscape on the canvas, balls
 * that converge, numbers that move, messages for bad input, and no console errors.
 * One browser has WebGPU (SwiftShader): there the simulation and the drawing run on it. The
 * other is started without the WebGPU flags: the CPU simulates and three.js falls back to WebGL2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterReports, openPage, readNumber, useTestSite, viewPixels, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

describe('whole page', () => {
  it('Himmelblau with 20,000 balls: a coloured landscape, a rising step counter, >90% converged', async () => {
    const { page, errors } = await openPage(site.withWebGpu, `${site.served.origin}/?fn=himmelblau&n=20000`);
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 0,
      'the first steps',
    );
    const first = await readNumber(page, 'step');
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > first + 5,
      'the step counter to rise',
    );
    const converged = await waitFor(
      () => readNumber(page, 'group-0-converged'),
      (percent) => percent > 90,
      '% converged to pass 90',
      90_000,
    );
    expect(converged).toBeGreaterThan(90);
    const pixels = await viewPixels(page, 'himmelblau-20000');
    // The height colour map alone gives dozens of distinct colours over most of the view.
    expect(pixels.distinctColors).toBeGreaterThan(60);
    // Framed into the part of the canvas the panels, caption and legend leave free; a blank view is 0.
    expect(pixels.nonBackgroundShare).toBeGreaterThan(0.04);
    expect(await page.getByTestId('backend').textContent()).toMatch(/webgpu/i);
    expect(await page.getByTestId('renderer').textContent()).toMatch(/webgpu/i);
    expect(await page.getByTestId('error').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('bowl with lr=0.01,1.5: group 0 converges, group 1 is 100% diverged, the page keeps rendering', async () => {
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?fn=bowl&lr=0.01,1.5&n=2000`,
    );
    await waitFor(
      () => readNumber(page, 'group-1-diverged'),
      (percent) => percent === 100,
      'group 1 to diverge',
    );
    // The legend explains the rings the diverged balls became, in group 1's colour alone.
    const rings = page.locator('[data-testid="legend-diverged"] .legend-ring');
    await expect.poll(() => rings.count(), { timeout: 15_000 }).toBe(1);
    const ringColor = await rings.first().evaluate((ring) => getComputedStyle(ring).color);
    const group1Color = await page
      .locator('#stats tbody tr:nth-child(2) .swatch')
      .evaluate((dot) => getComputedStyle(dot).backgroundColor);
    expect(ringColor).toBe(group1Color);
    expect(await page.getByTestId('legend-diverged').textContent()).toMatch(/diverged/);
    // At 0.01 the bowl shrinks every distance by 2% a step: the mean loss must fall steadily.
    const loss = await readNumber(page, 'group-0-loss');
    await waitFor(
      () => readNumber(page, 'group-0-loss'),
      (now) => now < loss * 0.7,
      'group 0 loss to fall',
      90_000,
    );
    const step = await readNumber(page, 'step');
    await waitFor(
      () => readNumber(page, 'step'),
      (now) => now > step + 10,
      'steps after divergence',
    );
    expect(Number(await page.getByTestId('fps').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('group-1-loss').textContent()).toBe('–');
    expect(await page.getByTestId('group-0-diverged').textContent()).toBe('0.0');
    const pixels = await viewPixels(page, 'bowl-two-rates');
    expect(pixels.distinctColors).toBeGreaterThan(60);
    expect(await page.locator('body').textContent()).not.toMatch(/NaN|Infinity/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('n=abc: a visible message, the default count, and a working page', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?n=abc`);
    const message = page.getByTestId('error');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toContain('n=abc');
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 5,
      'the simulation to run',
    );
    expect(await page.getByTestId('balls').textContent()).toBe('20,000');
    expect(new URL(page.url()).searchParams.has('n')).toBe(false);
    expect(await page.getByTestId('backend').textContent()).toMatch(/cpu/i);
    expect(await page.getByTestId('renderer').textContent()).toMatch(/webgl2/i);
    const pixels = await viewPixels(page, 'bad-n');
    expect(pixels.distinctColors).toBeGreaterThan(60);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keyboard: space pauses, right arrow steps once, r resets; the URL follows', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=curve&n=50&start=grid`,
    );
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 2,
      'the simulation to run',
    );
    await page.keyboard.press('Space');
    await expect.poll(() => new URL(page.url()).searchParams.get('paused')).toBe('1');
    // A frame already under way when the key was pressed may still land; then nothing moves.
    await afterReports(page, 2);
    const paused = await readNumber(page, 'step');
    await afterReports(page, 3);
    expect(await readNumber(page, 'step')).toBe(paused);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => readNumber(page, 'step')).toBe(paused + 1);
    await page.keyboard.press('r');
    await expect.poll(() => readNumber(page, 'step')).toBe(0);
    await viewPixels(page, 'curve-1d');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the panel', () => {
  it('switches landscape, takes learning rates, and refuses bad ones keeping the good; the URL follows', async () => {
    const { page, errors } = await openPage(site.withWebGpu, `${site.served.origin}/?n=500`);
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 2,
      'the simulation to run',
    );
    const control = (name: string) => page.locator('.lil-controller', { hasText: name });

    await control('landscape').locator('select').selectOption({ label: 'Round bowl' });
    await expect.poll(() => new URL(page.url()).searchParams.get('fn')).toBe('bowl');
    await page.locator('.lil-controller', { hasText: 'top view' }).locator('button').click();
    await viewPixels(page, 'bowl-top-view');

    await control('learning rates').locator('input').fill('0.05, 0.5');
    await control('learning rates').locator('input').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('0.05,0.5');
    await expect.poll(() => page.getByTestId('group-1-converged').isVisible()).toBe(true);

    await control('learning rates').locator('input').fill('abc');
    await control('learning rates').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('error').isVisible()).toBe(true);
    expect(await page.getByTestId('error').textContent()).toContain('abc');
    // Refused: the panel keeps the rates it had (the message says so), and the page keeps running.
    expect(await page.getByTestId('error').textContent()).toContain('using 0.05, 0.5');
    expect(new URL(page.url()).searchParams.get('lr')).toBe('0.05,0.5');
    expect(await control('learning rates').locator('input').inputValue()).toBe('0.05, 0.5');

    // A bad ball count, and one beyond the limit, keep the count the run has.
    const balls = control('balls').locator('input');
    const before = await balls.inputValue();
    for (const bad of ['0', '5000000']) {
      await balls.fill(bad);
      await balls.press('Enter');
      await expect.poll(() => page.getByTestId('error').textContent()).toContain(`n=${bad}`);
      expect(await page.getByTestId('error').textContent()).toContain('4,194,304; using 500.');
      expect(new URL(page.url()).searchParams.get('n')).toBe('500');
      expect(await balls.inputValue()).toBe(before);
    }
    const step = await readNumber(page, 'step');
    await waitFor(
      () => readNumber(page, 'step'),
      (now) => now > step,
      'steps after the bad input',
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
