/**
 * The slope lesson (`lesson=slope`) as plain data: the chapter's curve error(x) = (x - 3)^2 + 2,
 * one ball from x = -1 at learning rate 0.1, and the numbers of each of its steps. The rows come
 * from the same engine the app runs (createSimulation on the `curve` preset), in float64 so they
 * are the chapter's exact -0.2, 0.44, 0.952, 1.3616, 1.68928 rather than their float32 neighbours.
 */
import { curve } from './landscapes/curve.ts';
import { createSimulation } from './simulation.ts';
import type { AppState } from './url-state.ts';

/** Lessons the app knows, by their `lesson=` value. */
export const LESSONS = ['slope'] as const;
export type LessonId = (typeof LESSONS)[number];

/** Where the chapter's ball starts. */
export const LESSON_START_X = -1;
/** The chapter's learning rate. */
export const LESSON_LEARNING_RATE = 0.1;
/** The lowest value of the curve, reached at x = 3: the "error" column is the height above it. */
export const LESSON_MINIMUM_VALUE = curve.minima[0]!.value;

/** One row of the step table: the ball after `step` steps (step 0 is where it starts). */
export interface LessonRow {
  readonly step: number;
  readonly x: number;
  /** error'(x) = 2(x - 3): negative where the ground falls to the right. */
  readonly slope: number;
  /** error(x) minus the lowest value 2: how far above the bottom the ball still is. */
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

/** One row for a ball at x after `step` steps. */
export function lessonRow(step: number, x: number, learningRate = LESSON_LEARNING_RATE): LessonRow {
  const slope = lessonSlope(x);
  return { step, x, slope, error: curve.f(x, 0) - LESSON_MINIMUM_VALUE, stepSize: -learningRate * slope };
}

/**
 * Rows for steps 1..count (the ball after each step), stepped one at a time by the engine. Count
 * 0 gives no rows; see lessonStart for step 0.
 */
export function lessonSteps(count: number, learningRate = LESSON_LEARNING_RATE): LessonRow[] {
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(`lessonSteps(${count}): need a whole number >= 0`);
  }
  const sim = createSimulation({
    landscape: curve,
    particleCount: 1,
    start: 'point',
    at: [LESSON_START_X, 0],
    groups: [{ optimizer: 'gd', learningRate }],
    precision: 'float64',
  });
  const rows: LessonRow[] = [];
  for (let step = 1; step <= count; step++) {
    sim.step(1);
    rows.push(lessonRow(step, sim.x[0]!, learningRate));
  }
  return rows;
}

/** The ball before its first step: x = -1, slope -8. */
export function lessonStart(learningRate = LESSON_LEARNING_RATE): LessonRow {
  return lessonRow(0, LESSON_START_X, learningRate);
}

/**
 * The view the lesson needs: the curve, one paused ball at x = -1, plain gradient descent at 0.1.
 * What is not about the ball (seed, backend, speed) is kept from `state`.
 */
export function lessonState(state: AppState, lesson: LessonId): AppState {
  return {
    ...state,
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
 * Whether `state` still runs the lesson's ball, so the step table (worked out here) says what the
 * view shows; a person can change the landscape or the rate in the panel mid-lesson.
 */
export function showsLessonBall(state: AppState): boolean {
  return (
    state.fn === curve.id &&
    state.expr === null &&
    state.domain === null &&
    state.n === 1 &&
    state.start === 'point' &&
    state.at?.[0] === LESSON_START_X &&
    state.groups === null &&
    state.lr.length === 1 &&
    state.lr[0] === LESSON_LEARNING_RATE
  );
}

/**
 * What a lesson page sets up in the view: `one` the chapter's single ball (paused, for stepping
 * by hand), `local` the same ball with only the ground around it drawn (the view's `localPatch`),
 * `rates` one ball per learning rate from the same start, `many` a crowd of balls spread over the
 * curve.
 */
export type LessonView = 'one' | 'local' | 'rates' | 'many';

/**
 * Rates for the `rates` view: too small, the chapter's, the edge (1.0 jumps between -1 and 7 for
 * ever, since x - 1.0 * 2(x - 3) = 6 - x) and just past it, where every jump lands further out.
 */
export const LESSON_RATES = [0.01, LESSON_LEARNING_RATE, 1, 1.05] as const;
/** Balls in the `many` view: enough to cover the curve, few enough to tell apart. */
export const LESSON_CROWD = 60;

/** The state for a page's view; `one` is lessonState itself. The others play at once. */
export function lessonView(state: AppState, lesson: LessonId, view: LessonView): AppState {
  const one = lessonState(state, lesson);
  switch (view) {
    case 'one':
    case 'local':
      return one;
    case 'rates':
      return { ...one, n: LESSON_RATES.length, lr: [...LESSON_RATES], paused: false };
    case 'many':
      return { ...one, n: LESSON_CROWD, start: 'uniform', at: null, paused: false };
  }
}
