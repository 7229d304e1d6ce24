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
import { language, type StringKey, t } from '../i18n/index.ts';

export interface LessonActions {
  /** Advances the view's ball by one step (and pauses it). */
  step(): void;
  /** Sets the view up for a page: see LessonView. */
  show(view: LessonView): void;
}

interface LessonPage {
  readonly title: StringKey;
  readonly text: readonly StringKey[];
  readonly view: LessonView;
  /** The slope readout; the step button and the table. */
  readonly slope: boolean;
  readonly stepping: boolean;
  readonly links?: readonly { readonly label: StringKey; readonly href: string }[];
}

/** The pages, written for Slope: each idea of the chapter in a sentence or two (text in src/i18n). */
const PAGES: readonly LessonPage[] = [
  {
    title: 'lesson.1.title',
    text: ['lesson.1.p1', 'lesson.1.p2'],
    view: 'one',
    slope: true,
    stepping: false,
  },
  { title: 'lesson.2.title', text: ['lesson.2.p1', 'lesson.2.p2'], view: 'one', slope: true, stepping: true },
  { title: 'lesson.3.title', text: ['lesson.3.p1'], view: 'one', slope: true, stepping: true },
  // Only a patch of ground around the ball is drawn: all the ball knows of the curve.
  {
    title: 'lesson.4.title',
    text: ['lesson.4.p1', 'lesson.4.p2'],
    view: 'local',
    slope: true,
    stepping: true,
  },
  { title: 'lesson.5.title', text: ['lesson.5.p1'], view: 'rates', slope: false, stepping: false },
  {
    title: 'lesson.6.title',
    text: ['lesson.6.p1', 'lesson.6.p2'],
    view: 'many',
    slope: false,
    stepping: false,
    links: [
      { label: 'lesson.6.ravine', href: '?fn=ravine&groups=gd:0.02,momentum:0.02' },
      { label: 'lesson.6.himmelblau', href: '?fn=himmelblau' },
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
  if (slope < 0) return t('lesson.slope-negative');
  if (slope > 0) return t('lesson.slope-positive');
  return t('lesson.slope-zero');
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
    root.setAttribute('aria-label', t('lesson.label'));
    container.insertBefore(root, before);
    this.element = root;

    const header = make('div', root, 'lesson-header');
    make('span', header, 'lesson-name', t('lesson.name'));
    this.#progress = make('span', header, 'lesson-progress');
    this.#progress.dataset.testid = 'lesson-progress';
    this.#title = make('h2', root, 'lesson-title');
    this.#title.tabIndex = -1;
    this.#text = make('div', root, 'lesson-text');

    this.#slopeRow = make('p', root, 'lesson-slope');
    make('span', this.#slopeRow, 'lesson-label', t('lesson.slope-label'));
    this.#slopeValue = make('strong', this.#slopeRow);
    this.#slopeValue.dataset.testid = 'lesson-slope';
    this.#slopeSign = make('span', this.#slopeRow, 'lesson-sign');
    this.#slopeSign.dataset.testid = 'lesson-slope-sign';

    this.#stepping = make('div', root, 'lesson-stepping');
    const stepButton = make('button', this.#stepping, 'lesson-step', t('lesson.take-step'));
    stepButton.type = 'button';
    stepButton.dataset.testid = 'lesson-step';
    stepButton.addEventListener('click', () => this.#actions.step());
    const table = make('table', this.#stepping, 'lesson-table');
    table.dataset.testid = 'step-table';
    table.setAttribute('aria-label', t('lesson.table-label', { rate: LESSON_LEARNING_RATE }));
    const head = make('tr', make('thead', table));
    const columns = [
      'lesson.col-step',
      'lesson.col-x',
      'lesson.col-slope',
      'lesson.col-error',
      'lesson.col-size',
    ] as const;
    for (const name of columns) make('th', head, undefined, t(name)).scope = 'col';
    this.#table = make('tbody', table);
    // The HUD's loss is error(x) itself; the column is the height left above the bottom.
    make('p', this.#stepping, 'lesson-note', t('lesson.note'));

    this.#elsewhere = make('p', root, 'lesson-elsewhere', t('lesson.elsewhere'));
    const restore = make('button', this.#elsewhere, 'lesson-link', t('lesson.restore'));
    restore.type = 'button';
    restore.addEventListener('click', () => this.#actions.show(PAGES[this.#page]!.view));

    this.#links = make('ul', root, 'lesson-links');

    const nav = make('div', root, 'lesson-nav');
    this.#back = make('button', nav, undefined, t('lesson.back'));
    this.#back.type = 'button';
    this.#back.dataset.testid = 'lesson-back';
    this.#back.addEventListener('click', () => this.go(this.#page - 1));
    this.#next = make('button', nav, undefined, t('lesson.next'));
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
    this.#progress.textContent = t('lesson.progress', { page: this.#page + 1, pages: PAGES.length });
    this.#title.textContent = t(page.title);
    this.#text.replaceChildren(
      ...page.text.map((key) => {
        const p = this.element.ownerDocument.createElement('p');
        p.textContent = t(key);
        return p;
      }),
    );
    this.#back.disabled = this.#page === 0;
    this.#next.disabled = this.#page === PAGES.length - 1;

    const single = page.view === 'one' || page.view === 'local';
    const numbers = single && this.#showsBall;
    this.#elsewhere.hidden = !single || this.#showsBall;
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
        // The landscape the link opens is shown in the lesson's language.
        anchor.href = language() === 'en' ? link.href : `${link.href}&lang=${language()}`;
        anchor.textContent = t(link.label);
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
