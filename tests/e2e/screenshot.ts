/**
 * `npm run screenshot`: the README's picture, taken from the built app in headless Chromium with
 * SwiftShader's WebGPU. Starts paused and steps with the arrow key, so the picture shows the
 * balls on their way, at full resolution (the view only lowers it while playing slowly).
 */
import { mkdirSync } from 'node:fs';
import { launchChromium, openPage, readNumber, serveBuild, waitFor } from './harness.ts';

const target = 'tests/screenshots/himmelblau.png';
const steps = 12;
mkdirSync('tests/screenshots', { recursive: true });
const served = await serveBuild();
const browser = await launchChromium({ webgpu: true });
try {
  const { page, errors } = await openPage(
    browser,
    `${served.origin}/?fn=himmelblau&n=20000&seed=3&paused=1`,
    {
      width: 1280,
      height: 760,
    },
  );
  await waitFor(
    () => page.getByTestId('balls').textContent(),
    (text) => text === '20,000',
    'the balls',
  );
  for (let step = 1; step <= steps; step++) {
    await page.keyboard.press('ArrowRight');
    await waitFor(
      () => readNumber(page, 'step'),
      (now) => now === step,
      `step ${step}`,
    );
  }
  await page.waitForTimeout(1000);
  await page.screenshot({ path: target });
  if (errors.length > 0) throw new Error(`console errors: ${errors.join('; ')}`);
  console.log(`wrote ${target}`);
} finally {
  await browser.close();
  await served.close();
}
