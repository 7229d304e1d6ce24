/**
 * What the page says around the view (issue 11, points 1, 5, 7 and 8), in the built app: the
 * legend names every group's optimizer and rate (and the pins), the first-load caption shows once,
 * the engineering figures are folded away, rates typed with spaces make groups, a group's slider
 * changes its rate without restarting the run, → steps after a click on the view, keys pressed
 * while the page starts take effect once it has, and a touch screen's hint names gestures.
 */
import type { Browser, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterReports, openPage, readNumber, useTestSite, waitFor } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/** Pages still open: a failed test's page would keep its run going and starve the next tests. */
const openPages = new Set<Page>();
afterEach(async () => {
  for (const page of openPages) await page.close().catch(() => undefined);
  openPages.clear();
});

async function open(
  path: string,
  browser: Browser = site.withoutWebGpu,
): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, `${site.served.origin}${path}`);
  openPages.add(opened.page);
  await opened.page.evaluate('window.slope.ready');
  return opened;
}

/** Polls with room for a busy machine (a paused step can take seconds there). */
function poll<T>(read: () => Promise<T> | T, options: { timeout?: number } = {}) {
  return expect.poll(read, { timeout: 30_000, ...options });
}

/** The legend's group rows as text, one string a row, spaces collapsed. */
function legendRows(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="legend"] .legend-groups li', (items) =>
    items.map((item) =>
      Array.from(item.children, (child) => child.textContent ?? '')
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

function query(page: Page, name: string): string | null {
  return new URL(page.url()).searchParams.get(name);
}

describe('the legend', () => {
  it('names every group of lr=0.001,0.01,0.05 with its optimizer and rate, and the minima pins', async () => {
    const { page, errors } = await open('/?fn=himmelblau&lr=0.001,0.01,0.05&n=300&backend=cpu&paused=1');
    const legend = page.getByTestId('legend');
    expect(await legend.isVisible()).toBe(true);
    expect(await legend.evaluate((el) => el.classList.contains('overlay'))).toBe(true);
    expect(await legendRows(page)).toEqual([
      'Gradient descent rate 0.001',
      'Gradient descent rate 0.01',
      'Gradient descent rate 0.05',
    ]);
    // Each row's colour is its group's, as in the table.
    const legendColors = await page.$$eval('[data-testid="legend"] .legend-groups .swatch', (dots) =>
      dots.map((dot) => getComputedStyle(dot).backgroundColor),
    );
    const tableColors = await page.$$eval('#stats tbody .swatch', (dots) =>
      dots.map((dot) => getComputedStyle(dot).backgroundColor),
    );
    expect(legendColors).toEqual(tableColors);
    const text = (await legend.textContent()) ?? '';
    // Himmelblau's four minima are all global; the dots over the table's columns are explained.
    expect(text).toContain('global minimum');
    expect(text).not.toContain('local minimum');
    expect(text).toContain('dots in the table');
    // Nothing has diverged at step 0: no ring to explain.
    expect(await page.getByTestId('legend-diverged').count()).toBe(0);
    expect(text).toContain('height');
    // It can be folded away.
    await legend.locator('summary').click();
    expect(await page.locator('[data-testid="legend"] .legend-groups').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('names a groups= mix by full names, with schedule and noise, in English and in Hebrew', async () => {
    const groups = 'gd:0.1,momentum:0.01:beta=0.8,adam:0.05:schedule=cosine,rmsprop:0.002:noise=0.5';
    const { page, errors } = await open(`/?fn=rastrigin&groups=${groups}&n=300&backend=cpu&paused=1`);
    expect(await legendRows(page)).toEqual([
      'Gradient descent rate 0.1',
      'Momentum rate 0.01',
      'Adam · cosine rate 0.05',
      'RMSProp · noise 0.5 rate 0.002',
    ]);
    // Rastrigin lists one global minimum; no local one.
    expect(await page.getByTestId('legend').textContent()).toContain('global minimum');
    const he = await open(`/?fn=sixhump&groups=${groups}&n=300&backend=cpu&paused=1&lang=he`);
    const rows = await legendRows(he.page);
    expect(rows[0]).toContain('ירידה במורד השיפוע');
    expect(rows[0]).toContain('0.1');
    expect(rows[1]).toContain('מומנטום');
    expect(rows[2]).toContain('Adam');
    expect(rows[3]).toContain('RMSProp');
    // The six-hump camel has local minima besides its two global ones: both pins are explained.
    const text = (await he.page.getByTestId('legend').textContent()) ?? '';
    expect(text).toContain('מינימום גלובלי');
    expect(text).toContain('מינימום מקומי');
    expect(errors).toEqual([]);
    expect(he.errors).toEqual([]);
  });

  it('names Lion and AdamW by their own names in both languages; on WebGPU they run and inspect', async () => {
    const groups = 'lion:0.01,adamw:0.05:wd=0.1';
    const { page, errors } = await open(`/?fn=himmelblau&groups=${groups}&n=300&backend=cpu&paused=1`);
    expect(await legendRows(page)).toEqual(['Lion rate 0.01', 'AdamW rate 0.05']);
    const he = await open(`/?fn=himmelblau&groups=${groups}&n=300&backend=cpu&paused=1&lang=he`);
    const rows = await legendRows(he.page);
    expect(rows[0]).toContain('Lion');
    expect(rows[1]).toContain('AdamW');

    const gpu = await open(
      `/?fn=himmelblau&groups=${groups}&n=2000&backend=webgpu&speed=60`,
      site.withWebGpu,
    );
    await poll(() => gpu.page.getByTestId('backend').textContent()).toMatch(/webgpu/i);
    await poll(() => readNumber(gpu.page, 'step')).toBeGreaterThan(30);
    await gpu.page.evaluate('window.slope.inspect(1005)');
    const inspector = gpu.page.getByTestId('inspector');
    await poll(() => inspector.textContent()).toMatch(/group 1 · ball 5/);
    expect(await inspector.textContent()).toMatch(/AdamW/);
    // The address keeps what was asked, settings included.
    expect(query(gpu.page, 'groups')).toBe(groups);
    expect(errors).toEqual([]);
    expect(he.errors).toEqual([]);
    expect(gpu.errors).toEqual([]);
  });

  it('shows the basin map’s and the steepness colours while they are on', async () => {
    const { page, errors } = await open('/?fn=himmelblau&n=300&backend=cpu&paused=1');
    const legend = page.getByTestId('legend');
    expect(await legend.textContent()).not.toContain('basin map:');
    const look = (name: string) => page.locator('.lil-controller', { hasText: name }).locator('select');
    await look('basin map').selectOption({ label: 'minimum reached' });
    await poll(() => legend.textContent()).toContain('basin map: where a ball from there ended');
    expect(await legend.textContent()).toContain('diverged');
    await look('basin map').selectOption({ label: 'steps to converge' });
    await poll(() => legend.textContent()).toContain('basin map: steps to converge');
    await look('colour balls by').selectOption({ label: 'steepness' });
    await poll(() => legend.textContent()).toContain('steepness');
    await look('basin map').selectOption({ label: 'off' });
    await poll(() => legend.textContent()).not.toContain('basin map:');
    expect(errors).toEqual([]);
  });
});

describe('where the notes sit', () => {
  it('a message, the caption and the legend cover neither the charts nor each other, and the message goes with its cause', async () => {
    const { page, errors } = await open('/?fn=himmelblau&n=abc&lr=0.01,0.1&backend=cpu&paused=1');
    const message = page.getByTestId('error');
    await poll(() => message.isVisible()).toBe(true);
    const boxes = (await page.evaluate(`(() => {
      const box = (selector) => { const r = document.querySelector(selector).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
      return { message: box('[data-testid="error"]'), caption: box('[data-testid="caption"]'), legend: box('[data-testid="legend"]'), charts: box('#charts'), hud: box('#hud'), panel: box('.lil-gui.lil-root') };
    })()`)) as Record<string, [number, number, number, number]>;
    const overlap = (a: [number, number, number, number], b: [number, number, number, number]) =>
      a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    for (const note of ['message', 'caption', 'legend']) {
      for (const other of ['charts', 'hud', 'panel', 'message', 'caption', 'legend']) {
        if (note === other) continue;
        expect(overlap(boxes[note]!, boxes[other]!), `${note} covers ${other}`).toBe(false);
      }
    }
    // A mistake typed into the panel replaces the message; putting it right takes it away.
    const balls = page.locator('.lil-controller', { hasText: 'balls' }).first().locator('input');
    await balls.fill('-5');
    await balls.press('Enter');
    await poll(() => message.textContent()).toContain('-5');
    await balls.fill('300');
    await balls.press('Enter');
    await poll(() => message.isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('the legend fits a 390 px phone, below the view’s middle', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=himmelblau&groups=gd:0.05,momentum:0.01,adam:0.05:schedule=cosine&n=100&backend=cpu&paused=1`,
      { width: 390, height: 844 },
      { isMobile: true, hasTouch: true },
    );
    openPages.add(page);
    await page.evaluate('window.slope.ready');
    const legend = (await page.getByTestId('legend').boundingBox())!;
    expect(legend.x).toBeGreaterThanOrEqual(0);
    expect(legend.x + legend.width).toBeLessThanOrEqual(390);
    expect(legend.y).toBeGreaterThan(844 / 2);
    expect(await legendRows(page)).toHaveLength(3);
    // Every row on one line: name, rate and slider side by side.
    const rowHeights = await page.$$eval('[data-testid="legend"] .legend-groups li', (items) =>
      items.map((item) => item.getBoundingClientRect().height),
    );
    for (const height of rowHeights) expect(height).toBeLessThan(24);
    expect(errors).toEqual([]);
  });
});

describe('the caption', () => {
  it('shows on the first visit, links into the lesson in the page’s language, and stays dismissed after a reload', async () => {
    const context = await site.withoutWebGpu.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    openPages.add(page);
    await page.goto(`${site.served.origin}/?fn=bowl&n=100&backend=cpu&paused=1&lang=he`);
    await page.evaluate('window.slope.ready');
    const caption = page.getByTestId('caption');
    expect(await caption.isVisible()).toBe(true);
    expect(await caption.textContent()).toContain('כל כדור הוא ריצה אחת');
    const href = (await page.getByTestId('caption-lesson').getAttribute('href')) ?? '';
    const link = new URL(href, page.url()).searchParams;
    expect(link.get('lesson')).toBe('slope');
    expect(link.get('lang')).toBe('he');
    await page.getByTestId('caption-dismiss').click();
    expect(await caption.isVisible()).toBe(false);
    await page.reload();
    await page.evaluate('window.slope.ready');
    expect(await page.getByTestId('caption').isVisible()).toBe(false);
    // A visitor of another profile still gets it.
    const fresh = await site.withoutWebGpu.newPage();
    openPages.add(fresh);
    await fresh.goto(`${site.served.origin}/?fn=bowl&n=100&backend=cpu&paused=1`);
    await fresh.evaluate('window.slope.ready');
    expect(await fresh.getByTestId('caption').isVisible()).toBe(true);
    await context.close();
  });

  it('still works where storage throws', async () => {
    const context = await site.withoutWebGpu.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(
      `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });`,
    );
    const page = await context.newPage();
    openPages.add(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${site.served.origin}/?fn=bowl&n=100&backend=cpu&paused=1`);
    await page.evaluate('window.slope.ready');
    await page.getByTestId('caption-dismiss').click();
    expect(await page.getByTestId('caption').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the status box', () => {
  it('folds the engineering figures into a closed "performance" section that still holds them', async () => {
    const { page, errors } = await open('/?fn=bowl&n=200&backend=cpu');
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 2,
      'the run to step',
    );
    expect(await page.getByTestId('step').isVisible()).toBe(true);
    expect(await page.getByTestId('balls').isVisible()).toBe(true);
    expect(await page.getByTestId('performance').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(
      false,
    );
    for (const id of ['backend', 'renderer', 'fps', 'rate', 'transfer']) {
      expect(await page.getByTestId(id).isVisible(), `${id} is folded away`).toBe(false);
    }
    // Folded, not gone: the text is there for tests and scripts, and a click shows it.
    expect(await page.getByTestId('backend').textContent()).toMatch(/cpu/i);
    await page.getByTestId('performance').locator('summary').click();
    expect(await page.getByTestId('rate').isVisible()).toBe(true);
    // Numbers with units are isolated, so they read in order in Hebrew too.
    expect(await page.getByTestId('transfer').getAttribute('dir')).toBe('ltr');
    expect(errors).toEqual([]);
  });
});

describe('the controls', () => {
  it('takes rates typed with spaces as three groups, and a mistake’s message goes once it is put right', async () => {
    const { page, errors } = await open('/?fn=himmelblau&n=200&backend=cpu&paused=1');
    const rates = page.locator('.lil-controller', { hasText: 'learning rates' }).locator('input');
    expect(await rates.getAttribute('placeholder')).toMatch(/e\.g\. [\d.]+ [\d.]+/);
    await rates.fill('abc');
    await rates.press('Enter');
    await poll(() => page.getByTestId('error').isVisible()).toBe(true);
    expect(await page.getByTestId('error').textContent()).toContain('abc');
    await rates.fill('0.001 0.01 0.05');
    await rates.press('Enter');
    await poll(() => query(page, 'lr')).toBe('0.001,0.01,0.05');
    await poll(() => page.getByTestId('group-2-converged').count()).toBe(1);
    expect(await legendRows(page)).toHaveLength(3);
    expect(await page.getByTestId('error').isVisible(), 'the message about "abc" is gone').toBe(false);
    // "+ add group" adds a group that differs from the others: here a decade more.
    await page.locator('.lil-controller', { hasText: 'add group' }).locator('button').click();
    await poll(() => query(page, 'lr')).toBe('0.001,0.01,0.05,0.5');
    expect(errors).toEqual([]);
  });

  it('a group’s slider changes its rate while the run goes on, without a restart', async () => {
    const { page, errors } = await open('/?fn=himmelblau&lr=0.01&n=200&backend=cpu&paused=1');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await poll(() => readNumber(page, 'step')).toBe(3);
    const slider = page.getByTestId('legend-rate-0');
    await slider.focus();
    // Two ticks up the log scale: 0.01 → 0.012 (10% a tick, two significant digits).
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await poll(() => query(page, 'lr')).toBe('0.012');
    expect(await legendRows(page)).toEqual(['Gradient descent rate 0.012']);
    await poll(() => page.locator('#stats tbody td').first().textContent()).toBe('0.012');
    expect(await readNumber(page, 'step'), 'the run went on from step 3').toBe(3);
    // The run takes the new rate: a step from here is one more step, not a new start.
    await page.evaluate('document.activeElement.blur()');
    await page.keyboard.press('ArrowRight');
    await poll(() => readNumber(page, 'step')).toBe(4);
    expect(errors).toEqual([]);
  });

  it('"top view" is disabled on a 1D curve and enabled on a surface', async () => {
    const { page, errors } = await open('/?fn=curve&n=50&backend=cpu&paused=1');
    const top = page.locator('.lil-controller', { hasText: 'top view' });
    expect(await top.evaluate((el) => el.classList.contains('lil-disabled'))).toBe(true);
    await page
      .locator('.lil-controller', { hasText: 'landscape' })
      .locator('select')
      .selectOption({ label: 'Round bowl' });
    await poll(() => top.evaluate((el) => el.classList.contains('lil-disabled'))).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('keys', () => {
  it('→ steps after a click on the view; Shift+→ turns it instead', async () => {
    const { page, errors } = await open('/?fn=himmelblau&n=200&backend=cpu&paused=1');
    // The top of the view, between the status box and the panel: sky, not ground (no drop).
    await page.locator('#view').click({ position: { x: 810, y: 40 } });
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('view');
    await page.keyboard.press('ArrowRight');
    await poll(() => readNumber(page, 'step')).toBe(1);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('r');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await poll(() => readNumber(page, 'step')).toBe(2);
    await afterReports(page, 2);
    expect(await readNumber(page, 'step'), 'Shift+→ does not step').toBe(2);
    expect(query(page, 'start'), 'no balls dropped by the click').toBe(null);
    expect(errors).toEqual([]);
  });

  it('keys pressed while the page starts take effect once it has started', async () => {
    const page = await site.withoutWebGpu.newPage({ viewport: { width: 1280, height: 800 } });
    openPages.add(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Many balls on the CPU: a start long enough to press keys in.
    await page.goto(`${site.served.origin}/?fn=bowl&n=400000&backend=cpu&paused=1`, {
      waitUntil: 'domcontentloaded',
    });
    await page.waitForFunction('window.slope !== undefined');
    expect(await page.getByTestId('backend').textContent()).toBe('starting…');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('backend').textContent(), 'the keys were pressed while starting').toBe(
      'starting…',
    );
    await page.evaluate('window.slope.ready');
    await poll(() => readNumber(page, 'step'), { timeout: 60_000 }).toBe(2);
    expect(errors).toEqual([]);
  });

  it('on a touch screen the hint names gestures, not keys', async () => {
    const { page, errors } = await openPage(
      site.withoutWebGpu,
      `${site.served.origin}/?fn=bowl&n=100&backend=cpu&paused=1`,
      { width: 390, height: 844 },
      { isMobile: true, hasTouch: true },
    );
    openPages.add(page);
    const hint = page.locator('.hint');
    expect(await hint.textContent()).toContain('pinch');
    expect(await page.locator('.hint-keys').evaluate((el) => (el as HTMLElement).hidden)).toBe(true);
    expect(errors).toEqual([]);
  });
});
