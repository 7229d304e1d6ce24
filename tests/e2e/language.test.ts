/**
 * `lang=he` in the built app: the page is right to left (the document's direction, the control
 * panel on the left and the column of numbers on the right), and no English is left in what a
 * person reads: visible text, the options of every list, tooltips, labels for screen readers and
 * placeholders. Only names, formulas and technical terms may stay in Latin letters (the list in
 * tests/unit/latin-words.ts). Numbers in the lesson's table read left to right. Picking English in
 * the panel reloads the page in English with the same setup.
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATIN_ALLOWED, latinWords } from '../unit/latin-words.ts';
import { openPage, readNumber, SHOTS, useTestSite, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/**
 * Everything a person can read or hear on the page, one string per element: visible text (the
 * canvas has none), every `<option>` (closed lists included), and the title, aria-label,
 * placeholder and alt attributes. A string expression, so nothing is added to it when bundled.
 */
const READABLE = `(() => {
  const out = [];
  for (const element of document.body.querySelectorAll('*')) {
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = element.getAttribute(name);
      if (value) out.push(name + ': ' + value);
    }
    if (element.tagName === 'OPTION') out.push('option: ' + element.textContent);
  }
  out.push(...document.body.innerText.split('\\n'));
  return out;
})()`;

async function untranslated(page: Page): Promise<string[]> {
  const texts = (await page.evaluate(READABLE)) as string[];
  return texts.filter((text) =>
    latinWords(text.replace(/^(title|aria-label|placeholder|alt|option): /, '')).some(
      (word) => !LATIN_ALLOWED.has(word),
    ),
  );
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not shown`);
  return found;
}

describe('lang=he', () => {
  it('lays the page out right to left with nothing left in English', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=himmelblau&n=2000&backend=cpu&groups=gd:0.01,adam:0.05&lang=he`,
    );
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 20,
      'the simulation to run',
    );
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await page.evaluate('document.documentElement.lang')).toBe('he');
    expect(await page.title()).toContain('לראות');

    // Mirrored: the panel at the left edge, the HUD's column at the right.
    const width = (page.viewportSize() ?? { width: 1280 }).width;
    const panel = await box(page, '.lil-gui.lil-root');
    const hud = await box(page, '#hud');
    expect(panel.x).toBeLessThan(40);
    expect(panel.x + panel.width).toBeLessThan(width / 2);
    expect(hud.x + hud.width).toBeGreaterThan(width - 40);
    expect(hud.x).toBeGreaterThan(width / 3);
    expect(await page.locator('#hud').evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');

    // Open every folder of the panel, so their controls count too.
    // (In the page, in rounds: a folder inside a closed one is opened in the next round.)
    // Folders inside folders: open what is closed until nothing is.
    await expect
      .poll(
        async () => {
          await page.evaluate(
            `document.querySelectorAll('.lil-gui.lil-closed > .lil-title').forEach((title) => title.click())`,
          );
          return page.locator('.lil-gui.lil-closed').count();
        },
        { timeout: 15_000 },
      )
      .toBe(0);
    expect(await untranslated(page)).toEqual([]);

    // The numbers are numbers: the table cells hold digits, shown left to right.
    const converged = Number(await page.getByTestId('group-0-converged').textContent());
    expect(converged).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/hebrew.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs the lesson in Hebrew, its step table still reading -0.2, 0.44, 0.952 left to right', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?lesson=slope&lang=he`,
    );
    await page.evaluate('window.slope.ready');
    expect(await page.getByTestId('lesson-slope').textContent()).toBe('-8');
    expect(await untranslated(page)).toEqual([]);
    await page.getByTestId('lesson-next').click();
    const table = page.getByTestId('step-table');
    for (let clicks = 1; clicks <= 3; clicks++) {
      await page.getByTestId('lesson-step').click();
      await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(clicks + 1);
    }
    const x = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(x).toEqual(['-1', '-0.2', '0.44', '0.952']);
    // A minus sign at the number's left, even in a right-to-left table.
    const cell = table.locator('tbody tr:nth-child(2) td:nth-child(2)');
    expect(await cell.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    expect(await untranslated(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/hebrew-lesson.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('goes back to English from the panel, keeping the setup', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=bowl&n=300&backend=cpu&paused=1&lang=he`,
    );
    await page.getByTestId('step').waitFor();
    const reloaded = page.waitForEvent('load');
    await page.locator('.lil-gui select').last().selectOption({ label: 'English' });
    await reloaded;
    expect(await page.evaluate('document.documentElement.dir')).toBe('ltr');
    const url = new URL(page.url());
    expect(url.searchParams.get('fn')).toBe('bowl');
    expect(url.searchParams.get('n')).toBe('300');
    await expect.poll(() => page.locator('.lil-gui.lil-root > .lil-title').textContent()).toBe('Controls');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what is wrong with the address in Hebrew too (lang=he&n=abc), though it reads the address first', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?lang=he&n=abc&fn=bowl&backend=cpu&paused=1`,
    );
    const message = page.getByTestId('error');
    await message.waitFor({ state: 'visible' });
    const text = (await message.textContent()) ?? '';
    // Hebrew words around the person's own input, which stays as typed.
    expect(text).toMatch(/[\u0590-\u05ff]{3}/);
    expect(text).toContain('n=abc');
    expect(text).not.toMatch(/ball count|using/);
    // The default count, and a working page.
    await expect.poll(() => page.getByTestId('balls').textContent(), { timeout: 30_000 }).toBe('20,000');
    expect(errors).toEqual([]);
    await page.close();
  });
});
