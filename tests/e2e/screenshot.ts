/**
 * `npm run screenshot`: the README's pictures, taken from the built app in headless Chromium with
 * SwiftShader's WebGPU. Each starts paused and steps with the arrow key, so the picture shows the
 * balls on their way, at full resolution (the view only lowers it while playing slowly).
 */
import { mkdirSync } from 'node:fs';
import { launchChromium, openPage, readNumber, serveBuild, waitFor } from './harness.ts';

interface Shot {
  readonly target: string;
  readonly query: string;
  readonly balls: string;
  readonly steps: number;
}

const SHOTS: readonly Shot[] = [
  {
    target: 'tests/screenshots/himmelblau.png',
    query: '?fn=himmelblau&n=20000&seed=3&paused=1',
    balls: '20,000',
    steps: 12,
  },
  // Learn from data: one neuron on the wave, full batch against mini-batches of 4 points.
  {
    target: 'tests/screenshots/learn-from-data.png',
    query: '?model=neuron&groups=gd:0.1,gd:0.1:batch=4&n=20000&seed=3&paused=1',
    balls: '20,000',
    steps: 12,
  },
];

mkdirSync('tests/screenshots', { recursive: true });
const served = await serveBuild();
const browser = await launchChromium({ webgpu: true });
try {
  for (const shot of SHOTS) {
    const { page, errors } = await openPage(browser, `${served.origin}/${shot.query}`, {
      width: 1280,
      height: 760,
    });
    await waitFor(
      () => page.getByTestId('balls').textContent(),
      (text) => text === shot.balls,
      'the balls',
    );
    for (let step = 1; step <= shot.steps; step++) {
      await page.keyboard.press('ArrowRight');
      await waitFor(
        () => readNumber(page, 'step'),
        (now) => now === step,
        `step ${step}`,
      );
    }
    await page.waitForTimeout(1000);
    await page.screenshot({ path: shot.target });
    if (errors.length > 0) throw new Error(`console errors: ${errors.join('; ')}`);
    console.log(`wrote ${shot.target}`);
    await page.close();
  }
} finally {
  await browser.close();
  await served.close();
}
