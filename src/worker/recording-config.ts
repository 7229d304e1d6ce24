/**
 * How a recording of the view is encoded: which codec, at what size and bitrate. Pure functions
 * of what the browser says it supports, so they are tested in Node with stubs.
 */
import { RECORD_CODECS, type RecordCodec } from '../engine/recording.ts';

/** Frames a second a recording aims at: smooth enough for rolling balls, half a 60 Hz display's work. */
export const RECORD_FRAME_RATE = 30;
/**
 * The longest side of a recorded frame, in pixels: a 4K canvas (a 2x display) is scaled down,
 * as a software encoder would otherwise fall far behind the frame loop.
 */
export const MAX_RECORD_SIDE = 1920;
/** Bits per pixel per frame: VP9 and VP8 keep a smooth 3D scene sharp at about this rate. */
const BITS_PER_PIXEL = 0.1;
/** The bitrate's bounds (bits a second): small views still get a clean picture, big ones a sane file. */
const MIN_BITRATE = 1_000_000;
const MAX_BITRATE = 8_000_000;

export interface RecordingSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The size of the recorded frames for a canvas of `width` x `height` pixels: the same shape,
 * within MAX_RECORD_SIDE, with both sides even (VP8 and VP9 keep colour at half resolution, and
 * encoders refuse odd sizes) and at least 2.
 */
export function recordingSize(width: number, height: number): RecordingSize {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  const scale = Math.min(1, MAX_RECORD_SIDE / Math.max(w, h));
  const even = (side: number): number => Math.max(2, Math.floor((side * scale) / 2) * 2);
  return { width: even(w), height: even(h) };
}

/** The bitrate (bits a second) for frames of this size at RECORD_FRAME_RATE, within sane bounds. */
export function recordingBitrate(size: RecordingSize): number {
  const bitrate = size.width * size.height * RECORD_FRAME_RATE * BITS_PER_PIXEL;
  return Math.round(Math.min(MAX_BITRATE, Math.max(MIN_BITRATE, bitrate)));
}

/** Asks the browser whether it can encode `codec` at this size and bitrate (VideoEncoder.isConfigSupported). */
export type EncoderProbe = (codec: RecordCodec, size: RecordingSize, bitrate: number) => Promise<boolean>;

/**
 * The first codec of RECORD_CODECS (VP9, then VP8) the browser can encode at this size, or null
 * when it can encode neither. A probe that throws counts as "no" for that codec.
 */
export async function chooseCodec(probe: EncoderProbe, size: RecordingSize): Promise<RecordCodec | null> {
  const bitrate = recordingBitrate(size);
  for (const codec of RECORD_CODECS) {
    const supported = await probe(codec, size, bitrate).catch(() => false);
    if (supported) return codec;
  }
  return null;
}

/**
 * Frames closer together than this share of the frame interval are skipped: a 60 Hz loop gives
 * every other frame, a 144 Hz one every fourth, both near RECORD_FRAME_RATE.
 */
const FRAME_SPACING = 0.75;
/**
 * Frames captured and waiting for the encoder at most: enough to cover its start (the first
 * frame waits for it to be configured), few enough to keep memory small when it falls behind.
 */
export const MAX_QUEUED_FRAMES = 4;

/**
 * What to do with a frame just drawn: `skip` it; `take` it at `timestamp` seconds (the frame
 * taken before it was on screen for `previousDuration` seconds, null for the first); or `end`
 * the recording, the last frame taken lasting `lastDuration` seconds (null: none was taken).
 */
export type FrameDecision =
  | { readonly kind: 'skip' }
  | { readonly kind: 'take'; readonly timestamp: number; readonly previousDuration: number | null }
  | { readonly kind: 'end'; readonly lastDuration: number | null };

/**
 * Which drawn frames a recording of `seconds` keeps, and when each is shown: at the time it was
 * drawn (the first at 0), near RECORD_FRAME_RATE, each lasting until the next one, the last
 * until `seconds`, so that the video lasts exactly what was asked.
 */
export class FramePlan {
  readonly seconds: number;
  #startMs: number | null = null;
  #lastTaken: number | null = null;

  constructor(seconds: number) {
    this.seconds = seconds;
  }

  /**
   * The decision for a frame drawn at loop time `nowMs` (milliseconds), with `backlog` frames
   * still waiting for the encoder (a frame is skipped while MAX_QUEUED_FRAMES wait).
   */
  next(nowMs: number, backlog: number): FrameDecision {
    this.#startMs ??= nowMs;
    const time = (nowMs - this.#startMs) / 1000;
    const last = this.#lastTaken;
    if (time >= this.seconds)
      return { kind: 'end', lastDuration: last === null ? null : this.seconds - last };
    if (last !== null && (time - last < FRAME_SPACING / RECORD_FRAME_RATE || backlog >= MAX_QUEUED_FRAMES)) {
      return { kind: 'skip' };
    }
    this.#lastTaken = time;
    return { kind: 'take', timestamp: time, previousDuration: last === null ? null : time - last };
  }
}
