/**
 * The progress bar of a start (a new run being built): shown from the page's first moment and
 * whenever the worker reports a build under way (Report.starting), until the first frame of its
 * balls is drawn. A `role="progressbar"` with the phase in words: "laying out 1,000,000 balls…
 * 40 %". Quick starts (the default page) end before it shows: it appears only after SHOW_DELAY_MS.
 */
import './progress.css';
import type { Report } from '../engine/protocol.ts';
import { t } from '../i18n/index.ts';
import { ltr } from './bidi.ts';

/** A start shorter than this shows no bar (ms): a flash would only distract. */
export const SHOW_DELAY_MS = 300;

/** The label for a start in `phase` at `progress` (0..1) for `count` balls; null phase: waiting. */
export function progressLabel(starting: Report['starting'], count: number): string {
  if (!starting) return t('time.start-waiting');
  const values = {
    count: ltr(count.toLocaleString('en')),
    // A no-break space: the sign never wraps onto a line of its own.
    percent: ltr(`${Math.floor(starting.progress * 100)}\u00a0%`),
  };
  return t(`time.start-${starting.phase}`, values);
}

export class StartProgressBar {
  readonly element: HTMLElement;
  readonly #label: HTMLElement;
  readonly #fill: HTMLElement;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #active = false;

  /** Adds the bar (hidden) to `parent`. */
  constructor(parent: HTMLElement) {
    const root = document.createElement('div');
    // Not an `.overlay` for the framing (src/ui/free-area.ts): it lasts a moment, over where the
    // balls appear, and the landscape must not be framed around it and jump when it goes.
    root.className = 'start-progress';
    root.setAttribute('role', 'progressbar');
    root.setAttribute('aria-valuemin', '0');
    root.setAttribute('aria-valuemax', '100');
    root.hidden = true;
    // For people and tests that automate the page: `starting`, then `done` at the first frame.
    root.dataset.state = 'idle';
    const label = document.createElement('p');
    label.className = 'start-progress-label';
    label.id = 'start-progress-label';
    root.setAttribute('aria-labelledby', label.id);
    const track = document.createElement('div');
    track.className = 'start-progress-track';
    const fill = document.createElement('div');
    fill.className = 'start-progress-fill';
    track.append(fill);
    root.append(label, track);
    parent.append(root);
    this.element = root;
    this.#label = label;
    this.#fill = fill;
  }

  /**
   * A start is under way (`starting` null: nothing measured yet, the bar sweeps) for `count`
   * balls; the bar shows once it has lasted SHOW_DELAY_MS.
   */
  show(starting: Report['starting'], count: number): void {
    this.#label.textContent = progressLabel(starting, count);
    this.element.dataset.state = 'starting';
    if (starting) {
      const percent = Math.floor(starting.progress * 100);
      this.element.setAttribute('aria-valuenow', String(percent));
      this.element.setAttribute('aria-valuetext', this.#label.textContent);
      this.#fill.style.width = `${percent}%`;
    } else {
      this.element.removeAttribute('aria-valuenow');
      this.element.removeAttribute('aria-valuetext');
      this.#fill.style.width = '';
    }
    if (this.#active) return;
    this.#active = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#active) this.element.hidden = false;
    }, SHOW_DELAY_MS);
  }

  /** The first frame is drawn (or the start failed): the bar goes. */
  hide(): void {
    this.#active = false;
    this.element.dataset.state = 'done';
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.element.hidden = true;
  }
}
