/**
 * Comparing groups on the whole page: the statistics table agrees with the textbook (a larger
 * stable rate converges in fewer steps, a too-large one diverges), the loss chart draws one line
 * per group in its colour, the exports parse, and nothing on the page or in a CSV is NaN.
 * Lean on purpose (small ball counts, one browser per test): the CI machine has two cores.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_COLORS } from '../../src/core/group-colors.ts';
import {
  afterReports,
  countColors,
  launchChromium,
  openPage,
  parseNumericCsv,
  readNumber,
  type Served,
  SHOTS,
  serveBuild,
  waitFor,
} from './harness.ts';

/** What main.ts puts on `window.slope` for automation. */
interface SlopeAutomation {
  readonly ready: Promise<void>;
  exportStatsCsv(): string;
  exportTrajectoriesCsv(): Promise<string>;
}

const statsCsv = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { slope: SlopeAutomation }).slope.exportStatsCsv());
const trajectoriesCsv = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { slope: SlopeAutomation }).slope.exportTrajectoriesCsv());

/** The text a person sees on the page (hidden elements left out, unlike textContent). */
const visibleText = (page: Page): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here.
  page.evaluate(() => document.body.innerText);

/** expect.poll with room for a busy two-core machine (its default gives up after a second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

let served: Served;
beforeAll(async () => {
  served = await serveBuild();
});
afterAll(async () => {
  await served?.close();
});

/** One browser for one test, closed after it, so at most one runs at a time on the small machine. */
async function withBrowser(options: { webgpu: boolean }, test: (browser: Browser) => Promise<void>) {
  const browser = await launchChromium(options);
  try {
    await test(browser);
  } finally {
    await browser.close();
  }
}

describe('comparing groups', () => {
  it('bowl at lr=0.01,0.1,1.5: 0.1 converges in fewer steps than 0.01, 1.5 is 100% diverged, no NaN', async () => {
    await withBrowser({ webgpu: false }, async (browser) => {
      const { page, errors } = await openPage(
        browser,
        `${served.origin}/?fn=bowl&lr=0.01,0.1,1.5&backend=cpu&n=3000&speed=120`,
      );
      await waitFor(
        () => readNumber(page, 'group-2-diverged'),
        (percent) => percent === 100,
        'the 1.5 group to diverge',
      );
      // Steps to converge are a median over the balls that converged: wait for all of them, or
      // the early ones alone would make the slow group look fast.
      for (const group of [0, 1]) {
        await waitFor(
          () => readNumber(page, `group-${group}-converged`),
          (percent) => percent === 100,
          `every ball of group ${group} to converge`,
          90_000,
        );
      }
      const slow = await readNumber(page, 'group-0-median-steps');
      const fast = await readNumber(page, 'group-1-median-steps');
      expect(fast).toBeGreaterThan(0);
      expect(fast).toBeLessThan(slow);
      expect(await page.getByTestId('group-2-median-steps').textContent()).toBe('–');
      // The bowl's one minimum holds every converged ball.
      expect(await readNumber(page, 'group-0-basin-0')).toBe(100);

      const text = await visibleText(page);
      expect(text).not.toMatch(/NaN|Infinity|undefined/);

      const csv = await statsCsv(page);
      expect(csv).not.toMatch(/NaN|Infinity/);
      const { header, rows } = parseNumericCsv(csv);
      expect(header).toHaveLength(1 + 3 * 6);
      expect(rows.length).toBeGreaterThan(3);
      const last = rows.at(-1)!;
      expect(last[header.indexOf('g2_diverged')]).toBe(100);
      expect(last[header.indexOf('g2_mean')]).toBeNull();
      expect(last[header.indexOf('g1_converged')]).toBe(100);
      // Steps only go up.
      const steps = rows.map((row) => row[0]!);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  it('Himmelblau with gd, momentum and adam: three coloured lines in the loss chart, exports that parse', async () => {
    await withBrowser({ webgpu: true }, async (browser) => {
      const { page, errors } = await openPage(
        browser,
        `${served.origin}/?fn=himmelblau&groups=gd:0.01,momentum:0.01,adam:0.05&n=3000&speed=60`,
      );
      await waitFor(
        () => readNumber(page, 'step'),
        (step) => step > 120,
        'a hundred steps or so of history',
      );
      // Paused there, so the descent spans the chart whatever the time a busy machine takes to
      // shoot it (later, the lines run flat together and momentum's hides under Adam's).
      await page.keyboard.press('Space');
      await waitFor(
        async () => new URL(page.url()).searchParams.get('paused'),
        (paused) => paused === '1',
        'the run to pause',
      );
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/compare-three-groups.png` });
      const chart = await page
        .getByTestId('loss-chart')
        .screenshot({ path: `${SHOTS}/compare-loss-chart.png` });
      const colors = GROUP_COLORS.slice(0, 3);
      const counts = countColors(chart, colors);
      for (const [index, count] of counts.entries()) {
        expect(count, `pixels of group ${index}'s colour ${colors[index]}`).toBeGreaterThan(30);
      }

      const { header, rows } = parseNumericCsv(await statsCsv(page));
      for (const group of [0, 1, 2]) {
        for (const name of ['mean', 'median', 'p10', 'p90', 'converged', 'diverged']) {
          expect(header).toContain(`g${group}_${name}`);
        }
      }
      expect(header).not.toContain('g3_mean');
      expect(rows.length).toBeGreaterThan(3);

      const trajectories = await trajectoriesCsv(page);
      expect(trajectories).not.toMatch(/NaN|Infinity/);
      const paths = parseNumericCsv(trajectories);
      expect(paths.header).toEqual(['group', 'ball', 'step', 'x', 'y', 'loss']);
      expect(paths.rows.length).toBeGreaterThan(0);
      expect(new Set(paths.rows.map((row) => row[0]))).toEqual(new Set([0, 1, 2]));
      for (const row of paths.rows) expect(row.every((cell) => cell !== null)).toBe(true);

      // The four basins take every converged ball of Himmelblau: nothing settles elsewhere.
      for (const group of [0, 1, 2]) {
        const shares = await Promise.all(
          [0, 1, 2, 3].map((k) => readNumber(page, `group-${group}-basin-${k}`)),
        );
        const converged = await readNumber(page, `group-${group}-converged`);
        expect(Math.abs(shares.reduce((a, b) => a + b, 0) - converged)).toBeLessThan(0.25);
        expect(await readNumber(page, `group-${group}-basin-elsewhere`)).toBe(0);
      }

      // Inspect ball 5 of the momentum group (1,000 balls a group): its numbers, then Esc lets go.
      await page.evaluate(() =>
        (window as unknown as { slope: { inspect(i: number): void } }).slope.inspect(1005),
      );
      const inspector = page.getByTestId('inspector');
      await inspector.waitFor({ state: 'visible', timeout: 15_000 });
      await expect.poll(() => inspector.textContent(), { timeout: 15_000 }).toMatch(/group 1 · ball 5/);
      expect(await inspector.textContent()).toMatch(/momentum/);
      await page.keyboard.press('Escape');
      await inspector.waitFor({ state: 'hidden', timeout: 15_000 });

      expect(await visibleText(page)).not.toMatch(/NaN/);
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  it('the panel edits each group: a rate keeps the run, an optimizer restarts it, groups come and go', async () => {
    await withBrowser({ webgpu: false }, async (browser) => {
      const { page, errors } = await openPage(
        browser,
        `${served.origin}/?fn=bowl&lr=0.05,0.5&n=200&backend=cpu&paused=1`,
      );
      const query = (name: string) => new URL(page.url()).searchParams.get(name);
      // A key pressed before the shortcuts are installed does nothing.
      await page.evaluate(() => (window as unknown as { slope: SlopeAutomation }).slope.ready);
      for (let step = 1; step <= 3; step++) {
        await page.keyboard.press('ArrowRight');
        await poll(() => readNumber(page, 'step')).toBe(step);
      }
      /** A group's folder in the panel, opened. */
      const folder = async (index: number) => {
        const title = page.locator('.lil-title', { hasText: new RegExp(`^${index} · `) });
        const element = title.locator('..');
        if (await element.evaluate((e) => e.classList.contains('lil-closed'))) await title.click();
        return element;
      };
      const control = async (index: number, name: string) =>
        (await folder(index)).locator('.lil-controller', { hasText: name });

      // A learning rate: the URL keeps its lr= form and the run goes on from step 3.
      const rate = (await control(1, 'learning rate')).locator('input');
      await rate.fill('0.2');
      await rate.press('Enter');
      await poll(() => query('lr')).toBe('0.05,0.2');
      await afterReports(page, 2);
      expect(await readNumber(page, 'step')).toBe(3);
      expect(await page.getByTestId('group-1-loss').isVisible()).toBe(true);

      // An optimizer: written as groups=, and the run starts again.
      await (await control(1, 'optimizer')).locator('select').selectOption({ label: 'Adam' });
      await poll(() => query('groups')).toBe('gd:0.05,adam:0.2');
      expect(query('lr')).toBeNull();
      await poll(() => readNumber(page, 'step')).toBe(0);
      expect(await (await control(1, 'beta2')).locator('input').inputValue()).toBe('0.999');

      // Noise and a schedule, with the schedule's own number shown only when it has one.
      const noise = (await control(0, 'gradient noise')).locator('input');
      await noise.fill('0.5');
      await noise.press('Enter');
      await poll(() => query('groups')).toMatch(/^gd:0\.05:.*noise=0\.5/);
      expect(await page.locator('.lil-controller', { hasText: 'period (steps)' }).count()).toBe(0);
      await (await control(0, 'lr schedule')).locator('select').selectOption({ label: 'cosine' });
      await poll(() => query('groups')).toMatch(/schedule=cosine/);
      await poll(() => page.locator('.lil-controller', { hasText: 'steps to reach 0' }).count()).toBe(1);

      // Add a group (the next optimizer not shown yet), see its row, take it away again.
      await page.locator('.lil-controller', { hasText: 'add group' }).locator('button').click();
      await poll(() => query('groups')?.split(',').length).toBe(3);
      // Paused, the new run still shows its numbers: the worker reports it once it is built.
      await poll(() => page.getByTestId('group-2-converged').textContent()).toBe('0.0');
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/compare-panel-groups.png` });
      await (await control(2, 'remove this group')).locator('button').click();
      await poll(() => query('groups')?.split(',').length).toBe(2);
      expect(await page.getByTestId('group-2-converged').count()).toBe(0);

      // A rate the URL would not take: its message, and the groups stay as they were.
      const before = query('groups');
      await rate.fill('-1');
      await rate.press('Enter');
      await poll(() => page.getByTestId('error').isVisible()).toBe(true);
      expect(await page.getByTestId('error').textContent()).toContain('-1');
      expect(query('groups')).toBe(before);
      expect(await rate.inputValue()).toBe('0.2');

      // The Export folder's three downloads, named after the landscape and the step.
      await page.locator('.lil-title', { hasText: 'Export' }).click();
      const downloaded = async (button: string) => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.lil-controller', { hasText: button }).locator('button').click(),
        ]);
        const path = await download.path();
        return { name: download.suggestedFilename(), bytes: readFileSync(path) };
      };
      const png = await downloaded('PNG of the view');
      expect(png.name).toBe('slope-bowl-step0.png');
      expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
      const stats = await downloaded('Statistics CSV');
      expect(stats.name).toBe('slope-bowl-step0-stats.csv');
      expect(parseNumericCsv(stats.bytes.toString()).header[0]).toBe('step');
      const paths = await downloaded('Trajectories CSV');
      expect(paths.name).toBe('slope-bowl-step0-trajectories.csv');
      expect(paths.bytes.toString().split('\n')[0]).toBe('group,ball,step,x,y,loss');
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
