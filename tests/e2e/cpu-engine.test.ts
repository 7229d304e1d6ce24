/**
 * The CPU backend as a person finds it in the performance section: WebAssembly SIMD on every
 * core where the page is cross-origin isolated (vite's headers), on one thread with a note saying
 * why where it is not (a static host without COOP/COEP), and JavaScript with a note where a
 * Content-Security-Policy forbids WebAssembly. The balls move in every case, with no error.
 */
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_COLORS } from '../../src/core/group-colors.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import {
  BACKGROUND,
  countColors,
  launchChromium,
  openPage,
  readNumber,
  type Served,
  SHOTS,
  serveBuild,
  summarisePixels,
  viewPixels,
  viewScreenshot,
  waitFor,
} from './harness.ts';

let browser: Browser;
const servers: Served[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const served of servers) await served.close();
});

async function serve(headers?: Record<string, string>): Promise<Served> {
  const served = await serveBuild(headers ? { headers } : {});
  servers.push(served);
  return served;
}

// Rosenbrock: the balls spread along its valley for a long while, plain to see.
const QUERY = '?fn=rosenbrock&n=20000&backend=cpu&speed=60';

/**
 * Opens the page, waits for the balls to move and for the performance section to show `engine`
 * (threads join a moment after the first steps), and reads its note.
 */
async function cpuSection(
  served: Served,
  engine: string,
  query = QUERY,
): Promise<{ page: Page; errors: string[]; note: string | null }> {
  const { page, errors } = await openPage(browser, `${served.origin}/${query}`);
  await waitFor(
    () => readNumber(page, 'step'),
    (step) => step > 5,
    'the balls to move',
    60_000,
  );
  await page.getByTestId('performance').locator('summary').click();
  await waitFor(
    async () => (await page.getByTestId('backend').textContent()) ?? '',
    (text) => text === engine,
    `"${engine}" in the performance section`,
  );
  const noteBox = page.getByTestId('cpu-note');
  const note = (await noteBox.isVisible()) ? await noteBox.textContent() : null;
  await expectBallsDrawn(page, engine);
  return { page, errors, note };
}

/**
 * The balls are on screen in their colour: the view draws them from the CPU's own memory (shared
 * with the frame threads when the page is isolated), so a buffer that never reached the GPU
 * would leave none.
 */
async function expectBallsDrawn(page: Page, engine: string): Promise<void> {
  const name = `cpu-balls-${engine.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const shot = await waitFor(
    () => viewScreenshot(page, name),
    (png) => summarisePixels(png, BACKGROUND).distinctColors > 60,
    'a drawn frame',
  );
  const [pink] = countColors(shot, [GROUP_COLORS[0]!], 120);
  expect(pink, `ball pixels in ${name}`).toBeGreaterThan(150);
}

describe('the CPU engine', () => {
  it('runs WebAssembly on every core when the page is cross-origin isolated', async () => {
    const served = await serve();
    const probe = await openPage(browser, `${served.origin}/?paused=1&n=10`);
    const cores = Math.min(16, await probe.page.evaluate(() => navigator.hardwareConcurrency));
    await probe.page.close();
    const engine =
      cores > 1 ? `CPU · WebAssembly SIMD · ${cores} threads` : 'CPU · WebAssembly SIMD · 1 thread';
    const { page, errors, note } = await cpuSection(served, engine);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(note).toBeNull();
    await page.screenshot({ path: `${SHOTS}/cpu-threads.png` });
    const step = await readNumber(page, 'step');
    await waitFor(
      () => readNumber(page, 'step'),
      (now) => now > step + 10,
      'more steps',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs on one thread, and says why, without isolation (English and Hebrew)', async () => {
    const served = await serve({});
    const { page, errors, note } = await cpuSection(served, 'CPU · WebAssembly SIMD · 1 thread');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(note).toMatch(/not cross-origin isolated.*COOP and COEP/);
    await page.screenshot({ path: `${SHOTS}/cpu-one-thread.png` });
    expect(errors).toEqual([]);
    await page.close();

    const hebrew = await cpuSection(served, 'CPU · WebAssembly SIMD · תהליכון אחד', `${QUERY}&lang=he`);
    expect(hebrew.note).toMatch(/מבודד/);
    await hebrew.page.screenshot({ path: `${SHOTS}/cpu-one-thread-he.png` });
    expect(hebrew.errors).toEqual([]);
    await hebrew.page.close();
  });

  it('runs every landscape and a typed formula under a strict CSP, saying that formulas run interpreted', async () => {
    // Issue 15's policy: WebAssembly allowed, compiling JavaScript from text ('unsafe-eval') not.
    const served = await serve({
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:",
    });
    // Paused, each landscape is stepped by the → key: no waiting out a new run's first look.
    const { page, errors } = await openPage(browser, `${served.origin}/?n=2000&backend=cpu&paused=1`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    const steps = async (what: string): Promise<void> => {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('ArrowRight');
      await waitFor(
        () => readNumber(page, 'step'),
        (step) => step >= 1,
        what,
        60_000,
      );
    };
    await steps('the default landscape to step');
    await page.getByTestId('performance').locator('summary').click();
    await expect.poll(() => page.getByTestId('code-note').isVisible()).toBe(true);
    expect(await page.getByTestId('code-note').textContent()).toMatch(/interpreted.*unsafe-eval/);
    expect(await page.getByTestId('backend').textContent()).toMatch(/^CPU · WebAssembly SIMD/);
    const select = page.locator('.lil-controller', { hasText: 'landscape' }).locator('select');
    for (const [index, preset] of PRESETS.entries()) {
      await select.selectOption({ index });
      const fn = preset.id === 'himmelblau' ? null : preset.id;
      await expect.poll(() => new URL(page.url()).searchParams.get('fn')).toBe(fn);
      await expect.poll(() => readNumber(page, 'step'), { timeout: 30_000 }).toBe(0);
      await steps(`${preset.id} to step`);
      expect((await viewPixels(page, `csp-${preset.id}`)).nonBackgroundShare).toBeGreaterThan(0.04);
    }
    await page.getByTestId('formula').fill('x^2 + 3*sin(y)');
    await page.getByTestId('formula').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('expr')).toBe('x^2 + 3*sin(y)');
    await expect.poll(() => readNumber(page, 'step'), { timeout: 30_000 }).toBe(0);
    await steps('the typed formula to step');
    expect(await page.getByTestId('error').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('falls back to JavaScript, and says why, where the page forbids WebAssembly', async () => {
    const served = await serve({
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:",
    });
    const { page, errors, note } = await cpuSection(served, 'CPU · JavaScript');
    expect(note).toMatch(/Content-Security-Policy.*wasm-unsafe-eval/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
