/**
 * `embed=1` in the built app: the view alone, for a slide or a blog post. No panel, HUD, table or
 * charts show; a play/pause button (its aria-label says what a press does) pauses and plays the
 * run, and a link opens the same view in the full app. The step is read from the HUD's
 * `data-testid="step"`, which stays in the page (hidden) while embedded.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterReports, openPage, readNumber, SHOTS, useTestSite, viewPixels, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/** Waits out a frame already under way, then insists the step stands still over more reports. */
async function expectStill(page: Page): Promise<number> {
  await afterReports(page, 2);
  const step = await readNumber(page, 'step');
  await afterReports(page, 3);
  expect(await readNumber(page, 'step')).toBe(step);
  return step;
}

describe('embed=1', () => {
  it('shows only the view, a working play/pause and a link to the full app', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=bowl&n=500&backend=cpu&embed=1`,
    );
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 2,
      'the simulation to run',
    );
    // Nothing but the view and the embed bar.
    expect(await page.locator('.lil-gui').count()).toBeGreaterThan(0);
    for (const selector of ['.lil-gui', '#hud', '#stats', '#charts', '.formula']) {
      const all = page.locator(selector);
      for (let i = 0; i < (await all.count()); i++) expect(await all.nth(i).isVisible()).toBe(false);
    }
    expect(await page.getByTestId('step').isVisible()).toBe(false);
    expect(await page.getByTestId('error').isVisible()).toBe(false);
    expect(new URL(page.url()).searchParams.get('embed')).toBe('1');

    const pixels = await viewPixels(page, 'embed-view');
    expect(pixels.distinctColors).toBeGreaterThan(60);
    await page.screenshot({ path: `${SHOTS}/embed.png` });

    const button = page.getByRole('button', { name: 'Pause' });
    expect(await button.isVisible()).toBe(true);
    await button.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('paused')).toBe('1');
    const play = page.getByRole('button', { name: 'Play' });
    expect(await play.isVisible()).toBe(true);
    const paused = await expectStill(page);

    // Play again: the counter moves on.
    await play.click();
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > paused + 2,
      'the run to play again',
    );
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);

    // Space still pauses (with the focus away from the button, the shortcut; on it, the button).
    await page.locator('#view').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('button', { name: 'Play' }).isVisible()).toBe(true);
    await expectStill(page);

    const link = page.getByRole('link', { name: 'Open in Slope' });
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    const href = new URL((await link.getAttribute('href'))!, page.url());
    expect(href.searchParams.has('embed')).toBe(false);
    expect(href.searchParams.get('fn')).toBe('bowl');
    expect(href.searchParams.get('n')).toBe('500');
    expect(href.searchParams.get('paused')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('still shows a message for bad input', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=bowl&n=abc&backend=cpu&embed=1`,
    );
    const message = page.getByTestId('error');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toContain('n=abc');
    expect(await page.locator('#hud').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
