/**
 * `npx tsx tests/e2e/look.ts [out-folder]`: screenshots of the built app as a newcomer meets it —
 * the default page, a three-group comparison, four optimizers, the lesson's pages and the 1D curve — at 1280x800,
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
/**
 * `pages`: a lesson walk, one shot per page after `at[0]` ms, clicking Next `pages - 1` times
 * (the first shot is page 1); a page's shot waits for its set-up (the rates page for a few beats);
 * then a shot of the landscape the last page's first link opens.
 */
const setups: { name: string; query: string; at: number[]; pages?: number }[] = [
  { name: 'default', query: '', at: [300, 3000, 8000] },
  { name: 'compare', query: 'fn=himmelblau&lr=0.001,0.01,0.05', at: [4000] },
  {
    name: 'optimizers',
    query: 'fn=rosenbrock&groups=gd:0.001,adam:0.02,adamw:0.02:wd=0.1,lion:0.005',
    at: [5000],
  },
  { name: 'curve', query: 'fn=curve&n=2000', at: [4000] },
  { name: 'lesson1', query: 'lesson=slope', at: [2500] },
  { name: 'lesson-walk', query: 'lesson=slope', at: [2500], pages: 6 },
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
        if (setup.pages) {
          await page.waitForTimeout(setup.at[0] ?? 0);
          for (let n = 1; n <= setup.pages; n++) {
            if (n > 1) {
              await page.getByTestId('lesson-next').click();
              // Steps on the stepping pages (page 3: enough for the table's gap line), a few
              // beats on the rates page.
              const steps = n === 2 ? 3 : n === 3 ? 12 : 0;
              for (let k = 0; k < steps; k++) await page.getByTestId('lesson-step').click();
              await page.waitForTimeout(n === 5 ? 3500 : 1500);
            }
            await page.screenshot({ path: `${out}/${name}-p${n}.png` });
          }
          // The last page's first link: the landscape with the lesson kept beside it.
          await page.locator('.lesson-links a').first().click();
          await page.waitForTimeout(3000);
          await page.screenshot({ path: `${out}/${name}-visit.png` });
        }
        let last = 0;
        for (const at of setup.pages ? [] : setup.at) {
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
