/**
 * Whole-page test harness: serves the built app (dist/) with `vite preview` on 127.0.0.1 and drives
 * Debian's Chromium through playwright. Every page records its console errors and uncaught
 * exceptions, so a test can insist there were none.
 */
import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright';
import { type PreviewServer, preview } from 'vite';
import { CHROMIUM_BASE_ARGS, CHROMIUM_PATH, CHROMIUM_WEBGPU_ARGS } from '../../vitest.config.ts';
import { readPng } from './png.ts';

export interface Served {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves dist/ (run `vite build` first; `npm run test:e2e` does) on a free port. `SLOPE_DIST`
 * names another build folder, so that two checkouts' builds on one machine do not collide.
 * By default with vite.config.ts's headers (cross-origin isolated); `headers` instead serves with
 * only those, as a plain static host would.
 */
export async function serveBuild(options: { headers?: Record<string, string> } = {}): Promise<Served> {
  const server: PreviewServer = await preview({
    ...(options.headers ? { configFile: false } : {}),
    build: { outDir: process.env.SLOPE_DIST ?? 'dist' },
    preview: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      open: false,
      ...(options.headers ? { headers: options.headers } : {}),
    },
    logLevel: 'error',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview: no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}

/** Chromium without WebGPU (WebGL2 draws), or with SwiftShader's WebGPU when `webgpu` is set. */
export function launchChromium(options: { webgpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_BASE_ARGS, ...(options.webgpu ? CHROMIUM_WEBGPU_ARGS : [])],
  });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  readonly errors: string[];
}

/**
 * Opens `url` in a new page of `viewport` size; `context` adds context options, e.g.
 * `{ isMobile: true, hasTouch: true }` for a phone.
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 800 },
  context: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const page = await browser.newPage({ ...context, viewport });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, errors };
}

/** The number in a `data-testid` element (e.g. `step`, `group-0-converged`). */
export async function readNumber(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).textContent();
  return Number(text);
}

/**
 * Waits until the page has shown `count` more reports from the worker (the step counter's
 * `data-reports`, src/ui/hud.ts): what was asked before has then been drawn and counted. The way
 * to wait before saying that something did not happen, instead of sleeping a fixed time.
 */
export async function afterReports(page: Page, count = 2, timeoutMs = 30_000): Promise<void> {
  const reports = (): Promise<number> =>
    page.getByTestId('step').evaluate((element) => Number((element as HTMLElement).dataset.reports ?? 0));
  const from = await reports();
  await waitFor(reports, (now) => now >= from + count, `${count} more reports`, timeoutMs);
}

/** Waits until `read()` satisfies `accept`, polling; fails with the last value seen. */
export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  return last;
}

/** Waits for the run's first step, then for `more` steps after it: the page is stepping. */
export async function stepsGoOn(page: Page, more: number, what = 'the step counter to rise'): Promise<void> {
  const first = await waitFor(
    () => readNumber(page, 'step'),
    (step) => step > 0,
    'the first steps',
  );
  await waitFor(
    () => readNumber(page, 'step'),
    (step) => step > first + more,
    what,
  );
}

export interface PixelSummary {
  /** Distinct colours after quantising to 4 bits per channel. */
  readonly distinctColors: number;
  /** Share of pixels that differ from the background colour. */
  readonly nonBackgroundShare: number;
}

/** `#rrggbb` as [r, g, b]. */
export function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Summarises a PNG screenshot's colours (decoded in Node, tests/e2e/png.ts). */
export function summarisePixels(
  png: Uint8Array,
  background: readonly [number, number, number],
): PixelSummary {
  const { rgba } = readPng(png);
  const colors = new Set<number>();
  let other = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    colors.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    if (Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]) > 24) other++;
  }
  return { distinctColors: colors.size, nonBackgroundShare: other / (rgba.length / 4) };
}

/**
 * How many pixels of a PNG screenshot are close to each of `colors` (`#rrggbb`): the summed
 * absolute channel difference at most `tolerance`, which lets antialiased line cores count and
 * keeps translucent fills of the same hue out.
 */
export function countColors(png: Uint8Array, colors: readonly string[], tolerance = 60): number[] {
  const { rgba } = readPng(png);
  const targets = colors.map(rgbOf);
  const counts = targets.map(() => 0);
  for (let i = 0; i < rgba.length; i += 4) {
    targets.forEach(([r, g, b], k) => {
      const distance = Math.abs(rgba[i]! - r) + Math.abs(rgba[i + 1]! - g) + Math.abs(rgba[i + 2]! - b);
      if (distance <= tolerance) counts[k]!++;
    });
  }
  return counts;
}

/**
 * Reads CSV text made of a header and plain numbers (what the exports write): fails the test on
 * a row narrower or wider than the header, or a cell that is neither empty nor a finite number.
 */
export function parseNumericCsv(text: string): { header: string[]; rows: (number | null)[][] } {
  const [headerLine = '', ...lines] = text.trimEnd().split('\n');
  const header = headerLine.split(',');
  const rows = lines.map((line, index) => {
    const cells = line.split(',');
    if (cells.length !== header.length)
      throw new Error(`CSV row ${index + 1} has ${cells.length} cells, the header ${header.length}`);
    return cells.map((cell) => {
      if (cell === '') return null;
      const value = Number(cell);
      if (!Number.isFinite(value)) throw new Error(`CSV row ${index + 1}: "${cell}" is not a number`);
      return value;
    });
  });
  return { header, rows };
}

export interface TestSite {
  readonly served: Served;
  /** Chromium with SwiftShader's WebGPU. */
  readonly withWebGpu: Browser;
  /** Chromium without the WebGPU flags: no adapter, three.js falls back to WebGL2. */
  readonly withoutWebGpu: Browser;
}

/**
 * Serves the build and starts both browsers before a test file's tests, and stops them after.
 * The returned object is filled in by the time the tests run.
 */
export function useTestSite(hooks: {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
}): TestSite {
  const site = {} as { -readonly [K in keyof TestSite]: TestSite[K] };
  hooks.beforeAll(async () => {
    site.served = await serveBuild();
    site.withWebGpu = await launchChromium({ webgpu: true });
    site.withoutWebGpu = await launchChromium();
  });
  hooks.afterAll(async () => {
    await site.withWebGpu?.close();
    await site.withoutWebGpu?.close();
    await site.served?.close();
  });
  return site;
}

/** The page's background colour (src/style.css, and the view's clear colour). */
export const BACKGROUND: [number, number, number] = [0x0b, 0x0f, 0x17];
/** Where whole-page tests leave their screenshots for a person to look at. */
export const SHOTS = 'test-results';

/**
 * The 3D view alone (the HUD, charts, panel and messages hidden for the shot), saved as
 * `test-results/<name>.png`, and its colour summary. Retried for a few seconds until it shows a
 * drawn frame: one can be caught while the canvas is being resized.
 */
export async function viewPixels(page: Page, name: string): Promise<PixelSummary> {
  const shoot = async (): Promise<PixelSummary> =>
    summarisePixels(await viewScreenshot(page, name), BACKGROUND);
  return waitFor(shoot, (pixels) => pixels.distinctColors > 60, `a drawn frame in ${name}`, 15_000);
}

/** A PNG of the 3D view alone, everything drawn over it hidden for the shot: `test-results/<name>.png`. */
export async function viewScreenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(SHOTS, { recursive: true });
  const hide = await page.addStyleTag({
    // `.overlay`: anything drawn over the view (the HUD, the charts...); `.inspector`: the
    // picked ball's numbers.
    content: '.hud, .lil-gui, .message, .overlay, .inspector { visibility: hidden !important; }',
  });
  const png = await page.locator('#view').screenshot({ path: `${SHOTS}/${name}.png` });
  await hide.evaluate((style) => (style as Element).remove());
  return png;
}
