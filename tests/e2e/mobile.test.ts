/**
 * Phones and tablets in the built app: at 390x844 and 768x1024 (touch screens) the view fills
 * the screen, nothing is wider than it, and a button opens and closes a drawer that holds the
 * panel, the HUD, the statistics and the charts, all reachable by scrolling inside it. One finger
 * orbits and two fingers pinch-zoom, with real touch events sent through the DevTools protocol
 * into the page, then forwarded to OrbitControls in the worker. Screenshots go to test-results/
 * for a person to look at (copies of the ones looked at for the README are in tests/screenshots/).
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterReports,
  launchChromium,
  openPage,
  type Served,
  SHOTS,
  serveBuild,
  viewPixels,
  waitFor,
} from './harness.ts';
import { readPng } from './png.ts';

const SCREENSHOTS = SHOTS;
/** Paused, so between two screenshots only the camera can change the picture. */
const QUERY = '?fn=himmelblau&n=1000&seed=3&backend=cpu&paused=1';
const TOUCH_SCREEN = { isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const SIZES = [
  { name: 'mobile', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await serveBuild();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/**
 * Opens the app on a screen of `size` (a touch screen unless `context` says otherwise) and waits
 * for the run and, when `name` is given, for a drawn frame (saved as test-results/<name>.png).
 */
async function openOn(
  size: { width: number; height: number },
  name: string | null,
  context: BrowserContextOptions = TOUCH_SCREEN,
) {
  const watched = await openPage(browser, `${served.origin}/${QUERY}`, size, context);
  await watched.page.evaluate('window.slope.ready');
  await waitFor(
    () => watched.page.getByTestId('balls').textContent(),
    (text) => text === '1,000',
    'the balls',
  );
  if (name !== null) {
    const pixels = await viewPixels(watched.page, name);
    expect(pixels.distinctColors, 'the view is drawn').toBeGreaterThan(60);
  }
  return watched;
}

/**
 * Visible elements that stick out of the viewport sideways, as `tag.class` strings. Content
 * inside a box that clips or scrolls (the drawer, the statistics table's scroller) is that box's
 * business: the box itself is checked.
 */
function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const offenders: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      if (!element.checkVisibility()) continue;
      let clipped = false;
      for (let parent = element.parentElement; parent && parent !== document.body; ) {
        if (getComputedStyle(parent).overflowX !== 'visible') clipped = true;
        parent = parent.parentElement;
      }
      const box = element.getBoundingClientRect();
      if (clipped || box.width === 0) continue;
      if (box.left < -0.5 || box.right > innerWidth + 0.5)
        offenders.push(`${element.tagName.toLowerCase()}.${element.className} ${box.left}..${box.right}`);
    }
    return offenders;
  });
}

/** Share of pixels that differ clearly between two same-size PNG screenshots. */
function changedShare(before: Buffer, after: Buffer): number {
  const a = readPng(before).rgba;
  const b = readPng(after).rgba;
  let changed = 0;
  for (let i = 0; i < a.length; i += 4) {
    const distance =
      Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
    if (distance > 48) changed++;
  }
  return changed / (a.length / 4);
}

/**
 * Share of a PNG screenshot covered by the landscape and its balls: the coloured pixels (height
 * colours, balls), as against the grey grid and the near-black background. Zooming in makes it
 * grow; turning the view leaves it about the same.
 */
function landscapeShare(png: Buffer): number {
  const { rgba } = readPng(png);
  let coloured = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
  }
  return coloured / (rgba.length / 4);
}

/** Consecutive screenshots closer than this share of changed pixels count as a still view. */
const STILL = 0.003;
/** Farther than this from the view before a gesture, the gesture moved the camera. */
const MOVED = 0.1;

/**
 * The view once it stands still. With `before`, first waits for it to differ from `before` (the
 * gesture's events reach the worker and its camera through a busy machine at their own pace),
 * then for OrbitControls' damping to ease out. Gives up after `timeoutMs` and returns the last
 * shot, so a gesture that did nothing fails the test's assertions rather than a timeout.
 */
async function settledView(page: Page, before?: Buffer, timeoutMs = 30_000): Promise<Buffer> {
  // The middle of the view only: enough to see a turn or a zoom, and quick to take and compare
  // on a busy machine.
  const viewport = page.viewportSize()!;
  const clip = { x: viewport.width / 2 - 160, y: viewport.height / 2 - 160, width: 320, height: 320 };
  const shoot = () => page.screenshot({ clip });
  const deadline = Date.now() + timeoutMs;
  let moved = before === undefined;
  let current = await shoot();
  while (Date.now() < deadline) {
    await page.waitForTimeout(400);
    const next = await shoot();
    if (!moved) moved = changedShare(before!, next) > MOVED;
    if (moved && changedShare(current, next) < STILL) return next;
    current = next;
  }
  return current;
}

describe.each(SIZES)('$name $width x $height', ({ name, width, height }) => {
  it('shows the view on the whole screen and the controls in a drawer', async () => {
    const { page, errors } = await openOn({ width, height }, `${name}-view`);
    const size = `${width}x${height}`;

    // The view fills the screen; nothing is wider than the screen.
    expect(await page.locator('#view').boundingBox()).toEqual({ x: 0, y: 0, width, height });
    expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(await horizontalOverflow(page)).toEqual([]);

    // Closed: only the view and the button; the panel, HUD and charts are out of the way.
    const toggle = page.getByRole('button', { name: 'Controls & stats' });
    const drawer = page.locator('#drawer');
    expect(await toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-controls')).toBe('drawer');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    for (const selector of ['#drawer', '.lil-gui', '#hud', '#charts'])
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${size}.png` });

    // A tap opens it: the panel (unfolded), the HUD, the table and the charts are in it.
    await toggle.tap();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await drawer.isVisible()).toBe(true);
    const box = (await drawer.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(box.height).toBe(height);
    expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${size}-drawer.png` });

    // Nothing cut off: every control, from the panel's first to the last chart, can be scrolled
    // into the drawer's box, whole, and is then the thing under the finger (not covered).
    const reachable = [
      '.lil-gui.lil-root > .lil-title',
      '.lil-gui .lil-controller >> nth=0',
      '.lil-gui .lil-controller >> visible=true >> nth=-1',
      '.lil-gui .lil-title >> nth=-1',
      '#hud .brand',
      '[data-testid="step"]',
      // The table is wider than a phone: it scrolls sideways in its own box to its last column.
      '#stats tbody tr:first-child > :first-child',
      '#stats tbody tr:last-child > :last-child',
      '#basins tbody tr:last-child > :last-child',
      '#charts > summary',
      '[data-testid="loss-chart"]',
      '[data-testid="converged-chart"]',
    ];
    for (const selector of reachable) {
      const target = page.locator(selector);
      expect(await target.isVisible(), selector).toBe(true);
      await target.scrollIntoViewIfNeeded();
      const inner = (await target.boundingBox())!;
      expect(inner.x, selector).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(inner.x + inner.width, selector).toBeLessThanOrEqual(box.x + box.width + 0.5);
      expect(inner.y, selector).toBeGreaterThanOrEqual(-0.5);
      expect(inner.y + inner.height, selector).toBeLessThanOrEqual(height + 0.5);
      const onTop = await target.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
        return hit !== null && (element.contains(hit) || hit.contains(element));
      });
      expect(onTop, `${selector} is not covered`).toBe(true);
    }
    // The content is taller than the screen and the drawer, not the page, scrolled to show it.
    expect(await drawer.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    expect(await page.evaluate('document.scrollingElement.scrollTop')).toBe(0);

    // The keyboard: Escape closes it and leaves the focus on the button, which shows it has it;
    // Enter and Space open and close it.
    await page.locator('.lil-gui .lil-controller input, .lil-gui .lil-controller select').first().focus();
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await drawer.isVisible()).toBe(false);
    expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await toggle.evaluate((element) => element.matches(':focus-visible'))).toBe(true);
    expect(await toggle.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await drawer.isVisible()).toBe(true);
    await page.keyboard.press('Space');
    expect(await drawer.isVisible()).toBe(false);
    // Space on the button is the button's, not the play/pause shortcut's.
    expect(new URL(page.url()).searchParams.get('paused')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

// The gestures are the same code at every size: checked on the phone (the pinch takes 20 s).
describe('gestures on a phone', () => {
  const { name, width, height } = SIZES[0];

  it('orbits with one finger and zooms with a two-finger pinch', async () => {
    const { page, errors } = await openOn({ width, height }, `${name}-touch`);
    const touch = await page.context().newCDPSession(page);
    const centreX = Math.round(width / 2);
    const centreY = Math.round(height / 2);
    /** Sends one touch event; `points` are the fingers on the glass after it. */
    const send = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
      touch.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: points.map((point, id) => ({ ...point, id, radiusX: 4, radiusY: 4, force: 1 })),
      });

    // Paused: with no touch, the picture stands still (so any change below is the camera's).
    const still = await settledView(page);
    await afterReports(page, 4);
    expect(changedShare(still, await settledView(page))).toBeLessThan(STILL);
    /** How many pixels show a ball: zooming in makes the balls, and so this count, bigger. */
    const view = () => page.locator('#view').screenshot();
    const coverBefore = landscapeShare(await view());
    expect(coverBefore, 'the landscape is in view').toBeGreaterThan(0.05);

    // One finger, dragged sideways: the landscape turns.
    await send('touchStart', [{ x: centreX - 80, y: centreY }]);
    for (let i = 1; i <= 10; i++) {
      await send('touchMove', [{ x: centreX - 80 + i * 16, y: centreY + i * 2 }]);
      await page.waitForTimeout(30);
    }
    await send('touchEnd', []);
    const orbited = await settledView(page, still);
    expect(changedShare(still, orbited), 'one-finger drag orbits').toBeGreaterThan(MOVED);
    // Turned, not zoomed: the landscape covers about as much of the screen as before.
    const coverOrbited = landscapeShare(await view());
    expect(coverOrbited / coverBefore, 'one-finger drag does not zoom').toBeGreaterThan(0.6);
    expect(coverOrbited / coverBefore, 'one-finger drag does not zoom').toBeLessThan(1.6);

    // Two fingers spread apart: the camera moves in.
    const startGap = 40;
    await send('touchStart', [
      { x: centreX - startGap, y: centreY },
      { x: centreX + startGap, y: centreY },
    ]);
    for (let i = 1; i <= 10; i++) {
      const gap = startGap + i * 12;
      await send('touchMove', [
        { x: centreX - gap, y: centreY },
        { x: centreX + gap, y: centreY },
      ]);
      await page.waitForTimeout(30);
    }
    await send('touchEnd', []);
    const zoomed = await settledView(page, orbited);
    expect(changedShare(orbited, zoomed), 'two-finger pinch changes the view').toBeGreaterThan(MOVED);
    // Closer: the landscape fills more of the screen (a pinch taken for two mouse drags would turn
    // the view instead).
    const coverZoomed = landscapeShare(await view());
    expect(coverZoomed / coverOrbited, 'two-finger pinch zooms in').toBeGreaterThan(1.8);
    // Neither gesture was a tap (which would drop balls) and the run stayed paused.
    expect(new URL(page.url()).searchParams.get('paused')).toBe('1');
    await touch.detach();
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('a tap on empty ground drops a burst of balls there', async () => {
    const { page, errors } = await openPage(
      browser,
      `${served.origin}/?fn=bowl&n=30&start=point&backend=cpu&paused=1`,
      { width, height },
      TOUCH_SCREEN,
    );
    await page.evaluate('window.slope.ready');
    const touch = await page.context().newCDPSession(page);
    const tap = async (x: number, y: number) => {
      const point = { x, y, id: 0, radiusX: 4, radiusY: 4, force: 1 };
      await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
      await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    // The balls all start in the middle; taps around it, until one lands on the bowl's surface.
    const start = () => new URL(page.url()).searchParams.get('start');
    for (const [u, v] of [
      [0.3, 0.55],
      [0.7, 0.55],
      [0.35, 0.65],
      [0.65, 0.65],
      [0.5, 0.7],
    ] as const) {
      await tap(Math.round(width * u), Math.round(height * v));
      // The drop restarts the run and writes the address; a miss leaves it as it was.
      await afterReports(page, 3);
      if (start() === 'gaussian') break;
    }
    expect(start(), 'a tap on the surface drops balls').toBe('gaussian');
    expect(new URL(page.url()).searchParams.get('n')).toBe('30');
    await touch.detach();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('a wide window', () => {
  it('keeps the panel and the column beside the view, without the drawer button', async () => {
    const { page, errors } = await openOn({ width: 1280, height: 800 }, null, {});
    expect(await page.getByRole('button', { name: 'Controls & stats' }).isVisible()).toBe(false);
    for (const selector of ['.lil-gui', '#hud', '#charts'])
      expect(await page.locator(selector).first().isVisible(), selector).toBe(true);
    const panel = (await page.locator('.lil-gui.lil-root').boundingBox())!;
    // Top right, as style.css places it.
    expect(1280 - (panel.x + panel.width)).toBeCloseTo(12, 0);
    expect(panel.y).toBeCloseTo(12, 0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
