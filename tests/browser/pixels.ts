/**
 * Pixel helpers for the browser tests: read what a canvas shows (as the page shows it) or what a
 * PNG holds, and measure how much of it has a given colour.
 */
import { page } from 'vitest/browser';

/** Decodes a PNG (or any image) blob into pixels. */
export async function blobToImage(blob: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(blob);
  const copy = document.createElement('canvas');
  copy.width = bitmap.width;
  copy.height = bitmap.height;
  const context = copy.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('no 2d context');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, copy.width, copy.height);
}

/**
 * A screenshot of `element` as pixels; saved at `path` (relative to the test file) when given.
 * A screenshot rather than drawImage: it does not depend on when a WebGPU canvas's texture expires.
 */
export async function screenshotImage(element: Element, path?: string): Promise<ImageData> {
  const base64 = path
    ? (await page.screenshot({ element, path, base64: true })).base64
    : await page.screenshot({ element, save: false });
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return blobToImage(new Blob([bytes], { type: 'image/png' }));
}

function chroma(r: number, g: number, b: number): [number, number, number] {
  const sum = r + g + b || 1;
  return [r / sum, g / sum, b / sum];
}

/**
 * Share of pixels with the chromaticity of `hex` (within `tolerance`, brightness ignored: the lit
 * surface shades a colour but keeps its hue) that are not too dark to tell.
 */
export function shareOfColor(image: ImageData, hex: string, tolerance = 0.03): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const target = chroma((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
  let hits = 0;
  const { data } = image;
  for (let p = 0; p < data.length; p += 4) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    if (r + g + b < 90) continue;
    const c = chroma(r, g, b);
    const distance = Math.abs(c[0] - target[0]) + Math.abs(c[1] - target[1]) + Math.abs(c[2] - target[2]);
    if (distance <= tolerance) hits++;
  }
  return hits / (data.length / 4);
}

/** Distinct colours after quantising each channel to 5 bits: 1 means a blank canvas. */
export function distinctColors(image: ImageData): number {
  const colors = new Set<number>();
  const { data } = image;
  for (let p = 0; p < data.length; p += 4) {
    colors.add((((data[p] ?? 0) >> 3) << 10) | (((data[p + 1] ?? 0) >> 3) << 5) | ((data[p + 2] ?? 0) >> 3));
  }
  return colors.size;
}

export const nextFrame = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Screenshots `element` until `accept` holds for the picture (the worker draws it when its frame
 * comes: waited for, not slept on), then returns that picture; after `timeoutMs`, the last one,
 * for the caller's assertions to explain.
 */
export async function pictureWhere(
  element: Element,
  accept: (image: ImageData) => boolean,
  timeoutMs = 20_000,
): Promise<ImageData> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const image = await screenshotImage(element);
    if (accept(image) || performance.now() > deadline) return image;
    await nextFrame();
  }
}
