/**
 * Reads the PNG screenshots Chromium takes into RGBA pixels in Node, with pngjs, so that a
 * whole-page test can count colours without a round trip through the page.
 */
import { PNG } from 'pngjs';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** 4 bytes a pixel, row by row from the top left. */
  readonly rgba: Uint8Array;
}

export function readPng(png: Uint8Array): Pixels {
  const { width, height, data } = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  return { width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
