/**
 * The page's side of recording the view as a WebM video: the Export folder's length field and
 * button (which shows the share recorded while it runs, then downloads the file), and
 * `slope.record(seconds)`. The worker records (src/worker/recorder.ts); this checks the length a
 * person typed, refuses a second recording while one runs, and says, on the disabled button and
 * under it, why a browser without a video encoder cannot record.
 */
import * as Comlink from 'comlink';
import type { Controller, GUI } from 'lil-gui';
import type { SimWorkerApi } from '../engine/protocol.ts';
import {
  DEFAULT_RECORD_SECONDS,
  isRecordSeconds,
  lacksWebCodecs,
  MAX_RECORD_SECONDS,
  type RecordSupport,
} from '../engine/recording.ts';
import { t } from '../i18n/index.ts';
import { ltr } from './bidi.ts';
import { download } from './download.ts';

/** What recording needs from the worker: the two calls of SimWorkerApi, through comlink. */
type Recorder = Comlink.Remote<Pick<SimWorkerApi, 'record' | 'recordSupport'>>;

export interface RecordingOptions {
  /** Shows a message where the page shows its errors. */
  readonly say: (message: string) => void;
  /** The downloaded file's name without `.webm` (named after what the view shows). */
  readonly fileName: () => string;
}

/** Why this browser cannot record, in the page's language, or null when it can. */
export function recordProblem(support: RecordSupport): string | null {
  return support.problem ? t(`record.${support.problem}`) : null;
}

/**
 * The record controls in `folder` (see RecordingControl); once `started` (the worker's start)
 * resolves, they ask the worker whether it can record.
 */
export function installRecording(
  folder: GUI,
  recorder: Recorder,
  started: Promise<unknown>,
  options: RecordingOptions,
): RecordingControl {
  const control = new RecordingControl(folder, recorder, options);
  started
    .then(
      () => control.checkSupport(),
      () => undefined,
    )
    .catch((error: unknown) => options.say(error instanceof Error ? error.message : String(error)));
  return control;
}

export class RecordingControl {
  readonly #recorder: Recorder;
  readonly #options: RecordingOptions;
  readonly #model = { seconds: DEFAULT_RECORD_SECONDS, record: () => this.#recordFromPanel() };
  readonly #seconds: Controller;
  readonly #button: Controller;
  readonly #note: HTMLElement;
  /** The length last accepted, to go back to when a bad one is typed. */
  #lastSeconds = DEFAULT_RECORD_SECONDS;
  #busy = false;
  /** Why the browser cannot record (null: it can, or it is not known yet). */
  #problem: string | null = null;

  /** Adds the length field, the button and a note (shown only when recording is impossible) to `folder`. */
  constructor(folder: GUI, recorder: Recorder, options: RecordingOptions) {
    this.#recorder = recorder;
    this.#options = options;
    this.#seconds = folder
      .add(this.#model, 'seconds')
      .step(1)
      .name(t('record.seconds'))
      .onFinishChange((seconds: number) => this.#takeSeconds(seconds));
    this.#seconds.domElement.title = t('record.seconds-title', { max: MAX_RECORD_SECONDS });
    this.#seconds.domElement.classList.add('record-seconds');
    this.#button = folder.add(this.#model, 'record').name(t('record.button'));
    this.#button.domElement.title = t('record.button-title');
    this.#button.domElement.classList.add('record-button');
    this.#note = document.createElement('p');
    this.#note.className = 'record-note';
    this.#note.dataset.testid = 'record-note';
    this.#note.hidden = true;
    this.#button.domElement.after(this.#note);
    // A page without WebCodecs says so at once; the worker's answer (checkSupport) comes after it starts.
    if (lacksWebCodecs(window)) this.#cannotRecord({ problem: 'no-webcodecs' });
  }

  /**
   * Asks the worker whether it can record (once it has started): where it cannot, the button is
   * disabled with the reason as its tooltip and in the note under it.
   */
  async checkSupport(): Promise<void> {
    if (this.#problem === null) this.#cannotRecord(await this.#recorder.recordSupport());
  }

  /** Where recording is impossible: the controls disabled, the reason as tooltip and note. */
  #cannotRecord(support: RecordSupport): void {
    const problem = recordProblem(support);
    this.#problem = problem;
    if (problem === null) return;
    this.#button.disable();
    this.#seconds.disable();
    this.#button.domElement.title = problem;
    this.#note.textContent = problem;
    this.#note.hidden = false;
  }

  /**
   * Records `seconds` of the view and resolves with the WebM file (`slope.record`); the button
   * shows the progress meanwhile. Rejects with a RangeError for a length that is not above 0 and
   * at most 60 seconds, and with an Error while a recording runs or where the browser cannot record.
   */
  async record(seconds: number): Promise<Blob> {
    if (!isRecordSeconds(seconds)) throw new RangeError(this.#badSeconds(seconds));
    if (this.#problem !== null) throw new Error(this.#problem);
    if (this.#busy) throw new Error(t('record.busy'));
    this.#busy = true;
    this.#showProgress(0);
    try {
      return await this.#recorder.record(
        seconds,
        Comlink.proxy((share: number) => this.#showProgress(share)),
      );
    } finally {
      this.#busy = false;
      this.#button.name(t('record.button'));
      this.#button.domElement.classList.remove('recording');
      this.#button.enable();
    }
  }

  #recordFromPanel(): void {
    const seconds = this.#model.seconds;
    this.record(seconds).then(
      (video) => download(video, `${this.#options.fileName()}.webm`),
      (error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        this.#options.say(error instanceof RangeError ? detail : t('record.failed', { detail }));
      },
    );
  }

  #takeSeconds(seconds: number): void {
    if (isRecordSeconds(seconds)) {
      this.#lastSeconds = seconds;
      return;
    }
    this.#options.say(this.#badSeconds(seconds));
    this.#model.seconds = this.#lastSeconds;
    this.#seconds.updateDisplay();
  }

  #badSeconds(seconds: unknown): string {
    return t('record.bad-seconds', { max: MAX_RECORD_SECONDS, value: ltr(String(seconds)) });
  }

  /** The button names and fills with the share recorded, and takes no click until the video is done. */
  #showProgress(share: number): void {
    const percent = Math.round(share * 100);
    this.#button.name(t('record.progress', { share: ltr(`${percent} %`) }));
    this.#button.domElement.classList.add('recording');
    this.#button.domElement.style.setProperty('--share', `${percent}%`);
    this.#button.disable();
  }
}
