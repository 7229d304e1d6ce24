/**
 * Recording the view, the parts decided in plain code: which lengths are accepted, which codec is
 * chosen from what the browser says it can encode, the size and bitrate of the frames, and which
 * drawn frames are kept and for how long each is shown (src/engine/recording.ts,
 * src/worker/recording-config.ts). The encoding itself is checked in the browser
 * (tests/e2e/record.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  checkRecordSeconds,
  isRecordSeconds,
  MAX_RECORD_SECONDS,
  type RecordCodec,
} from '../../src/engine/recording.ts';
import {
  chooseCodec,
  type FrameDecision,
  FramePlan,
  MAX_QUEUED_FRAMES,
  MAX_RECORD_SIDE,
  recordingBitrate,
  recordingSize,
} from '../../src/worker/recording-config.ts';

describe('recording length', () => {
  it('accepts lengths above 0 up to the maximum', () => {
    for (const seconds of [0.5, 1, 2, 5, MAX_RECORD_SECONDS]) {
      expect(isRecordSeconds(seconds)).toBe(true);
      expect(() => checkRecordSeconds(seconds)).not.toThrow();
    }
  });

  it('refuses 0, negative, NaN, infinite, too long and non-numbers with a RangeError naming the value', () => {
    for (const seconds of [
      0,
      -1,
      -0.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      MAX_RECORD_SECONDS + 1,
      '2',
      null,
    ]) {
      expect(isRecordSeconds(seconds)).toBe(false);
      expect(() => checkRecordSeconds(seconds)).toThrow(RangeError);
      expect(() => checkRecordSeconds(seconds)).toThrow(`${String(seconds)} is not a recording length`);
    }
  });
});

describe('codec choice', () => {
  const size = { width: 1280, height: 800 };
  /** A browser that encodes exactly these codecs, and the codecs it was asked about. */
  function browser(encodes: readonly RecordCodec[]) {
    const asked: string[] = [];
    const probe = async (codec: RecordCodec, probed: { width: number; height: number }, bitrate: number) => {
      asked.push(`${codec} ${probed.width}x${probed.height} ${bitrate}`);
      return encodes.includes(codec);
    };
    return { asked, probe };
  }

  it('takes VP9 when the browser encodes it', async () => {
    const { asked, probe } = browser(['vp9', 'vp8']);
    expect(await chooseCodec(probe, size)).toBe('vp9');
    expect(asked).toEqual([`vp9 1280x800 ${recordingBitrate(size)}`]);
  });

  it('falls back to VP8, then to none', async () => {
    expect(await chooseCodec(browser(['vp8']).probe, size)).toBe('vp8');
    const none = browser([]);
    expect(await chooseCodec(none.probe, size)).toBeNull();
    expect(none.asked.map((line) => line.split(' ')[0])).toEqual(['vp9', 'vp8']);
  });

  it('counts a probe that throws as "no" for that codec', async () => {
    const probe = async (codec: RecordCodec) => {
      if (codec === 'vp9') throw new TypeError('isConfigSupported: bad config');
      return true;
    };
    expect(await chooseCodec(probe, size)).toBe('vp8');
  });
});

describe('frame size and bitrate', () => {
  it('keeps an even canvas as it is and rounds odd sides down to even', () => {
    expect(recordingSize(1280, 800)).toEqual({ width: 1280, height: 800 });
    expect(recordingSize(1281, 799)).toEqual({ width: 1280, height: 798 });
    expect(recordingSize(1, 1)).toEqual({ width: 2, height: 2 });
  });

  it('scales a large canvas down to the longest side allowed, keeping its shape', () => {
    const size = recordingSize(3840, 2160);
    expect(size).toEqual({ width: MAX_RECORD_SIDE, height: 1080 });
    const tall = recordingSize(2000, 4001);
    expect(tall.height).toBeLessThanOrEqual(MAX_RECORD_SIDE);
    expect(tall.width % 2).toBe(0);
    expect(tall.height % 2).toBe(0);
    expect(tall.width / tall.height).toBeCloseTo(2000 / 4001, 2);
  });

  it('gives more bits to more pixels, within bounds', () => {
    const small = recordingBitrate({ width: 320, height: 200 });
    const medium = recordingBitrate({ width: 1280, height: 800 });
    const large = recordingBitrate({ width: 1920, height: 1080 });
    expect(small).toBe(1_000_000);
    expect(medium).toBeGreaterThan(small);
    expect(large).toBeGreaterThanOrEqual(medium);
    expect(large).toBeLessThanOrEqual(8_000_000);
  });
});

describe('frame plan', () => {
  /** Feeds frames drawn at these times (ms) with no encoder backlog. */
  function feed(plan: FramePlan, times: readonly number[], backlog = 0): FrameDecision[] {
    return times.map((ms) => plan.next(ms, backlog));
  }

  it('keeps frames at the times they were drawn, the first at 0, each lasting until the next', () => {
    const plan = new FramePlan(2);
    expect(feed(plan, [1000, 1500, 2200])).toEqual([
      { kind: 'take', timestamp: 0, previousDuration: null },
      { kind: 'take', timestamp: 0.5, previousDuration: 0.5 },
      { kind: 'take', timestamp: 1.2, previousDuration: 0.7 },
    ]);
  });

  it('ends at the first frame past the length, the last frame lasting until the length', () => {
    const plan = new FramePlan(2);
    feed(plan, [1000, 2500]);
    const end = plan.next(3100, 0);
    expect(end.kind).toBe('end');
    expect(end.kind === 'end' && end.lastDuration).toBeCloseTo(0.5, 9);
  });

  it('takes about 30 frames a second from a 60 Hz loop (every other frame)', () => {
    const plan = new FramePlan(1);
    const times = Array.from({ length: 60 }, (_, i) => (i * 1000) / 60);
    const taken = feed(plan, times).filter((decision) => decision.kind === 'take');
    expect(taken.length).toBe(30);
  });

  it('skips frames while the encoder is behind, and the frame held lasts longer', () => {
    const plan = new FramePlan(2);
    expect(plan.next(0, 0).kind).toBe('take');
    expect(plan.next(100, MAX_QUEUED_FRAMES).kind).toBe('skip');
    expect(plan.next(200, MAX_QUEUED_FRAMES - 1)).toEqual({
      kind: 'take',
      timestamp: 0.2,
      previousDuration: 0.2,
    });
  });

  it('ends with no frame when the first one drawn is already past the length', () => {
    const plan = new FramePlan(0.5);
    plan.next(0, 0);
    expect(plan.next(600, 0)).toEqual({ kind: 'end', lastDuration: 0.5 });
  });
});
