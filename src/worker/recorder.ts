/**
 * Records the view as a WebM video, in the worker, from the canvas it draws on: the frame loop
 * hands each drawn frame over (`afterRender`), WebCodecs encodes it (VP9, else VP8) and
 * mediabunny writes the WebM file in memory.
 *
 * A frame is captured in the same task as its drawing: a WebGPU canvas's picture is only
 * guaranteed until the task ends (it is then presented and may be discarded). The frame is a
 * VideoFrame made from the canvas itself, not from `transferToImageBitmap`, which would take the
 * picture away from the canvas on screen.
 */
import {
  BufferTarget,
  canEncodeVideo,
  Output,
  VideoSample,
  VideoSampleSource,
  WebMOutputFormat,
} from 'mediabunny';
import {
  checkRecordSeconds,
  lacksWebCodecs,
  type RecordCodec,
  type RecordSupport,
} from '../engine/recording.ts';
import {
  chooseCodec,
  type EncoderProbe,
  FramePlan,
  type RecordingSize,
  recordingBitrate,
  recordingSize,
} from './recording-config.ts';

/** Progress is told when it grew by this share at least: a few dozen messages a recording. */
const PROGRESS_STEP = 0.02;

/** Asks WebCodecs, through mediabunny (which configures the encoder the same way later). */
const browserProbe: EncoderProbe = (codec, size, bitrate) =>
  canEncodeVideo(codec, { width: size.width, height: size.height, bitrate });

/** One recording under way. */
interface Session {
  readonly seconds: number;
  readonly output: Output;
  readonly target: BufferTarget;
  readonly source: VideoSampleSource;
  readonly onProgress: ((share: number) => void) | undefined;
  readonly plan: FramePlan;
  /** The last frame captured, held until the next one says how long it was on screen. */
  held: VideoSample | null;
  /** Frames handed to the encoder one after another; `queued` of them are not taken yet. */
  encoding: Promise<void>;
  queued: number;
  progressTold: number;
  finishing: boolean;
  resolve(blob: Blob): void;
  reject(error: unknown): void;
}

export class ViewRecorder {
  readonly #probe: EncoderProbe;
  #session: Session | null = null;
  /** Set from the call until the session exists, so a second call meanwhile is refused too. */
  #starting = false;

  constructor(probe: EncoderProbe = browserProbe) {
    this.#probe = probe;
  }

  /** Whether a recording is under way. */
  get recording(): boolean {
    return this.#starting || this.#session !== null;
  }

  /** What this browser can record a canvas of this size with (never throws). */
  async support(canvas: OffscreenCanvas | null): Promise<RecordSupport> {
    if (!canvas) return { problem: 'no-view' };
    if (lacksWebCodecs(globalThis)) return { problem: 'no-webcodecs' };
    const codec = await chooseCodec(this.#probe, recordingSize(canvas.width, canvas.height));
    return codec ? { codec } : { problem: 'no-codec' };
  }

  /**
   * Records `seconds` of the frames drawn on `canvas` from the next one on; resolves with the
   * WebM file. `onProgress` hears the share recorded (0 to 1). Rejects with a RangeError for a
   * length that is not above 0 and at most MAX_RECORD_SECONDS, and with an Error while another
   * recording runs, without a canvas, or where the browser cannot encode VP9 or VP8.
   */
  async record(
    canvas: OffscreenCanvas | null,
    seconds: number,
    onProgress?: (share: number) => void,
  ): Promise<Blob> {
    checkRecordSeconds(seconds);
    if (this.recording) throw new Error('record: a recording is already under way; wait for it to finish');
    if (!canvas) throw new Error('record: there is no view to record (the worker has no canvas)');
    this.#starting = true;
    try {
      const support = await this.support(canvas);
      if (!support.codec) throw new Error(`record: this browser cannot record video (${support.problem})`);
      return await this.#start(canvas, seconds, support.codec, onProgress);
    } finally {
      this.#starting = false;
    }
  }

  /**
   * The frame loop calls this right after the view drew a frame on `canvas`, at loop time `nowMs`
   * (performance.now()): the frame is captured now, in the task that drew it.
   */
  afterRender(canvas: OffscreenCanvas, nowMs: number): void {
    const session = this.#session;
    if (!session || session.finishing) return;
    try {
      this.#capture(session, canvas, nowMs);
    } catch (error) {
      this.#fail(session, error);
    }
  }

  /** Stops a recording under way (its promise rejects with `record: ${why}`); safe at any time. */
  stop(why: string): void {
    if (this.#session) this.#fail(this.#session, new Error(`record: ${why}`));
  }

  /** Stops a recording under way (its promise rejects); safe to call at any time. */
  dispose(): void {
    this.stop('the view was closed');
  }

  async #start(
    canvas: OffscreenCanvas,
    seconds: number,
    codec: RecordCodec,
    onProgress: ((share: number) => void) | undefined,
  ): Promise<Blob> {
    const size = recordingSize(canvas.width, canvas.height);
    const target = new BufferTarget();
    const output = new Output({ format: new WebMOutputFormat(), target });
    const source = new VideoSampleSource({
      codec,
      bitrate: recordingBitrate(size),
      // The window may be resized (or the resolution lowered on slow frames) while recording:
      // later frames are fitted into the first one's box.
      sizeChangeBehavior: 'contain',
      ...scaling(canvas, size),
    });
    // No frame rate for the track: the muxer would round the frames' real times to it.
    output.addVideoTrack(source);
    await output.start();
    return new Promise<Blob>((resolve, reject) => {
      this.#session = {
        seconds,
        output,
        target,
        source,
        onProgress,
        plan: new FramePlan(seconds),
        held: null,
        encoding: Promise.resolve(),
        queued: 0,
        progressTold: 0,
        finishing: false,
        resolve,
        reject,
      };
    });
  }

  #capture(session: Session, canvas: OffscreenCanvas, nowMs: number): void {
    // An encoder that is behind (or still starting) has frames skipped: the one held stays on
    // screen longer, as it did in the view.
    const decision = session.plan.next(nowMs, session.queued);
    if (decision.kind === 'skip') return;
    const held = session.held;
    if (decision.kind === 'end') {
      session.finishing = true;
      session.held = null;
      if (held && decision.lastDuration !== null) this.#encode(session, held, decision.lastDuration);
      void this.#finish(session);
      return;
    }
    session.held = new VideoSample(canvas, { timestamp: decision.timestamp });
    if (held && decision.previousDuration !== null) this.#encode(session, held, decision.previousDuration);
    this.#tell(session, decision.timestamp / session.seconds);
  }

  /** Queues a frame shown for `duration` seconds for the encoder, and frees it once taken. */
  #encode(session: Session, frame: VideoSample, duration: number): void {
    frame.setDuration(duration);
    session.queued++;
    session.encoding = session.encoding
      .then(() => session.source.add(frame))
      .finally(() => {
        frame.close();
        session.queued--;
      })
      .catch((error: unknown) => this.#fail(session, error));
  }

  /** Once the last frame is queued: the file is written out when the encoder has taken it. */
  async #finish(session: Session): Promise<void> {
    try {
      await session.encoding;
      if (this.#session !== session) return;
      await session.output.finalize();
      const buffer = session.target.buffer;
      if (!buffer) throw new Error('record: the video file came out empty');
      this.#session = null;
      this.#tell(session, 1);
      session.resolve(new Blob([buffer], { type: 'video/webm' }));
    } catch (error) {
      this.#fail(session, error);
    }
  }

  #tell(session: Session, share: number): void {
    const onProgress = session.onProgress;
    if (!onProgress || (share < 1 && share - session.progressTold < PROGRESS_STEP)) return;
    session.progressTold = share;
    // Through comlink the page's callback answers with a promise; a page gone away is no error here.
    Promise.resolve(onProgress(Math.min(1, share))).catch(() => undefined);
  }

  #fail(session: Session, error: unknown): void {
    if (this.#session !== session) return;
    this.#session = null;
    session.finishing = true;
    session.held?.close();
    session.held = null;
    void session.output.cancel().catch(() => undefined);
    session.reject(error instanceof Error ? error : new Error(`record: ${String(error)}`));
  }
}

/** The encoder's scaling for a canvas whose size is not the recorded size (odd, or too large). */
function scaling(
  canvas: OffscreenCanvas,
  size: RecordingSize,
): { transform?: { width: number; height: number } } {
  return canvas.width === size.width && canvas.height === size.height
    ? {}
    : { transform: { width: size.width, height: size.height } };
}
