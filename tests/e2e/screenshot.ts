/**
 * `npm run screenshot`: the README's picture, taken from the built app in headless Chromium.
 * Uses SwiftShader's WebGPU so the frame rate allows the balls to get going.
 */
import { mkdirSync } from 'node:fs';
import { launchChromium, openPage, readNumber, serveBuild, waitFor } from './harness.ts';

const target = 'tests/screenshots/himmelblau.png';
mkdirSync('tests/screenshots', { recursive: true });
const served = await serveBuild();
const browser = await launchChromium({ webgpu: true });
try {
  const { page, errors } = await openPage(browser, `${served.origin}/?fn=himmelblau&n=20000&seed=3`, {
    width: 1280,
    height: 760,
  });
  await waitFor(
    () => readNumber(page, 'step'),
    (step) => step >= 30,
    'step 30',
  );
  await page.keyboard.press('Space');
  await page.waitForTimeout(500);
  await page.screenshot({ path: target });
  if (errors.length > 0) throw new Error(`console errors: ${errors.join('; ')}`);
  console.log(`wrote ${target}`);
} finally {
  await browser.close();
  await served.close();
}
