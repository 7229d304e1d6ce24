/**
 * Recording the view as a WebM video (src/worker/recorder.ts, src/ui/recording.ts), in the built
 * app on both drawing backends: `slope.record(2)` gives a file with the WebM header that decodes
 * (with mediabunny's demuxer and the browser's own VideoDecoder, in the page) into frames spanning
 * the 2 seconds asked for, with the landscape on them; bad lengths and a second recording are
 * refused; the Export folder's button shows its progress and downloads the file; and where the
 * browser has no video encoder, the button is disabled and says why, with no console error.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, useTestSite } from './harness.ts';

const site = useTestSite({ beforeAll, afterAll });

/** mediabunny's browser bundle, served to the page at this path so that it can demux the video. */
const MEDIABUNNY_PATH = '/__test__/mediabunny.mjs';
const MEDIABUNNY_FILE = join(
  dirname(createRequire(import.meta.url).resolve('mediabunny')),
  'mediabunny.min.mjs',
);
/** The page's background (src/style.css), which an empty frame shows everywhere. */
const BACKGROUND = [0x0b, 0x0f, 0x17];

interface Decoded {
  readonly header: number[];
  readonly size: number;
  readonly codec: string | null;
  readonly width: number;
  readonly height: number;
  readonly duration: number;
  readonly timestamps: number[];
  /** Per frame checked (first, middle, last): the share of pixels that are not the background. */
  readonly drawnShares: number[];
  readonly badLengths: string[];
  readonly secondCall: string;
}

/** Records 2 s through `slope.record` and decodes the file in the page. */
async function recordAndDecode(page: Page): Promise<Decoded> {
  await page.route(`**${MEDIABUNNY_PATH}`, (route) =>
    route.fulfill({ path: MEDIABUNNY_FILE, contentType: 'text/javascript' }),
  );
  return page.evaluate(
    async ({ path, background }) => {
      type Mediabunny = typeof import('mediabunny');
      const slope = (
        window as unknown as { slope: { ready: Promise<void>; record(s: number): Promise<Blob> } }
      ).slope;
      await slope.ready;
      const badLengths: string[] = [];
      for (const seconds of [0, -1, Number.NaN, 61, Number.POSITIVE_INFINITY]) {
        badLengths.push(
          await slope.record(seconds).then(
            () => 'recorded',
            (error: Error) => error.name,
          ),
        );
      }
      const recording = slope.record(2);
      const secondCall = await slope.record(2).then(
        () => 'recorded',
        (error: Error) => error.message,
      );
      const blob = await recording;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      // How long the browser's own player says the video is (the file's Segment Duration).
      const playerDuration = (video: Blob) =>
        new Promise<number>((resolve, reject) => {
          const element = document.createElement('video');
          element.muted = true;
          element.onloadedmetadata = () => resolve(element.duration);
          element.onerror = () =>
            reject(new Error(`the player cannot read the video: ${element.error?.message}`));
          element.src = URL.createObjectURL(video);
        });
      // Built as text: vitest would rewrite an import() written here into a Node helper.
      const load = new Function('path', 'return import(path)') as (path: string) => Promise<Mediabunny>;
      const mb = await load(path);
      const input = new mb.Input({ source: new mb.BlobSource(blob), formats: [mb.WEBM] });
      const track = await input.getPrimaryVideoTrack();
      if (!track) throw new Error('no video track');
      const timestamps: number[] = [];
      for await (const packet of new mb.EncodedPacketSink(track).packets(undefined, undefined, {
        metadataOnly: true,
      })) {
        timestamps.push(packet.timestamp);
      }
      // Decode every frame (the browser's VideoDecoder) and look at three of them.
      const sink = new mb.VideoSampleSink(track);
      const looked = new Set([0, Math.floor(timestamps.length / 2), timestamps.length - 1]);
      const drawnShares: number[] = [];
      let index = 0;
      for await (const sample of sink.samples()) {
        if (looked.has(index)) {
          const canvas = new OffscreenCanvas(sample.displayWidth, sample.displayHeight);
          const context = canvas.getContext('2d')!;
          sample.draw(context, 0, 0);
          const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
          let drawn = 0;
          for (let i = 0; i < data.length; i += 4) {
            const distance =
              Math.abs(data[i]! - background[0]!) +
              Math.abs(data[i + 1]! - background[1]!) +
              Math.abs(data[i + 2]! - background[2]!);
            if (distance > 24) drawn++;
          }
          drawnShares.push(drawn / (data.length / 4));
        }
        sample.close();
        index++;
      }
      return {
        header: [...bytes.subarray(0, 4)],
        size: bytes.length,
        codec: track.codec,
        width: track.displayWidth,
        height: track.displayHeight,
        duration: await playerDuration(blob),
        timestamps,
        drawnShares,
        badLengths,
        secondCall,
      };
    },
    { path: MEDIABUNNY_PATH, background: BACKGROUND },
  );
}

/** Opens the panel's folder that holds the record button (the Export folder). */
async function openExportFolder(page: Page): Promise<void> {
  await page
    .locator('.lil-gui:not(.lil-root)', { has: page.locator('.record-button') })
    .locator('.lil-title')
    .first()
    .click();
}

/** Checks a decoded 2-second recording of the default view. */
function expectTwoSecondVideo(video: Decoded): void {
  // EBML, the container WebM is made of.
  expect(video.header).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  expect(['vp9', 'vp8']).toContain(video.codec);
  expect(video.width % 2).toBe(0);
  expect(video.height % 2).toBe(0);
  expect(video.width).toBeGreaterThan(100);
  // The length asked for, to the millisecond WebM keeps.
  expect(video.duration).toBeCloseTo(2, 2);
  // Frames at the times they were drawn: from 0, rising, within the 2 seconds. How many depends
  // on the machine: a software renderer on a busy machine may draw a frame a second or fewer
  // (tests/unit/recording.test.ts checks which frames are kept, and their times).
  expect(video.timestamps.length).toBeGreaterThanOrEqual(1);
  expect(video.timestamps[0]).toBe(0);
  for (let i = 1; i < video.timestamps.length; i++) {
    expect(video.timestamps[i]!).toBeGreaterThan(video.timestamps[i - 1]!);
  }
  expect(video.timestamps.at(-1)!).toBeLessThan(2);
  // The landscape is on every frame looked at (first, middle, last), not an empty or black canvas.
  expect(video.drawnShares).toHaveLength(Math.min(3, video.timestamps.length));
  // Framed into the free part of the canvas, the landscape covers a few per cent of a frame at least.
  for (const share of video.drawnShares) expect(share).toBeGreaterThan(0.03);
  expect(video.badLengths).toEqual(['RangeError', 'RangeError', 'RangeError', 'RangeError', 'RangeError']);
  expect(video.secondCall).toMatch(/already under way/);
}

describe('recording the view', () => {
  for (const [name, webgpu] of [
    ['WebGPU', true],
    ['WebGL2', false],
  ] as const) {
    it(`slope.record(2) on ${name}: a WebM that decodes into 2 s of drawn frames`, async () => {
      const browser = webgpu ? site.withWebGpu : site.withoutWebGpu;
      const { page, errors } = await openPage(browser, `${site.served.origin}/`);
      const video = await recordAndDecode(page);
      expectTwoSecondVideo(video);
      expect(await page.getByTestId('renderer').textContent()).toMatch(webgpu ? /webgpu/i : /webgl2/i);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('the Export folder: a bad length is refused with a message; the button shows its progress and downloads', async () => {
    const { page, errors } = await openPage(site.withoutWebGpu, `${site.served.origin}/`);
    await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
    await openExportFolder(page);
    const length = page.locator('.record-seconds input');
    await length.fill('0');
    await length.press('Enter');
    await expect.poll(() => page.getByTestId('error').textContent()).toMatch(/at most 60 seconds/);
    expect(await length.inputValue()).toBe('5');
    await length.fill('1');
    await length.press('Enter');
    const button = page.locator('.record-button');
    const downloaded = page.waitForEvent('download');
    await button.locator('button').click();
    await expect.poll(() => button.textContent()).toMatch(/recording… \d+ %/);
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^slope-.*\.webm$/);
    const path = await download.path();
    expect([...readFileSync(path).subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    await expect.poll(() => button.textContent()).toBe('record video (WebM)');
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const where of ['page', 'worker'] as const) {
    it(`without a video encoder in the ${where}: the button is disabled and says why, slope.record rejects, no console error`, async () => {
      const context = await site.withoutWebGpu.newContext({ viewport: { width: 1280, height: 800 } });
      // As in a browser without one. An init script runs in the page only, not in its worker.
      if (where === 'page') {
        await context.addInitScript(() => {
          delete (globalThis as { VideoEncoder?: unknown }).VideoEncoder;
        });
      } else {
        await context.route('**/assets/sim.worker-*.js', async (route) => {
          const response = await route.fetch();
          const body = `delete globalThis.VideoEncoder;\n${await response.text()}`;
          await route.fulfill({ response, body });
        });
      }
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${site.served.origin}/`);
      await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
      await openExportFolder(page);
      const note = page.getByTestId('record-note');
      await expect.poll(() => note.isVisible(), { timeout: 20_000 }).toBe(true);
      expect(await note.textContent()).toMatch(/cannot record video/);
      const control = page.locator('.record-button');
      expect(await control.locator('button').isDisabled()).toBe(true);
      expect(await control.getAttribute('title')).toMatch(/cannot record video/);
      const rejected = await page.evaluate(() =>
        (window as unknown as { slope: { record(s: number): Promise<Blob> } }).slope.record(2).then(
          () => 'recorded',
          (error: Error) => error.message,
        ),
      );
      expect(rejected).toMatch(/cannot record video/);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
