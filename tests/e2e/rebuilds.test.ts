/**
 * Requests that arrive while the worker is still building the run (issue 15): each waits for the
 * build and then applies to the run it hands over, so a person clicking quickly never sees an
 * internal message, and the address, the panel and the run agree at the end.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, useTestSite, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

const control = (page: Page, name: string) => page.locator('.lil-controller', { hasText: name });

/** The inspected ball's optimizer and rate as the inspector shows them, e.g. `gd · lr 0.05`. */
async function inspectedRate(page: Page): Promise<string> {
  await page.evaluate(() =>
    (window as unknown as { slope: { inspect(i: number): Promise<void> } }).slope.inspect(0),
  );
  await expect.poll(() => page.locator('.inspector').isVisible()).toBe(true);
  await expect.poll(async () => (await page.locator('.inspector').textContent())?.includes('lr ')).toBe(true);
  return (await page.locator('.inspector').textContent()) ?? '';
}

describe('requests during a rebuild', () => {
  it('a rate typed while the run moves to another backend is the run’s rate afterwards', async () => {
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?backend=webgpu&fn=bowl&n=100000&lr=0.01`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await control(page, 'compute on').locator('select').selectOption({ index: 2 });
    const rates = control(page, 'learning rates').locator('input');
    await rates.fill('0.05');
    await rates.press('Enter');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^CPU/);
    expect(new URL(page.url()).searchParams.get('lr')).toBe('0.05');
    expect(await inspectedRate(page)).toContain('lr 0.05');
    expect(await page.getByTestId('error').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a burst of changes with no pause between them: no internal message, and the last word wins', async () => {
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?backend=webgpu&fn=bowl&n=100000&lr=0.01`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const balls = control(page, 'balls').locator('input');
    await balls.fill('50000');
    await balls.press('Enter');
    await control(page, 'top view').locator('button').click();
    await control(page, 'wireframe').locator('input').check();
    await control(page, 'landscape').locator('select').selectOption({ label: 'Rosenbrock' });
    await page.keyboard.press('r');
    await control(page, 'compute on').locator('select').selectOption({ index: 2 });
    await control(page, '3D view').locator('button').click();
    await control(page, 'compute on').locator('select').selectOption({ index: 1 });
    const rates = control(page, 'learning rates').locator('input');
    await rates.fill('0.001');
    await rates.press('Enter');
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 60_000 })
      .toMatch(/webgpu/i);
    await waitFor(
      () => page.getByTestId('balls').textContent(),
      (count) => count === '50,000',
      'the last run’s balls',
    );
    const url = new URL(page.url()).searchParams;
    expect([url.get('fn'), url.get('n'), url.get('lr'), url.get('backend')]).toEqual([
      'rosenbrock',
      '50000',
      '0.001',
      'webgpu',
    ]);
    expect(await inspectedRate(page)).toContain('lr 0.001');
    // Nothing impossible was asked: no message at all (before, 'sim worker: no simulation yet').
    const message = page.getByTestId('error');
    expect(await message.isVisible(), (await message.textContent()) ?? '').toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a rate typed just after the GPU device is lost applies to the run that goes on on the CPU', async () => {
    const { page, errors } = await openPage(
      site.withWebGpu,
      `${site.served.origin}/?fn=bowl&n=20000&lr=0.002`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 })
      .toMatch(/webgpu/i);
    await page.evaluate(() =>
      (window as unknown as { slope: { loseGpuDevice(): Promise<void> } }).slope.loseGpuDevice(),
    );
    const rates = control(page, 'learning rates').locator('input');
    await rates.fill('0.004');
    await rates.press('Enter');
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/^CPU/);
    expect(await inspectedRate(page)).toContain('lr 0.004');
    // The one message is the loss's own, in words for a person.
    const items = await page.getByTestId('error').locator('li').allTextContents();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatch(/GPU device was lost/);
    expect(errors.filter((error) => !/lost|destroyed|Instance/i.test(error))).toEqual([]);
    await page.close();
  });
});
