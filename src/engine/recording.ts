/**
 * The rules of a recording of the view, shared by the page (which checks what a person typed)
 * and the worker (which records): how long one may be, and what the worker says it can do.
 */

/** The longest recording, in seconds: a minute of 1080p VP9 stays a file a browser holds easily. */
export const MAX_RECORD_SECONDS = 60;
/** The recording length the panel offers first, in seconds. */
export const DEFAULT_RECORD_SECONDS = 5;

/** Whether `seconds` is a recording length the worker accepts: finite, above 0, at most the maximum. */
export function isRecordSeconds(seconds: unknown): seconds is number {
  return (
    typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_RECORD_SECONDS
  );
}

/** Throws a RangeError naming the bad value unless `seconds` is a recording length (see above). */
export function checkRecordSeconds(seconds: unknown): asserts seconds is number {
  if (!isRecordSeconds(seconds)) {
    throw new RangeError(
      `record: ${String(seconds)} is not a recording length; give seconds above 0 and at most ${MAX_RECORD_SECONDS}`,
    );
  }
}

/** The video codecs a recording may use, in order of preference (WebM holds both). */
export const RECORD_CODECS = ['vp9', 'vp8'] as const;
export type RecordCodec = (typeof RECORD_CODECS)[number];

/**
 * What the worker can record with: a codec, or why it cannot record (`no-webcodecs`: the browser
 * has no VideoEncoder; `no-codec`: it encodes neither VP9 nor VP8; `no-view`: nothing is drawn).
 */
export type RecordSupport =
  | { readonly codec: RecordCodec; readonly problem?: undefined }
  | { readonly codec?: undefined; readonly problem: 'no-webcodecs' | 'no-codec' | 'no-view' };

/**
 * Whether a realm (the page, the worker) lacks WebCodecs' video encoding: no VideoEncoder or no
 * VideoFrame. The page asks it of itself at once, the worker of itself before recording.
 */
export function lacksWebCodecs(realm: object): boolean {
  return !('VideoEncoder' in realm && 'VideoFrame' in realm);
}
