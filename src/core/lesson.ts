/**
 * The slope lesson (`lesson=slope`) as plain data: the chapter's curve error(x) = (x - 3)^2 + 2,
 * one ball from x = -1 at learning rate 0.1, and the numbers of each of its steps. The rows come
 * from the same engine the app runs (createSimulation on the `curve` preset), in float64 so they
 * are the chapter's exact -0.2, 0.44, 0.952, 1.3616, 1.68928 rather than their float32 neighbours.
 */
import { curve } from './landscapes/curve.ts';
import { ballsPerGroup, createSimulation, type Simulation } from './simulation.ts';
import { CONVERGED, DIVERGED } from './status.ts';
import { type AppState, effectiveGroups } from './url-state.ts';

/** Lessons the app knows, by their `lesson=` value. */
export const LESSONS = ['slope'] as const;
export type LessonId = (typeof LESSONS)[number];

/** Where the chapter's ball starts. */
export const LESSON_START_X = -1;
/** The chapter's learning rate. */
export const LESSON_LEARNING_RATE = 0.1;

/** One row of the step table: the ball after `step` steps (step 0 is where it starts). */
export interface LessonRow {
  readonly step: number;
  readonly x: number;
  /** error'(x) = 2(x - 3): negative where the ground falls to the right. */
  readonly slope: number;
  /** error(x) = (x - 3)^2 + 2 itself, as page 1 defines it: 18 at x = -1, 2 at the bottom. */
  readonly error: number;
  /** The move the next step makes, -learningRate * slope (positive: to the right). */
  readonly stepSize: number;
}

/** The slope of the lesson's curve at x (its exact derivative, the one the engine uses). */
export function lessonSlope(x: number): number {
  const out = new Float64Array(2);
  curve.gradient(x, 0, out);
  return out[0]!;
}

/** One row for a ball at x after `step` steps, the next of which it takes at `learningRate`. */
export function lessonRow(step: number, x: number, learningRate = LESSON_LEARNING_RATE): LessonRow {
  const slope = lessonSlope(x);
  return { step, x, slope, error: curve.f(x, 0), stepSize: -learningRate * slope };
}

/**
 * How a walk ended, once it has: `settled` when the engine found the ball at rest at the bottom
 * (it moves no more), `diverged` when its next jump would leave the landscape for good. `step` is
 * the last step the ball moved on; its x is the last row's.
 */
export interface LessonEnd {
  readonly kind: 'settled' | 'diverged';
  readonly step: number;
}

/** A learning rate in force from `step` on (the rate the step after `step` steps is taken with). */
export interface RateChange {
  readonly step: number;
  readonly learningRate: number;
}

/**
 * One ball's walk from x = -1, stepped by the engine as the view's ball is stepped: follow the
 * worker's step count with advanceTo, and a rate changed mid-walk with setLearningRate (the run
 * keeps going, as the app's does). A step count below the walk's (a reset, a new run) starts it
 * again at the rate now in force.
 */
export class LessonWalk {
  #sim!: Simulation;
  #rows: LessonRow[] = [];
  #end: LessonEnd | null = null;
  #step = 0;
  #rates: RateChange[] = [];
  #learningRate: number;

  constructor(learningRate = LESSON_LEARNING_RATE) {
    this.#learningRate = learningRate;
    this.#restart();
  }

  /** The start and every step the ball moved on: at most one row per step, never a repeat. */
  get rows(): readonly LessonRow[] {
    return this.#rows;
  }
  /** Null while the ball still moves. */
  get end(): LessonEnd | null {
    return this.#end;
  }
  /** Steps done (counting those after the ball came to rest). */
  get step(): number {
    return this.#step;
  }
  get learningRate(): number {
    return this.#learningRate;
  }
  /** The rates the walk was taken with, the first from step 0. */
  get rates(): readonly RateChange[] {
    return this.#rates;
  }
  /** Where the ball is now (the last row). */
  get current(): LessonRow {
    return this.#rows.at(-1)!;
  }

  /** Steps on to `step` (a whole number >= 0); below the current count, starts again from x = -1. */
  advanceTo(step: number): void {
    if (!(Number.isInteger(step) && step >= 0)) {
      throw new RangeError(`LessonWalk.advanceTo(${step}): need a whole number >= 0`);
    }
    if (step < this.#step) this.#restart();
    while (this.#step < step && this.#end === null) {
      this.#sim.step(1);
      this.#step++;
      const status = this.#sim.status[0];
      if (status === CONVERGED || status === DIVERGED) {
        // The engine kept the ball where it was: the previous row is where it stays.
        this.#end = { kind: status === CONVERGED ? 'settled' : 'diverged', step: this.#step - 1 };
      } else this.#rows.push(lessonRow(this.#step, this.#sim.x[0]!, this.#learningRate));
    }
    // Once at rest the engine no longer moves it; the count still follows the worker's.
    if (this.#end !== null) this.#step = Math.max(this.#step, step);
  }

  /** The rate for the steps from now on; the last row's step size follows it. Invalid rates throw. */
  setLearningRate(learningRate: number): void {
    if (learningRate === this.#learningRate) return;
    this.#sim.setLearningRate(0, learningRate);
    this.#learningRate = learningRate;
    const at = this.#rows.length - 1;
    // A ball already at rest stays there whatever the rate (the engine no longer moves it).
    if (this.#end === null) {
      this.#rows[at] = lessonRow(this.#rows[at]!.step, this.#rows[at]!.x, learningRate);
      this.#rates.push({ step: this.#step, learningRate });
    }
  }

  #restart(): void {
    this.#sim = createSimulation({
      landscape: curve,
      particleCount: 1,
      start: 'point',
      at: [LESSON_START_X, 0],
      groups: [{ optimizer: 'gd', learningRate: this.#learningRate }],
      precision: 'float64',
    });
    this.#rows = [lessonRow(0, LESSON_START_X, this.#learningRate)];
    this.#end = null;
    this.#step = 0;
    this.#rates = [{ step: 0, learningRate: this.#learningRate }];
  }
}

/**
 * Rows for steps 1..count (the ball after each step), stepped one at a time by the engine; fewer
 * once the ball has come to rest. Count 0 gives no rows; see lessonStart for step 0.
 */
export function lessonSteps(count: number, learningRate = LESSON_LEARNING_RATE): LessonRow[] {
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`lessonSteps(${count}): need a whole number >= 0`);
  }
  const walk = new LessonWalk(learningRate);
  walk.advanceTo(count);
  return walk.rows.slice(1);
}

/** The ball before its first step: x = -1, slope -8, error 18. */
export function lessonStart(learningRate = LESSON_LEARNING_RATE): LessonRow {
  return lessonRow(0, LESSON_START_X, learningRate);
}

/** A line of the step table as shown: a row, a "…" for rows left out, or how the walk ended. */
export type LessonTableLine =
  | { readonly kind: 'row'; readonly row: LessonRow }
  /** Steps `from`..`to` are not shown. */
  | { readonly kind: 'gap'; readonly from: number; readonly to: number }
  | { readonly kind: 'settled' | 'diverged'; readonly step: number; readonly x: number };

/**
 * The table for `rows` (from step 0) in at most `maxRows` rows (3 or more): every row when they
 * fit, else the start, a gap line for the steps left out and the latest rows; then one line saying
 * how the walk ended, if it has, instead of rows that repeat the same x.
 */
export function lessonTableLines(
  rows: readonly LessonRow[],
  end: LessonEnd | null,
  maxRows: number,
): LessonTableLine[] {
  const kept = Math.max(3, Math.floor(maxRows));
  const asLine = (row: LessonRow): LessonTableLine => ({ kind: 'row', row });
  let lines: LessonTableLine[];
  if (rows.length <= kept) lines = rows.map(asLine);
  else {
    // The gap takes one of the rows: the start, the gap, then the latest kept - 2.
    const latest = rows.slice(-(kept - 2));
    lines = [
      asLine(rows[0]!),
      { kind: 'gap', from: rows[1]!.step, to: latest[0]!.step - 1 },
      ...latest.map(asLine),
    ];
  }
  const last = rows.at(-1);
  if (end && last) lines.push({ kind: end.kind, step: end.step, x: last.x });
  return lines;
}

/**
 * The view the lesson needs: the curve, one paused ball at x = -1, plain gradient descent at 0.1.
 * What is not about the ball (seed, backend, speed) is kept from `state`.
 */
export function lessonState(state: AppState, lesson: LessonId): AppState {
  // The lesson's curve is a formula (its data page puts the model back: lessonView `data`).
  const { model: _model, ...formula } = state;
  return {
    ...formula,
    lesson,
    fn: curve.id,
    expr: null,
    domain: null,
    n: 1,
    start: 'point',
    at: [LESSON_START_X, 0],
    lr: [LESSON_LEARNING_RATE],
    groups: null,
    paused: true,
  };
}

/**
 * Whether an address with `lesson=` names a landscape of its own (`fn=` other than the lesson's
 * curve, or `expr=`): a visit from the lesson's last page, which opens that landscape with the
 * lesson beside it rather than the lesson's curve. `search` is the address's query.
 */
export function isLessonVisit(state: AppState, search: string): boolean {
  const params = new URLSearchParams(search);
  const named = params.has('fn') || params.has('expr');
  return state.lesson !== undefined && named && !(state.fn === curve.id && state.expr === null);
}

/** The state an address boots with: the lesson's set-up for `lesson=`, unless it is a visit. */
export function lessonBoot(state: AppState, search: string): AppState {
  return state.lesson && !isLessonVisit(state, search) ? lessonState(state, state.lesson) : state;
}

/**
 * The learning rate of the lesson's ball when `state` runs it (the curve, one ball from x = -1,
 * plain gradient descent), so the step table (worked out here) says what the view shows; null
 * when it does not. A person can change the rate in the panel mid-lesson: the table follows it.
 */
export function lessonBallRate(state: AppState): number | null {
  const groups = effectiveGroups(state);
  const group = groups[0];
  const runsBall =
    (state.model === undefined || isLessonModel(state)) &&
    state.fn === curve.id &&
    state.expr === null &&
    state.domain === null &&
    state.n === 1 &&
    state.start === 'point' &&
    state.at?.[0] === LESSON_START_X &&
    groups.length === 1 &&
    group?.optimizer === 'gd' &&
    !group.noise &&
    (!group.schedule || group.schedule.kind === 'constant');
  return runsBall && group ? group.learningRate : null;
}

/** Whether `state` still runs the lesson's ball, at whatever rate (see lessonBallRate). */
export function showsLessonBall(state: AppState): boolean {
  return lessonBallRate(state) !== null;
}

/**
 * What a lesson page sets up in the view: `one` the chapter's single ball (paused, for stepping
 * by hand), `local` the same ball with only the ground around it drawn (the view's `localPatch`),
 * `rates` one ball per learning rate from the same start, `many` a crowd of balls spread over the
 * curve, `data` the same single ball on the same curve made from data: y = w·x fitted to the
 * chapter's four points, whose error is exactly (w − 3)² + 2 (the data pane shows the points and
 * the line the ball is).
 */
export type LessonView = 'one' | 'local' | 'rates' | 'many' | 'data';

/** The model whose error over the chapter's four points is the lesson's curve. */
export const LESSON_MODEL = { model: 'line0', data: 'chapter' } as const;

/** Whether `state`'s model is the lesson's: y = w·x on the chapter's points, as they were given. */
function isLessonModel(state: AppState): boolean {
  const model = state.model;
  return (
    model !== undefined &&
    model.model === LESSON_MODEL.model &&
    model.data === LESSON_MODEL.data &&
    model.points === undefined &&
    model.noise === undefined &&
    !model.normalise
  );
}

/**
 * Rates for the `rates` view: too small, the chapter's, the edge (1.0 jumps between -1 and 7 for
 * ever, since x - 1.0 * 2(x - 3) = 6 - x) and just past it, where every jump lands 10 % further
 * out (x - 3 is multiplied by 1 - 2 * 1.05 = -1.1).
 */
export const LESSON_RATES = [0.01, LESSON_LEARNING_RATE, 1, 1.05] as const;
/**
 * The `rates` view's stretch of the curve, wider than the chapter's -2..8 and centred on the
 * bottom at 3, so that the ball at 1.05 makes seven jumps on screen (-1, 7.4, -1.84, 8.32, -2.86,
 * 9.44, -4.09) before it leaves it.
 */
export const LESSON_RATES_DOMAIN = { xMin: -5, xMax: 11, yMin: 0, yMax: 0 } as const;
/** Balls in the `many` view: enough to cover the curve, few enough to tell apart. */
export const LESSON_CROWD = 60;

/**
 * The state for a page's view; `one` is lessonState itself. `rates` stays paused: the lesson
 * steps it on a beat (one step at a time, so each jump can be seen); `many` plays.
 */
export function lessonView(state: AppState, lesson: LessonId, view: LessonView): AppState {
  const one = lessonState(state, lesson);
  switch (view) {
    case 'one':
    case 'local':
      return one;
    case 'rates':
      return { ...one, domain: { ...LESSON_RATES_DOMAIN }, n: LESSON_RATES.length, lr: [...LESSON_RATES] };
    case 'many':
      return { ...one, n: LESSON_CROWD, start: 'uniform', at: null, paused: false };
    case 'data':
      return { ...one, model: { ...LESSON_MODEL } };
  }
}

/** One ball of the `rates` view: its global index in the run, its group and its rate. */
export interface RateBall {
  readonly index: number;
  readonly group: number;
  readonly learningRate: number;
}

/** The first ball of each group of `state`, with the group's rate (what the view labels). */
export function rateBalls(state: AppState): RateBall[] {
  const groups = effectiveGroups(state);
  const perGroup = ballsPerGroup(state.n, groups.length);
  return groups.map((group, index) => ({
    index: index * perGroup,
    group: index,
    learningRate: group.learningRate,
  }));
}
