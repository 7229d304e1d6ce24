/**
 * The slope lesson's panel (`lesson=slope`): seven short pages with back / next and a "2 / 7"
 * marker, a slope readout for the ball and a step table. The table's numbers are worked out by
 * src/core/lesson.ts with the same engine the view runs, at the step count the worker reports and
 * at the rate the ball runs with (a rate changed in the panel carries on from the step it was
 * changed at), so they describe the ball on screen. The rates page labels each ball with its rate
 * on the canvas, lists them here with their colours, and steps them on a beat so each jump can be
 * seen. When the view no longer runs the lesson's set-up, a line says so and offers the way back.
 */
import '../lesson.css';
import { GROUP_COLORS } from '../core/group-colors.ts';
import { curve } from '../core/landscapes/curve.ts';
import {
  LESSON_LEARNING_RATE,
  type LessonTableLine,
  type LessonView,
  LessonWalk,
  lessonBallRate,
  lessonTableLines,
  type RateBall,
  rateBalls,
} from '../core/lesson.ts';
import { ballsPerGroup } from '../core/simulation.ts';
import type { AppState } from '../core/url-state.ts';
import { language, type StringKey, t } from '../i18n/index.ts';
import { isolate, richText } from './bidi.ts';
import { usesDrawer } from './layout.ts';
import { prefersReducedMotion } from './motion.ts';

/** A text drawn on the canvas next to the ball with that global index (SimWorkerApi.setBallLabels). */
export interface BallLabel {
  readonly index: number;
  readonly text: string;
}

export interface LessonActions {
  /** Advances the view's ball by one step (and pauses it). */
  step(): void;
  /** One step of a paused run without touching play/pause: the rates page's beat. */
  beat(): Promise<unknown>;
  /** Sets the view up for a page: see LessonView. */
  show(view: LessonView): void;
  /** Labels balls on the canvas (`[]` clears). */
  labels(labels: readonly BallLabel[]): void;
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
  // The curve made from data: the data pane beside the view shows the points and the line the
  // ball is; a point dragged there changes the curve.
  {
    title: 'lesson.data.title',
    text: ['lesson.data.p1', 'lesson.data.p2'],
    view: 'data',
    slope: true,
    stepping: true,
  },
  {
    title: 'lesson.6.title',
    text: ['lesson.6.p1', 'lesson.6.p2'],
    view: 'many',
    slope: false,
    stepping: false,
    // The lesson stays in the address: the landscape opens with the lesson beside it, on this
    // page, with a way back (src/core/lesson.ts lessonBoot).
    links: [
      { label: 'lesson.6.ravine', href: '?lesson=slope&fn=ravine&groups=gd:0.02,momentum:0.02' },
      { label: 'lesson.6.himmelblau', href: '?lesson=slope&fn=himmelblau' },
    ],
  },
];

/** The last page, where the links to other landscapes are: a visit to one opens the lesson there. */
export const LAST_LESSON_PAGE = PAGES.length - 1;

/** Rows in the table at most (the gap line counts as one): the start and the latest steps. */
const MAX_ROWS = 10;
/** On a phone the table shares a bottom sheet with the text, over the view: fewer rows. */
const MAX_ROWS_SHEET = 6;
/**
 * The rates page's beat: one step of every ball per beat, slow enough to follow each jump of the
 * large rates with the eye (a run's own speed would blur them into a streak).
 */
export const LESSON_BEAT_MS = 700;

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
  #page: number;
  /** The worker's step count and ball count, from its latest report. */
  #step = 0;
  #particleCount = 0;
  /** The lesson's ball at the rate it runs with, or null when the view runs something else. */
  #ballRate: number | null = LESSON_LEARNING_RATE;
  /** Whether the view shows the lesson's curve (false on a visit to another landscape). */
  #onCurve = true;
  /** Whether the run plays by itself (the beat stands aside then). */
  #playing = false;
  readonly #walk = new LessonWalk();
  /** The rates page's balls and their walks, one per group. */
  #rateBalls: readonly { readonly ball: RateBall; readonly walk: LessonWalk }[] = [];
  #beat: ReturnType<typeof setTimeout> | null = null;
  /** Balls in the run the state asks for: until the worker reports as many, it is being built. */
  #runBalls = 1;
  /** Labels last sent to the canvas, as text, so the same ones are not sent again. */
  #labelsSent = '[]';
  readonly #progress: HTMLElement;
  readonly #title: HTMLElement;
  readonly #text: HTMLElement;
  readonly #slopeRow: HTMLElement;
  readonly #slopeValue: HTMLElement;
  readonly #slopeSign: HTMLElement;
  readonly #stepping: HTMLElement;
  readonly #stepButton: HTMLButtonElement;
  readonly #caption: HTMLElement;
  readonly #table: HTMLTableSectionElement;
  readonly #tableElement: HTMLTableElement;
  readonly #rates: HTMLUListElement;
  readonly #elsewhere: HTMLElement;
  readonly #elsewhereText: Text;
  readonly #restore: HTMLButtonElement;
  readonly #links: HTMLElement;
  readonly #back: HTMLButtonElement;
  readonly #next: HTMLButtonElement;

  /**
   * Builds the panel in `container`, before `before` (null: at the end), on page `page` (from 0).
   * The page's view is the one the app boots with (src/core/lesson.ts lessonBoot), so nothing is
   * set up here.
   */
  constructor(container: HTMLElement, before: Element | null, actions: LessonActions, page = 0) {
    this.#actions = actions;
    this.#page = Math.min(Math.max(Math.trunc(page) || 0, 0), PAGES.length - 1);
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
    // First, so that it is read before the page's text it qualifies.
    this.#elsewhere = make('p', root, 'lesson-elsewhere');
    this.#elsewhereText = doc.createTextNode('');
    this.#elsewhere.append(this.#elsewhereText);
    this.#restore = make('button', this.#elsewhere, 'lesson-link');
    this.#restore.type = 'button';
    this.#restore.dataset.testid = 'lesson-restore';
    this.#restore.addEventListener('click', () => this.#actions.show(PAGES[this.#page]!.view));

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
    this.#caption = make('p', this.#stepping, 'lesson-caption');
    this.#caption.dataset.testid = 'lesson-rate';
    this.#tableElement = make('table', this.#stepping, 'lesson-table');
    this.#tableElement.dataset.testid = 'step-table';
    const head = make('tr', make('thead', this.#tableElement));
    const columns = [
      'lesson.col-step',
      'lesson.col-x',
      'lesson.col-slope',
      'lesson.col-error',
      'lesson.col-size',
    ] as const;
    for (const name of columns) make('th', head, undefined, t(name)).scope = 'col';
    this.#table = make('tbody', this.#tableElement);
    make('p', this.#stepping, 'lesson-note').append(...richText(doc, t('lesson.note')));

    this.#rates = make('ul', root, 'lesson-rates');
    this.#rates.dataset.testid = 'lesson-rates';
    this.#rates.setAttribute('aria-label', t('lesson.rates-label'));

    this.#links = make('ul', root, 'lesson-links');

    const nav = make('div', root, 'lesson-nav');
    this.#back = make('button', nav, undefined, t('lesson.back'));
    this.#back.type = 'button';
    this.#back.dataset.testid = 'lesson-back';
    this.#back.addEventListener('click', () => this.go(this.#page - 1));
    // Between back and next, in the bar that stays in reach at the foot of a phone's sheet.
    this.#stepButton = make('button', nav, 'lesson-step', t('lesson.take-step'));
    this.#stepButton.type = 'button';
    this.#stepButton.dataset.testid = 'lesson-step';
    this.#stepButton.addEventListener('click', () => this.#actions.step());
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
    // A visit elsewhere ends when the person turns the page: the lesson sets its view up again.
    if (view !== before || !this.#onCurve) this.#actions.show(view);
    this.#render();
    this.#title.focus();
  }

  /** Follows the app's state: which ball runs at which rate, and whether it plays by itself. */
  setState(state: AppState): void {
    this.#ballRate = lessonBallRate(state);
    this.#onCurve = state.fn === curve.id && state.expr === null;
    this.#playing = !state.paused;
    // A rate changed mid-walk: the walk carries on at it from this step, as the run does.
    if (this.#ballRate !== null) {
      this.#walk.advanceTo(this.#step);
      this.#walk.setLearningRate(this.#ballRate);
    }
    const balls = rateBalls(state);
    this.#runBalls = ballsPerGroup(state.n, balls.length) * balls.length;
    // The same balls keep their walks (a rate changed carries on from this step); others start.
    const same =
      balls.length === this.#rateBalls.length &&
      balls.every((ball, k) => ball.index === this.#rateBalls[k]!.ball.index);
    this.#rateBalls = balls.map((ball, k) => {
      const walk = same ? this.#rateBalls[k]!.walk : new LessonWalk(ball.learningRate);
      walk.advanceTo(this.#step);
      walk.setLearningRate(ball.learningRate);
      return { ball, walk };
    });
    this.#render();
  }

  /** Follows the worker's report: its step count and its number of balls. */
  update(report: { readonly step: number; readonly particleCount: number }): void {
    if (report.step === this.#step && report.particleCount === this.#particleCount) return;
    // A new run (or a reset) may have dropped the canvas labels: they go again.
    if (report.particleCount !== this.#particleCount || report.step < this.#step) this.#labelsSent = '';
    this.#step = report.step;
    this.#particleCount = report.particleCount;
    this.#render();
  }

  /** Stops the beat and clears the canvas labels. */
  dispose(): void {
    this.#stopBeat();
    this.#sendLabels([]);
    this.element.remove();
  }

  #render(): void {
    const page = PAGES[this.#page]!;
    const doc = this.element.ownerDocument;
    this.#progress.textContent = t('lesson.progress', { page: this.#page + 1, pages: PAGES.length });
    this.#title.replaceChildren(...richText(doc, t(page.title)));
    this.#text.replaceChildren(
      ...page.text.map((key) => {
        const p = doc.createElement('p');
        p.append(...richText(doc, t(key)));
        return p;
      }),
    );
    this.#back.disabled = this.#page === 0;
    this.#next.disabled = this.#page === PAGES.length - 1;

    const single = page.view === 'one' || page.view === 'local' || page.view === 'data';
    const numbers = single && this.#ballRate !== null;
    const set = single ? numbers : this.#onCurve;
    this.#elsewhere.hidden = set;
    this.#elsewhereText.data = t(single && this.#onCurve ? 'lesson.elsewhere' : 'lesson.away');
    this.#restore.textContent = t(single && this.#onCurve ? 'lesson.restore' : 'lesson.rejoin');

    if (numbers) this.#walk.advanceTo(this.#step);
    this.#slopeRow.hidden = !(numbers && page.slope);
    if (numbers) {
      const current = this.#walk.current;
      this.#slopeValue.textContent = formatLessonNumber(current.slope);
      this.#slopeSign.textContent = ` (${describeSlope(current.slope)})`;
    }
    this.#stepping.hidden = !(numbers && page.stepping);
    this.#stepButton.hidden = this.#stepping.hidden;
    if (!this.#stepping.hidden) this.#fillTable();

    const rates = page.view === 'rates' && this.#onCurve;
    this.#rates.hidden = !rates;
    if (rates) this.#fillRates();
    this.#sendLabels(rates ? this.#labels() : []);
    if (rates && !this.#playing && !prefersReducedMotion()) this.#startBeat();
    else this.#stopBeat();

    this.#links.replaceChildren(
      ...(page.links ?? []).map((link) => {
        const item = doc.createElement('li');
        const anchor = doc.createElement('a');
        // The landscape the link opens is shown in the lesson's language.
        anchor.href = language() === 'en' ? link.href : `${link.href}&lang=${language()}`;
        anchor.textContent = t(link.label);
        item.append(anchor);
        return item;
      }),
    );
    this.#links.hidden = !page.links;
  }

  #fillTable(): void {
    const doc = this.element.ownerDocument;
    const walk = this.#walk;
    const rates = walk.rates.map((change, k) =>
      k === 0
        ? isolate(formatLessonNumber(change.learningRate))
        : t('lesson.rate-from', {
            rate: isolate(formatLessonNumber(change.learningRate)),
            step: change.step,
          }),
    );
    this.#caption.replaceChildren(...richText(doc, t('lesson.rate-caption', { rates: rates.join(', ') })));
    this.#tableElement.setAttribute(
      'aria-label',
      t('lesson.table-label', { rate: formatLessonNumber(walk.learningRate) }),
    );
    const lines = lessonTableLines(walk.rows, walk.end, usesDrawer() ? MAX_ROWS_SHEET : MAX_ROWS);
    this.#table.replaceChildren(...lines.map((line) => this.#tableRow(line)));
  }

  #tableRow(line: LessonTableLine): HTMLTableRowElement {
    const doc = this.element.ownerDocument;
    const tr = doc.createElement('tr');
    if (line.kind === 'row') {
      const { row } = line;
      tr.dataset.step = String(row.step);
      for (const value of [row.step, row.x, row.slope, row.error, row.stepSize]) {
        const td = doc.createElement('td');
        td.textContent = formatLessonNumber(value);
        tr.append(td);
      }
      return tr;
    }
    const td = doc.createElement('td');
    td.colSpan = 5;
    tr.append(td);
    if (line.kind === 'gap') {
      tr.className = 'lesson-gap';
      tr.dataset.testid = 'lesson-gap';
      td.textContent = t('lesson.gap', { from: line.from, to: line.to });
      td.title = t('lesson.gap-label', { from: line.from, to: line.to });
      return tr;
    }
    tr.className = 'lesson-end';
    tr.dataset.testid = `lesson-${line.kind}`;
    const values = { x: isolate(`x = ${formatLessonNumber(line.x)}`), step: line.step };
    td.append(...richText(doc, t(line.kind === 'settled' ? 'lesson.settled' : 'lesson.diverged', values)));
    return tr;
  }

  /** One line per ball of the rates page: its colour, its rate, where it is, whether it moves. */
  #fillRates(): void {
    const doc = this.element.ownerDocument;
    this.#rates.replaceChildren(
      ...this.#rateBalls.map(({ ball, walk }) => {
        walk.advanceTo(this.#step);
        const item = doc.createElement('li');
        item.dataset.testid = `lesson-rate-${ball.group}`;
        const dot = doc.createElement('span');
        dot.className = 'lesson-dot';
        dot.style.background = GROUP_COLORS[ball.group] ?? '#ffffff';
        const rate = doc.createElement('strong');
        rate.append(
          ...richText(doc, t('lesson.ball-label', { rate: isolate(formatLessonNumber(ball.learningRate)) })),
        );
        const where = doc.createElement('span');
        where.className = 'lesson-where inline-formula';
        where.dir = 'ltr';
        where.textContent = `x = ${formatLessonNumber(walk.current.x)}`;
        const status = doc.createElement('span');
        status.className = 'lesson-status';
        const end = walk.end?.kind;
        status.textContent = t(
          end === 'settled'
            ? 'lesson.rate-settled'
            : end === 'diverged'
              ? 'lesson.rate-diverged'
              : 'lesson.rate-moving',
        );
        item.append(dot, rate, where, status);
        return item;
      }),
    );
  }

  #labels(): BallLabel[] {
    return this.#rateBalls.map(({ ball }) => ({
      index: ball.index,
      text: t('lesson.ball-label', { rate: formatLessonNumber(ball.learningRate) }),
    }));
  }

  #sendLabels(labels: readonly BallLabel[]): void {
    const text = JSON.stringify(labels);
    if (text === this.#labelsSent) return;
    this.#labelsSent = text;
    this.#actions.labels(labels);
  }

  /** A chain of timeouts rather than an interval: each beat waits for the last step's report. */
  #startBeat(): void {
    if (this.#beat !== null) return;
    const tick = (): void => {
      this.#beat = setTimeout(() => {
        // Not while the page's run is still being built (a step then would go to no run).
        const built = this.#particleCount === this.#runBalls;
        void (built ? this.#actions.beat() : Promise.resolve()).finally(() => {
          if (this.#beat !== null) tick();
        });
      }, LESSON_BEAT_MS);
    };
    tick();
  }

  #stopBeat(): void {
    if (this.#beat === null) return;
    clearTimeout(this.#beat);
    this.#beat = null;
  }
}
