/**
 * The page at a million balls on the CPU backend, in headless Chromium: is the main thread still
 * free? A PerformanceObserver records every long task (> 50 ms) on the main thread after the first
 * frame; the HUD gives fps and particle-steps per second. Needs a build (`npm run bench` makes one).
 */
import { launchChromium, readNumber, serveBuild, waitFor } from '../tests/e2e/harness.ts';

export interface PageBenchResult {
  readonly url: string;
  readonly renderer: string;
  readonly seconds: number;
  readonly fps: number;
  readonly particleStepsPerSecond: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly consoleErrors: number;
}

/**
 * Opens `path`, waits for the first steps (up to `firstStepMs`: a software rasteriser takes long
 * over millions of balls), then watches the main thread for `seconds`.
 */
export async function runPageBench(
  path: string,
  seconds: number,
  webgpu: boolean,
  firstStepMs = 120_000,
): Promise<PageBenchResult> {
  const served = await serveBuild();
  const browser = await launchChromium({ webgpu });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const state = { tasks: [] as number[], watching: false };
      (globalThis as unknown as { __longTasks: typeof state }).__longTasks = state;
      new PerformanceObserver((list) => {
        if (!state.watching) return;
        for (const entry of list.getEntries()) state.tasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(served.origin + path);
    // "After the first frame": the first report with a step done means a frame was drawn.
    await waitFor(
      () => readNumber(page, 'step'),
      (step) => step > 0,
      'the first step',
      firstStepMs,
    );
    await page.evaluate(() => {
      (globalThis as unknown as { __longTasks: { watching: boolean } }).__longTasks.watching = true;
    });
    const samples: { fps: number; rate: number }[] = [];
    for (let i = 0; i < seconds; i++) {
      await page.waitForTimeout(1000);
      samples.push({
        fps: await readNumber(page, 'fps'),
        rate: Number(await page.getByTestId('rate').getAttribute('data-value')),
      });
    }
    const tasks = await page.evaluate(
      () => (globalThis as unknown as { __longTasks: { tasks: number[] } }).__longTasks.tasks,
    );
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
    return {
      url: path,
      renderer: `${await page.getByTestId('backend').textContent()}, drawn by ${await page.getByTestId('renderer').textContent()}`,
      seconds,
      fps: mean(samples.map((sample) => sample.fps).filter(Number.isFinite)),
      particleStepsPerSecond: mean(samples.map((sample) => sample.rate)),
      longTasks: tasks.length,
      longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
      consoleErrors: errors.length,
    };
  } finally {
    await browser.close();
    await served.close();
  }
}
