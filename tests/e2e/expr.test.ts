/**
 * Typed landscapes in the built app: hostile formulas in the address and in the panel's formula
 * field each get a clear message (with the place of the mistake where there is one) and leave a
 * working page (the step counter rises, the canvas is drawn), with no dialog and no console error;
 * a good formula runs on both backends.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPage,
  readNumber,
  stepsGoOn,
  useTestSite,
  viewPixels,
  type WatchedPage,
  waitFor,
} from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/**
 * Opens the app at `origin + path`, also when the path is longer than `vite preview` accepts (its
 * Node server refuses request lines over 16 kB): the document is fetched from `/` instead, which
 * serves the same index.html, while the page's own `location.search` keeps the long query.
 */
async function openLong(browser: Parameters<typeof openPage>[0], path: string): Promise<WatchedPage> {
  const watched = await openPage(browser, `${site.served.origin}/?paused=1&n=1`);
  const { page } = watched;
  await page.route(
    (url) => url.pathname === '/' && url.search.length > 8_000,
    async (route) => route.fulfill({ response: await route.fetch({ url: `${site.served.origin}/` }) }),
  );
  await page.goto(`${site.served.origin}${path}`);
  return watched;
}

/** The page is alive: the step counter rises and something is drawn. */
async function expectWorking(page: Page, shot: string): Promise<void> {
  await stepsGoOn(page, 3);
  const pixels = await viewPixels(page, shot);
  // The landscape is framed into the part of the canvas the panels, caption and legend leave
  // free, so it covers a smaller share of the whole canvas; a blank view covers none.
  expect(pixels.nonBackgroundShare).toBeGreaterThan(0.04);
}

/** The first message shown in the page's message area, once it is visible. */
async function messageText(page: Page): Promise<string> {
  const message = page.getByTestId('error');
  await expect.poll(() => message.isVisible(), { timeout: 30_000 }).toBe(true);
  return (await message.locator('li').first().textContent()) ?? '';
}

const nested = `${'('.repeat(10_000)}x${')'.repeat(10_000)}`;

/** Hostile formulas: the text, and what its message must say besides the position. */
const HOSTILE: readonly { name: string; text: string; says: RegExp }[] = [
  { name: 'constructor', text: 'constructor.constructor("alert(1)")()', says: /constructor/ },
  { name: 'proto', text: '__proto__', says: /__proto__/ },
  { name: 'semicolon', text: 'x;alert(1)', says: /;/ },
  { name: 'long', text: 'x+'.repeat(50_000), says: /long|characters/i },
  { name: 'nested', text: nested, says: /long|characters/i },
  // Deep, but short enough to reach the parser's depth limit rather than the length limit.
  { name: 'deep', text: `${'('.repeat(400)}x${')'.repeat(400)}`, says: /deep/ },
];

describe('hostile formulas in the address', () => {
  for (const { name, text, says } of HOSTILE) {
    it(`expr=${name}: a message with the position, the preset, a working page`, async () => {
      const { page, errors } = await openLong(
        site.withoutWebGpu,
        `/?fn=bowl&n=2000&expr=${encodeURIComponent(text)}`,
      );
      const message = await messageText(page);
      expect(message).toMatch(/^expr: .* \(at \d+: /);
      expect(message).toMatch(says);
      // Short, whatever the length of the text.
      expect(message.length).toBeLessThan(400);
      await expectWorking(page, `expr-url-${name}`);
      expect(await page.getByTestId('backend').textContent()).toMatch(/cpu/i);
      // The address keeps the state that runs: the preset, without the bad formula.
      expect(new URL(page.url()).searchParams.has('expr')).toBe(false);
      expect(new URL(page.url()).searchParams.get('fn')).toBe('bowl');
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('expr= with broken percent-encoding: a message, a working page', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?n=2000&expr=%E0%A4%A`,
    );
    expect(await messageText(page)).toMatch(/^expr: the address does not encode the formula properly/);
    await expectWorking(page, 'expr-url-encoding');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the formula field', () => {
  it('shows each hostile input its mistake and keeps the last good landscape running; a good one applies', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/?fn=bowl&n=2000`);
    await expectWorking(page, 'expr-field-before');
    const field = page.getByTestId('formula');
    const fieldError = page.getByTestId('formula-error');
    for (const { name, text, says } of [
      ...HOSTILE,
      { name: 'huge', text: 'x'.repeat(100_000), says: /long|characters/i },
    ]) {
      await field.fill(text);
      await field.press('Enter');
      await expect.poll(() => fieldError.isVisible(), { message: name }).toBe(true);
      // The mistake is marked in the text under the field, and named in the message area.
      expect(await fieldError.locator('mark').count(), name).toBe(1);
      expect(await fieldError.textContent(), name).toMatch(/\(at \d+\)/);
      const message = await messageText(page);
      expect(message, name).toMatch(/^expr: .* \(at \d+: /);
      expect(message, name).toMatch(says);
      expect(new URL(page.url()).searchParams.get('fn'), name).toBe('bowl');
      expect(new URL(page.url()).searchParams.has('expr'), name).toBe(false);
      const step = await readNumber(page, 'step');
      await waitFor(
        () => readNumber(page, 'step'),
        (now) => now > step,
        `steps after ${name}`,
      );
    }
    await viewPixels(page, 'expr-field-hostile');

    // Typing shows the mistake as it is made (debounced), before Enter.
    await field.fill('x^2+foo(y)');
    await expect.poll(() => fieldError.textContent()).toMatch(/foo.*\(at 4\)/);

    // A good formula: the message goes, the URL and the run follow, its minima become the columns.
    await field.fill('(x^2+y-11)^2+(x+y^2-7)^2');
    await field.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('expr')).toBe('(x^2+y-11)^2+(x+y^2-7)^2');
    expect(page.url()).toContain('expr=(x^2%2By-11)^2%2B(x%2By^2-7)^2');
    await expect.poll(() => page.getByTestId('error').isVisible()).toBe(false);
    expect(await fieldError.isVisible()).toBe(false);
    await expect
      .poll(() => page.getByTestId('formula-derivative').textContent())
      .toMatch(/∂f\/∂x = .*∂f\/∂y = /);
    await expect.poll(() => page.getByTestId('group-0-basin-3').isVisible()).toBe(true);
    await waitFor(
      () => readNumber(page, 'group-0-converged'),
      (percent) => percent > 0,
      'balls to settle on the typed Himmelblau',
    );
    await viewPixels(page, 'expr-field-himmelblau');

    // An example from the list applies at once; picking a preset leaves the formula.
    await page.getByTestId('formula-examples').selectOption({ index: 1 });
    await expect.poll(() => new URL(page.url()).searchParams.get('expr')).toBe('(x-3)^2+2');
    const landscape = page.locator('.lil-controller', { hasText: 'landscape' }).locator('select');
    await landscape.selectOption({ label: 'Round bowl' });
    await expect.poll(() => new URL(page.url()).searchParams.has('expr')).toBe(false);
    expect(await field.inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a good formula in the address', () => {
  for (const webgpu of [true, false]) {
    it(`expr=x^2%2B3*sin(y) runs on ${webgpu ? 'WebGPU' : 'the CPU'} with finite numbers`, async () => {
      const { page, errors } = await openPage(
        webgpu ? site.withWebGpu : site.withoutWebGpu,
        `${site.served.origin}/?expr=x^2%2B3*sin(y)&n=20000`,
      );
      await expect
        .poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 })
        .toMatch(webgpu ? /webgpu/i : /cpu/i);
      await expectWorking(page, `expr-good-${webgpu ? 'webgpu' : 'cpu'}`);
      const loss = await waitFor(
        () => readNumber(page, 'group-0-loss'),
        Number.isFinite,
        'a finite mean loss',
      );
      expect(loss).toBeLessThan(30);
      await waitFor(
        () => readNumber(page, 'group-0-converged'),
        (percent) => percent > 0,
        'balls to settle',
      );
      expect(await page.getByTestId('formula').inputValue()).toBe('x^2+3*sin(y)');
      expect(await page.getByTestId('error').isVisible()).toBe(false);
      expect(await page.locator('body').textContent()).not.toMatch(/NaN|Infinity/);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
