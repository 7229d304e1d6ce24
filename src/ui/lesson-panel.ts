/**
 * The slope lesson's panel (`lesson=slope`): six short pages with back / next and a "2 / 6"
 * marker, a slope readout for the ball and a step table. The table's numbers are worked out by
 * src/core/lesson.ts with the same engine the view runs, at the step count the worker reports, so
 * they describe the ball on screen; when the view no longer runs the lesson's ball (another page's
 * set-up, or a change in the control panel) they are hidden rather than shown wrong.
 */
import {
  LESSON_LEARNING_RATE,
  type LessonRow,
  type LessonView,
  lessonStart,
  lessonSteps,
  showsLessonBall,
} from '../core/lesson.ts';
import type { AppState } from '../core/url-state.ts';

export interface LessonActions {
  /** Advances the view's ball by one step (and pauses it). */
  step(): void;
  /** Sets the view up for a page: see LessonView. */
  show(view: LessonView): void;
}

interface LessonPage {
  readonly title: string;
  readonly text: readonly string[];
  readonly view: LessonView;
  /** The slope readout; the step button and the table. */
  readonly slope: boolean;
  readonly stepping: boolean;
  readonly links?: readonly { readonly label: string; readonly href: string }[];
}

/** The pages, written for Slope: each idea of the chapter in a sentence or two. */
const PAGES: readonly LessonPage[] = [
  {
    title: 'The slope is the ground under the ball',
    text: [
      'The curve is an error to make small: error(x) = (x − 3)² + 2, lowest at x = 3. The slope says how steep the ground is right where the ball stands, and which way it tilts.',
      'A negative slope means the ground falls to the right; a positive one, to the left. The bigger the number, the steeper the ground.',
    ],
    view: 'one',
    slope: true,
    stepping: false,
  },
  {
    title: 'A step: x − learning rate × slope',
    text: [
      'Gradient descent moves the ball against the slope: new x = x − 0.1 × slope. At x = −1 the slope is −8, so the ball moves 0.8 to the right, to −0.2.',
      'Take a step and watch the table fill in.',
    ],
    view: 'one',
    slope: true,
    stepping: true,
  },
  {
    title: 'Steps shrink as the ground flattens',
    text: [
      'Nobody tells the ball to slow down. Near the bottom the slope is small, so learning rate × slope is small too: the steps shrink on their own, and stop where the slope is 0.',
    ],
    view: 'one',
    slope: true,
    stepping: true,
  },
  {
    title: 'The ball only feels the ground under it',
    text: [
      'We see the whole curve; the ball never does. All it gets at each step is one number, the slope where it stands. It cannot see the bottom, only which way is down here.',
      'That is why a landscape with several valleys can trap a ball in the one it happens to roll into.',
    ],
    view: 'one',
    slope: true,
    stepping: false,
  },
  {
    title: 'Too large, too small',
    text: [
      'Four balls start at x = −1 with different learning rates. At 0.01 the ball creeps; at 0.1 it settles; at 1.0 it jumps from −1 to 7 and back for ever; just above 1.0 every jump lands further out and the ball flies off.',
    ],
    view: 'rates',
    slope: false,
    stepping: false,
  },
  {
    title: 'Many balls, then two dimensions',
    text: [
      'Drop many balls along the curve: each one follows its own slope to the same bottom. On a real landscape the ground has two directions to tilt in, and the slope becomes an arrow.',
      'Open a narrow valley and compare plain gradient descent with momentum:',
    ],
    view: 'many',
    slope: false,
    stepping: false,
    links: [
      { label: 'ravine: gradient descent vs momentum', href: '?fn=ravine&groups=gd:0.02,momentum:0.02' },
      { label: 'Himmelblau: four valleys', href: '?fn=himmelblau' },
    ],
  },
];

/** Rows kept in the table: the start and the latest steps, so it never outgrows the column. */
const MAX_ROWS = 10;

/** Up to 6 significant digits, trailing zeros dropped: the chapter's -0.2, 0.44, 1.68928. */
export function formatLessonNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return String(Number(value.toPrecision(6)));
}

/** "falls to the right" for a negative slope: which way is downhill, in words. */
export function describeSlope(slope: number): string {
  if (slope < 0) return 'negative: the ground falls to the right, so the ball steps right';
  if (slope > 0) return 'positive: the ground falls to the left, so the ball steps left';
  return 'zero: flat ground, the bottom';
}

export class LessonPanel {
  /** `data-testid="lesson"`. */
  readonly element: HTMLElement;
  readonly #actions: LessonActions;
  #page = 0;
  /** The worker's step count, from its latest report. */
  #step = 0;
  /** Whether the view runs the lesson's single ball, so the numbers here describe it. */
  #showsBall = true;
  readonly #progress: HTMLElement;
  readonly #title: HTMLElement;
  readonly #text: HTMLElement;
  readonly #slopeRow: HTMLElement;
  readonly #slopeValue: HTMLElement;
  readonly #slopeSign: HTMLElement;
  readonly #stepping: HTMLElement;
  readonly #table: HTMLTableSectionElement;
  readonly #elsewhere: HTMLElement;
  readonly #links: HTMLElement;
  readonly #back: HTMLButtonElement;
  readonly #next: HTMLButtonElement;

  /**
   * Builds the panel in `container`, before `before` (null: at the end). The first page's view
   * is the one the app boots with (lessonState), so nothing is set up here.
   */
  constructor(container: HTMLElement, before: Element | null, actions: LessonActions) {
    this.#actions = actions;
    const doc = container.ownerDocument;
    const make = <K extends keyof HTMLElementTagNameMap>(
      tag: K,
      parent: HTMLElement,
      className?: string,
      text?: string,
    ): HTMLElementTagNameMap[K] => {
      const element = doc.createElement(tag);
      if (className) element.className = className;
      if (text !== undefined) element.textContent = text;
      parent.append(element);
      return element;
    };

    const root = doc.createElement('section');
    root.className = 'lesson overlay';
    root.dataset.testid = 'lesson';
    root.setAttribute('aria-label', 'Lesson: the slope');
    container.insertBefore(root, before);
    this.element = root;

    const header = make('div', root, 'lesson-header');
    make('span', header, 'lesson-name', 'Lesson · the slope');
    this.#progress = make('span', header, 'lesson-progress');
    this.#progress.dataset.testid = 'lesson-progress';
    this.#title = make('h2', root, 'lesson-title');
    this.#title.tabIndex = -1;
    this.#text = make('div', root, 'lesson-text');

    this.#slopeRow = make('p', root, 'lesson-slope');
    make('span', this.#slopeRow, 'lesson-label', 'slope at the ball ');
    this.#slopeValue = make('strong', this.#slopeRow);
    this.#slopeValue.dataset.testid = 'lesson-slope';
    this.#slopeSign = make('span', this.#slopeRow, 'lesson-sign');
    this.#slopeSign.dataset.testid = 'lesson-slope-sign';

    this.#stepping = make('div', root, 'lesson-stepping');
    const stepButton = make('button', this.#stepping, 'lesson-step', 'Take a step');
    stepButton.type = 'button';
    stepButton.dataset.testid = 'lesson-step';
    stepButton.addEventListener('click', () => this.#actions.step());
    const table = make('table', this.#stepping, 'lesson-table');
    table.dataset.testid = 'step-table';
    table.setAttribute('aria-label', `Steps of the ball at learning rate ${LESSON_LEARNING_RATE}`);
    const head = make('tr', make('thead', table));
    for (const name of ['step', 'x', 'slope', 'error', 'step size']) make('th', head, undefined, name);
    this.#table = make('tbody', table);
    // The HUD's loss is error(x) itself; the column is the height left above the bottom.
    make('p', this.#stepping, 'lesson-note', 'error: how far above the lowest value, 2, the ball is.');

    this.#elsewhere = make(
      'p',
      root,
      'lesson-elsewhere',
      'The view no longer runs the lesson’s ball, so its numbers are hidden. ',
    );
    const restore = make('button', this.#elsewhere, 'lesson-link', 'Back to the lesson’s ball');
    restore.type = 'button';
    restore.addEventListener('click', () => this.#actions.show('one'));

    this.#links = make('ul', root, 'lesson-links');

    const nav = make('div', root, 'lesson-nav');
    this.#back = make('button', nav, undefined, '← Back');
    this.#back.type = 'button';
    this.#back.dataset.testid = 'lesson-back';
    this.#back.addEventListener('click', () => this.go(this.#page - 1));
    this.#next = make('button', nav, undefined, 'Next →');
    this.#next.type = 'button';
    this.#next.dataset.testid = 'lesson-next';
    this.#next.addEventListener('click', () => this.go(this.#page + 1));

    this.#render();
  }

  /** Page index from 0, clamped; sets up the page's view when it differs from the last one's. */
  go(page: number): void {
    const next = Math.min(Math.max(page, 0), PAGES.length - 1);
    if (next === this.#page) return;
    const before = PAGES[this.#page]!.view;
    this.#page = next;
    const view = PAGES[next]!.view;
    if (view !== before) this.#actions.show(view);
    this.#render();
    this.#title.focus();
  }

  /** Follows the app's state: the numbers are shown only while it runs the lesson's ball. */
  setState(state: AppState): void {
    this.#showsBall = showsLessonBall(state);
    this.#render();
  }

  /** Follows the worker's step count. */
  update(step: number): void {
    if (step === this.#step) return;
    this.#step = step;
    this.#render();
  }

  #render(): void {
    const page = PAGES[this.#page]!;
    this.#progress.textContent = `${this.#page + 1} / ${PAGES.length}`;
    this.#title.textContent = page.title;
    this.#text.replaceChildren(
      ...page.text.map((paragraph) => {
        const p = this.element.ownerDocument.createElement('p');
        p.textContent = paragraph;
        return p;
      }),
    );
    this.#back.disabled = this.#page === 0;
    this.#next.disabled = this.#page === PAGES.length - 1;

    const numbers = page.view === 'one' && this.#showsBall;
    this.#elsewhere.hidden = page.view !== 'one' || this.#showsBall;
    const rows = numbers && (page.slope || page.stepping) ? this.#rows() : [];
    const current = rows.at(-1);
    this.#slopeRow.hidden = !(numbers && page.slope);
    if (current) {
      this.#slopeValue.textContent = formatLessonNumber(current.slope);
      this.#slopeSign.textContent = ` (${describeSlope(current.slope)})`;
    }
    this.#stepping.hidden = !(numbers && page.stepping);
    if (!this.#stepping.hidden) this.#fillTable(rows);

    this.#links.replaceChildren(
      ...(page.links ?? []).map((link) => {
        const item = this.element.ownerDocument.createElement('li');
        const anchor = this.element.ownerDocument.createElement('a');
        anchor.href = link.href;
        anchor.textContent = link.label;
        item.append(anchor);
        return item;
      }),
    );
    this.#links.hidden = !page.links;
  }

  /** The start and every step up to the worker's count (worked out in float64, as the chapter). */
  #rows(): LessonRow[] {
    return [lessonStart(), ...lessonSteps(this.#step)];
  }

  #fillTable(rows: readonly LessonRow[]): void {
    // The start stays; older steps give way to the latest ones.
    const shown = rows.length > MAX_ROWS ? [rows[0]!, ...rows.slice(-(MAX_ROWS - 1))] : rows;
    this.#table.replaceChildren(
      ...shown.map((row) => {
        const tr = this.element.ownerDocument.createElement('tr');
        tr.dataset.step = String(row.step);
        for (const value of [row.step, row.x, row.slope, row.error, row.stepSize]) {
          const td = this.element.ownerDocument.createElement('td');
          td.textContent = formatLessonNumber(value);
          tr.append(td);
        }
        return tr;
      }),
    );
  }
}
