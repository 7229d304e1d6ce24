/**
 * Fresh numbers: after a drop (a click on the ground), a reset, a new landscape or an example
 * formula, the charts and the statistics CSV start from the new run's step 0, with none of the old
 * run's numbers (the old run ended 100 % converged; the new one starts at 0 %).
 */
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, parseNumericCsv, readNumber, useTestSite, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

interface StatsRows {
  readonly steps: number[];
  readonly converged: number[];
}

/** The statistics CSV's step and group 0's % converged, row by row. */
async function statsRows(page: Page): Promise<StatsRows> {
  const text = await page.evaluate(() =>
    (window as unknown as { slope: { exportStatsCsv(): string } }).slope.exportStatsCsv(),
  );
  const { header, rows } = parseNumericCsv(text);
  const converged = header.indexOf('g0_converged');
  return {
    steps: rows.map((row) => row[0] ?? Number.NaN),
    converged: rows.map((row) => row[converged] ?? Number.NaN),
  };
}

/** Waits for a history of the new run (a few points), then checks that it is only the new run's. */
async function expectFreshHistory(page: Page, what: string): Promise<void> {
  const rows = await waitFor(
    () => statsRows(page),
    (seen) => seen.steps.length >= 3 && (seen.steps.at(-1) ?? 0) > 0,
    `a few points of the new run after ${what}`,
  );
  expect(rows.steps[0], `${what}: the first point is step 0`).toBe(0);
  expect(rows.converged[0], `${what}: nothing has converged at step 0`).toBe(0);
  for (let i = 1; i < rows.steps.length; i++) expect(rows.steps[i]).toBeGreaterThan(rows.steps[i - 1]!);
}

/** Lets the run end (nearly every ball converged), so an old number would stand out. */
async function runToTheEnd(page: Page): Promise<void> {
  await waitFor(
    () => readNumber(page, 'group-0-converged'),
    (percent) => percent > 95,
    'the run to converge',
    90_000,
  );
}

describe('fresh numbers', () => {
  it('after a drop, a reset, a new landscape and a new formula the CSV starts at the new run’s step 0', async () => {
    const { page, errors } = await openPage(
      // On WebGPU a statistics readback is often under way when a new run is built.
      site.withWebGpu,
      `${site.served.origin}/?fn=himmelblau&n=2000&speed=100`,
    );
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await runToTheEnd(page);

    // A Shift+click drops balls even over a ball: in the middle of the view, on the landscape.
    const box = (await page.locator('#view').boundingBox())!;
    await page
      .locator('#view')
      .click({ position: { x: box.width / 2, y: box.height / 2 }, modifiers: ['Shift'] });
    await waitFor(
      async () => new URL(page.url()).searchParams.get('start'),
      (start) => start === 'gaussian',
      'start=gaussian in the address',
    );
    await expectFreshHistory(page, 'a drop');

    await runToTheEnd(page);
    await page.keyboard.press('r');
    await expectFreshHistory(page, 'a reset');

    await runToTheEnd(page);
    await page
      .locator('.lil-controller select', { has: page.locator('option', { hasText: 'Round bowl' }) })
      .selectOption({ label: 'Round bowl' });
    await waitFor(
      async () => new URL(page.url()).searchParams.get('fn'),
      (fn) => fn === 'bowl',
      'fn=bowl in the address',
    );
    await expectFreshHistory(page, 'a new landscape');

    await runToTheEnd(page);
    await page.getByTestId('formula-examples').selectOption({ index: 1 });
    await waitFor(
      async () => new URL(page.url()).searchParams.get('expr'),
      (expr) => expr !== null,
      'the example formula in the address',
    );
    await expectFreshHistory(page, 'a new formula');
    expect(errors).toEqual([]);
    await page.close();
  });
});
