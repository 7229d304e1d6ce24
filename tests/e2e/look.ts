/**
 * `npx tsx tests/e2e/look.ts [out-folder]`: screenshots of the built app as a newcomer meets it —
 * the default page, a three-group comparison, the lesson's pages and the 1D curve — at 1280x800,
 * 390x844 and 768x1024, in English and Hebrew. Not a test: pictures for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { launchChromium, openPage, serveBuild } from './harness.ts';

const out = process.argv[2] ?? 'test-results/look';
const only = process.argv[3];
mkdirSync(out, { recursive: true });
const sizes = [
  { name: 'desk', width: 1280, height: 800, mobile: false },
  { name: 'phone', width: 390, height: 844, mobile: true },
  { name: 'tab', width: 768, height: 1024, mobile: true },
];
const setups: { name: string; query: string; at: number[] }[] = [
  { name: 'default', query: '', at: [300, 3000, 8000] },
  { name: 'compare', query: 'fn=himmelblau&lr=0.001,0.01,0.05', at: [4000] },
  { name: 'curve', query: 'fn=curve&n=2000', at: [4000] },
  { name: 'lesson1', query: 'lesson=slope', at: [2500] },
];
const served = await serveBuild();
const browser = await launchChromium({ webgpu: true });
try {
  for (const lang of ['en', 'he']) {
    for (const size of sizes) {
      for (const setup of setups) {
        const name = `${setup.name}-${size.name}-${lang}`;
        if (only && !name.includes(only)) continue;
        const sep = setup.query ? '&' : '';
        const { page, errors } = await openPage(
          browser,
          `${served.origin}/?${setup.query}${sep}lang=${lang}`,
          { width: size.width, height: size.height },
          size.mobile ? { isMobile: true, hasTouch: true } : {},
        );
        let last = 0;
        for (const at of setup.at) {
          await page.waitForTimeout(at - last);
          last = at;
          await page.screenshot({ path: `${out}/${name}-${at}.png` });
        }
        if (errors.length) console.log(name, errors);
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await served.close();
}
