/**
 * tests/e2e/png.ts against Chromium's own screenshots: a page of known colours (flat blocks and a
 * gradient, which makes the encoder use its row filters) reads back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './harness.ts';
import { readPng } from './png.ts';

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('readPng', () => {
  it('reads a Chromium screenshot pixel for pixel', async () => {
    const page = await browser.newPage({ viewport: { width: 200, height: 100 } });
    await page.setContent(`<body style="margin:0">
      <div style="display:flex;height:50px">
        <div style="width:50px;background:#ff0000"></div><div style="width:50px;background:#00ff00"></div>
        <div style="width:50px;background:#0000ff"></div><div style="width:50px;background:#123456"></div>
      </div>
      <div style="height:50px;background:linear-gradient(to right, #000000, #ffffff)"></div>
    </body>`);
    for (const omitBackground of [false, true]) {
      const { width, height, rgba } = readPng(await page.screenshot({ omitBackground }));
      expect([width, height]).toEqual([200, 100]);
      const at = (x: number, y: number) => [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
      expect(at(25, 25)).toEqual([255, 0, 0, 255]);
      expect(at(75, 10)).toEqual([0, 255, 0, 255]);
      expect(at(125, 40)).toEqual([0, 0, 255, 255]);
      expect(at(199, 0)).toEqual([0x12, 0x34, 0x56, 255]);
      // The gradient: grey, brighter to the right, the same on every row.
      const row = Array.from({ length: width }, (_, x) => at(x, 75));
      for (const [r, g, b] of row) expect(r === g && g === b).toBe(true);
      for (let x = 1; x < width; x++) expect(row[x]![0]!).toBeGreaterThanOrEqual(row[x - 1]![0]!);
      expect(row[0]![0]!).toBeLessThan(5);
      expect(row[width - 1]![0]!).toBeGreaterThan(250);
      expect(at(100, 99)).toEqual(at(100, 51));
    }
    await page.close();
  });
});
