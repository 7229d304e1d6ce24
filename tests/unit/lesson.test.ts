import { describe, expect, it } from 'vitest';
import {
  LESSON_CROWD,
  lessonSlope,
  lessonStart,
  lessonState,
  lessonSteps,
  lessonView,
  showsLessonBall,
} from '../../src/core/lesson.ts';
import { createSimulation } from '../../src/core/simulation.ts';
import {
  DEFAULT_STATE,
  effectiveGroups,
  formatUrlState,
  parseUrlState,
  stateToConfig,
} from '../../src/core/url-state.ts';

const CHAPTER = [-0.2, 0.44, 0.952, 1.3616, 1.68928];

describe('the slope lesson model', () => {
  it('starts at x = -1 with slope -8, error 16 and a first move of +0.8', () => {
    expect(lessonStart()).toEqual({ step: 0, x: -1, slope: -8, error: 16, stepSize: 0.8 });
    expect(lessonSlope(3)).toBe(0);
    expect(lessonSlope(5)).toBe(4);
  });

  it("gives the chapter's five x values, each row's numbers following from its x", () => {
    const rows = lessonSteps(5);
    expect(rows.map((row) => row.step)).toEqual([1, 2, 3, 4, 5]);
    rows.forEach((row, index) => {
      expect(row.x).toBeCloseTo(CHAPTER[index]!, 12);
      expect(row.slope).toBeCloseTo(2 * (row.x - 3), 12);
      expect(row.error).toBeCloseTo((row.x - 3) ** 2, 12);
      expect(row.stepSize).toBeCloseTo(-0.1 * row.slope, 12);
    });
    // Each move is the next row's change in x: the table is the walk itself.
    for (let i = 0; i + 1 < rows.length; i++) {
      expect(rows[i + 1]!.x - rows[i]!.x).toBeCloseTo(rows[i]!.stepSize, 12);
    }
  });

  it('steps shrink as the ground flattens', () => {
    const moves = lessonSteps(20).map((row) => row.stepSize);
    for (let i = 0; i + 1 < moves.length; i++) expect(moves[i + 1]!).toBeLessThan(moves[i]!);
    expect(moves.at(-1)!).toBeGreaterThan(0);
  });

  it('at 1.0 the ball jumps between -1 and 7; above it flies off', () => {
    expect(lessonSteps(4, 1).map((row) => row.x)).toEqual([7, -1, 7, -1]);
    const wild = lessonSteps(10, 1.2);
    expect(Math.abs(wild.at(-1)!.x - 3)).toBeGreaterThan(Math.abs(wild[0]!.x - 3));
  });

  it('agrees with the app: the state the lesson sets runs the same ball in the engine', () => {
    const state = lessonState(DEFAULT_STATE, 'slope');
    expect(showsLessonBall(state)).toBe(true);
    const sim = createSimulation({ ...stateToConfig(state), precision: 'float64' });
    const rows = lessonSteps(5);
    for (const row of rows) {
      sim.step(1);
      expect(sim.x[0]).toBe(row.x);
    }
    expect(showsLessonBall({ ...state, lr: [0.5] })).toBe(false);
    expect(showsLessonBall({ ...state, fn: 'bowl' })).toBe(false);
  });

  it('rejects a step count that is not a whole number', () => {
    expect(() => lessonSteps(-1)).toThrow(RangeError);
    expect(() => lessonSteps(1.5)).toThrow(RangeError);
  });
});

describe('lesson= in the URL', () => {
  it('reads lesson=slope', () => {
    const { state, warnings } = parseUrlState('?lesson=slope');
    expect(warnings).toEqual([]);
    expect(state.lesson).toBe('slope');
  });

  it('leaves the state without a lesson when there is none', () => {
    expect('lesson' in parseUrlState('?fn=bowl').state).toBe(false);
  });

  it('a bad value: a warning and no lesson, never a throw', () => {
    for (const text of ['?lesson=nope', '?lesson=', '?lesson=%E0%A4%A', `?lesson=${'x'.repeat(5000)}`]) {
      const { state, warnings } = parseUrlState(text);
      expect(state.lesson).toBeUndefined();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^lesson=.*no lesson shown\.$/);
      expect(warnings[0]!.length).toBeLessThan(120);
    }
  });

  it('writes the lesson first and reads its state back equal', () => {
    const state = lessonState(DEFAULT_STATE, 'slope');
    const text = formatUrlState(state);
    expect(text).toBe('?lesson=slope&fn=curve&n=1&start=point&at=-1&lr=0.1&paused=1');
    expect(parseUrlState(text)).toEqual({ state, warnings: [] });
  });
});

describe('the lesson pages’ views', () => {
  it('one ball, then one ball per rate, then a crowd; all on the curve', () => {
    const one = lessonView(DEFAULT_STATE, 'slope', 'one');
    expect(one).toEqual(lessonState(DEFAULT_STATE, 'slope'));
    const rates = lessonView(one, 'slope', 'rates');
    expect(effectiveGroups(rates).map((group) => group.learningRate)).toEqual([0.01, 0.1, 1, 1.05]);
    expect(rates.n).toBe(4);
    expect(rates.paused).toBe(false);
    expect(showsLessonBall(rates)).toBe(false);
    const many = lessonView(rates, 'slope', 'many');
    expect(many).toMatchObject({ fn: 'curve', n: LESSON_CROWD, start: 'uniform', at: null, lr: [0.1] });
    // Back to the single ball from anywhere.
    expect(lessonView(many, 'slope', 'one')).toEqual(one);
  });
});
