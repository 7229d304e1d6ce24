import { describe, expect, it } from 'vitest';
import {
  isLessonVisit,
  LESSON_CROWD,
  LESSON_RATES,
  LESSON_RATES_DOMAIN,
  LessonWalk,
  lessonBallRate,
  lessonBoot,
  lessonSlope,
  lessonStart,
  lessonState,
  lessonSteps,
  lessonTableLines,
  lessonView,
  rateBalls,
  showsLessonBall,
} from '../../src/core/lesson.ts';
import { resolveConfig } from '../../src/core/plain-config.ts';
import { createSimulation } from '../../src/core/simulation.ts';
import {
  type AppState,
  DEFAULT_STATE,
  effectiveGroups,
  formatUrlState,
  parseUrlState as parseState,
  stateToConfig,
} from '../../src/core/url-state.ts';
import { translate } from '../../src/i18n/index.ts';

/** parseUrlState with its warnings put in words in the language of the moment. */
function parseUrlState(search: string): { state: AppState; warnings: string[] } {
  const parsed = parseState(search);
  return { state: parsed.state, warnings: parsed.warnings.map(translate) };
}

const CHAPTER = [-0.2, 0.44, 0.952, 1.3616, 1.68928];

describe('the slope lesson model', () => {
  it('starts at x = -1 with slope -8, error(-1) = (-1 - 3)² + 2 = 18 and a first move of +0.8', () => {
    expect(lessonStart()).toEqual({ step: 0, x: -1, slope: -8, error: 18, stepSize: 0.8 });
    expect(lessonSlope(3)).toBe(0);
    expect(lessonSlope(5)).toBe(4);
  });

  it("gives the chapter's five x values, each row's numbers following from its x", () => {
    const rows = lessonSteps(5);
    expect(rows.map((row) => row.step)).toEqual([1, 2, 3, 4, 5]);
    rows.forEach((row, index) => {
      expect(row.x).toBeCloseTo(CHAPTER[index]!, 12);
      expect(row.slope).toBeCloseTo(2 * (row.x - 3), 12);
      // error(x) as page 1 defines it, the curve's own height: 2 above the squared distance.
      expect(row.error).toBeCloseTo((row.x - 3) ** 2 + 2, 12);
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

  it('once the ball has settled the walk ends: no row repeats an x, and it says where and when', () => {
    const walk = new LessonWalk();
    walk.advanceTo(200);
    expect(walk.step).toBe(200);
    const end = walk.end!;
    expect(end.kind).toBe('settled');
    expect(end.step).toBeGreaterThan(20);
    expect(end.step).toBeLessThan(100);
    // One row per step up to the last move, each x new.
    expect(walk.rows.map((row) => row.step)).toEqual(Array.from({ length: end.step + 1 }, (_, i) => i));
    const xs = walk.rows.map((row) => row.x);
    expect(new Set(xs).size).toBe(xs.length);
    expect(walk.current.x).toBeCloseTo(3, 2);
    const lines = lessonTableLines(walk.rows, walk.end, 10);
    expect(lines.at(-1)).toEqual({ kind: 'settled', step: end.step, x: walk.current.x });
    // Further steps change nothing.
    walk.advanceTo(300);
    expect(walk.rows).toHaveLength(end.step + 1);
  });

  it('a rate changed mid-walk carries on from that step, as the run in the app does', () => {
    const walk = new LessonWalk();
    walk.advanceTo(2);
    walk.setLearningRate(0.5);
    // Row 2 (x = 0.44) now takes its next step at 0.5: -0.5 * 2(0.44 - 3) = 2.56, to x = 3.
    expect(walk.current.step).toBe(2);
    expect(walk.current.x).toBeCloseTo(0.44, 12);
    expect(walk.current.stepSize).toBeCloseTo(2.56, 12);
    walk.advanceTo(3);
    expect(walk.rows[3]!.x).toBeCloseTo(3, 12);
    expect(walk.rows[1]!.x).toBeCloseTo(-0.2, 12);
    expect(walk.rates).toEqual([
      { step: 0, learningRate: 0.1 },
      { step: 2, learningRate: 0.5 },
    ]);
    // A reset (the step count going back) starts again at the rate now in force.
    walk.advanceTo(0);
    expect(walk.rates).toEqual([{ step: 0, learningRate: 0.5 }]);
    walk.advanceTo(1);
    expect(walk.current.x).toBeCloseTo(3, 12);
  });

  it('a rate past 1 makes the walk diverge; it says so and keeps the last x on the curve', () => {
    const walk = new LessonWalk(1.05);
    walk.advanceTo(400);
    expect(walk.end?.kind).toBe('diverged');
    expect(Number.isFinite(walk.current.x)).toBe(true);
    expect(lessonTableLines(walk.rows, walk.end, 10).at(-1)).toMatchObject({ kind: 'diverged' });
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
    // Another rate is still the lesson's ball: its numbers follow the rate.
    expect(lessonBallRate({ ...state, lr: [0.5] })).toBe(0.5);
    expect(showsLessonBall({ ...state, fn: 'bowl' })).toBe(false);
    expect(showsLessonBall({ ...state, n: 2 })).toBe(false);
    expect(showsLessonBall({ ...state, groups: [{ optimizer: 'momentum', learningRate: 0.1 }] })).toBe(false);
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
    // Stepped on the lesson's beat, not played.
    expect(rates.paused).toBe(true);
    expect(showsLessonBall(rates)).toBe(false);
    expect(rateBalls(rates)).toEqual(
      LESSON_RATES.map((learningRate, group) => ({ index: group, group, learningRate })),
    );
    const many = lessonView(rates, 'slope', 'many');
    expect(many).toMatchObject({ fn: 'curve', n: LESSON_CROWD, start: 'uniform', at: null, lr: [0.1] });
    // Back to the single ball from anywhere.
    expect(lessonView(many, 'slope', 'one')).toEqual(one);
  });

  it('where the curve comes from: the same ball on y = w·x fitted to the chapter’s points, the same numbers', () => {
    const one = lessonView(DEFAULT_STATE, 'slope', 'one');
    const data = lessonView(one, 'slope', 'data');
    expect(data.model).toEqual({ model: 'line0', data: 'chapter' });
    expect(showsLessonBall(data)).toBe(true);
    // The engine on the model's loss walks the chapter's walk: -0.2, 0.44, 0.952, ...
    const sim = createSimulation({ ...resolveConfig(stateToConfig(data)), precision: 'float64' });
    for (const x of CHAPTER) {
      sim.step(1);
      expect(sim.x[0]).toBeCloseTo(x, 12);
    }
    // The address keeps the model; leaving the page leaves it.
    expect(parseUrlState(formatUrlState(data)).state.model).toEqual(data.model);
    expect(lessonView(data, 'slope', 'one')).toEqual(one);
    // Once a point has been moved the curve is another: its numbers are no longer the lesson's.
    expect(showsLessonBall({ ...data, model: { model: 'line0', data: '-1,-1;1,3' } })).toBe(false);
    expect(showsLessonBall({ ...data, model: { model: 'line0', data: 'chapter', normalise: true } })).toBe(
      false,
    );
  });
});

describe('the step table’s lines', () => {
  const rows = [lessonStart(), ...lessonSteps(14)];

  it('every row while they fit', () => {
    const lines = lessonTableLines(rows.slice(0, 6), null, 10);
    expect(lines.map((line) => line.kind)).toEqual(['row', 'row', 'row', 'row', 'row', 'row']);
  });

  it('the start, a gap naming the steps left out, then the latest rows', () => {
    const lines = lessonTableLines(rows, null, 10);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toEqual({ kind: 'row', row: rows[0] });
    expect(lines[1]).toEqual({ kind: 'gap', from: 1, to: 6 });
    expect(lines.slice(2).map((line) => (line.kind === 'row' ? line.row.step : -1))).toEqual([
      7, 8, 9, 10, 11, 12, 13, 14,
    ]);
  });
});

describe('the rates page', () => {
  it('its wider stretch of curve keeps the first jumps of the ball at 1.05 on screen', () => {
    const xs = lessonSteps(6, 1.05).map((row) => row.x);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(LESSON_RATES_DOMAIN.xMin);
      expect(x).toBeLessThanOrEqual(LESSON_RATES_DOMAIN.xMax);
    }
    // ...each further out than the last.
    for (let i = 0; i + 1 < xs.length; i++) {
      expect(Math.abs(xs[i + 1]! - 3)).toBeGreaterThan(Math.abs(xs[i]! - 3));
    }
  });

  it('labels the first ball of each group, with the rate the group runs at', () => {
    const rates = lessonView(DEFAULT_STATE, 'slope', 'rates');
    expect(rateBalls({ ...rates, n: 12, lr: [0.01, 0.5, 1] })).toEqual([
      { index: 0, group: 0, learningRate: 0.01 },
      { index: 4, group: 1, learningRate: 0.5 },
      { index: 8, group: 2, learningRate: 1 },
    ]);
  });
});

describe('a visit from the last page', () => {
  it('an address with lesson= and another landscape opens that landscape, the lesson kept', () => {
    const search = '?lesson=slope&fn=ravine&groups=gd:0.02,momentum:0.02';
    const { state } = parseUrlState(search);
    expect(isLessonVisit(state, search)).toBe(true);
    const booted = lessonBoot(state, search);
    expect(booted).toBe(state);
    expect(booted.lesson).toBe('slope');
    expect(formatUrlState(booted)).toMatch(/lesson=slope/);
  });

  it('lesson= alone, or with the lesson’s own curve, opens the lesson’s set-up', () => {
    for (const search of ['?lesson=slope', '?lesson=slope&fn=curve&n=1&lr=0.5', '?lesson=slope&n=50']) {
      const { state } = parseUrlState(search);
      expect(isLessonVisit(state, search), search).toBe(false);
      expect(lessonBoot(state, search)).toEqual(lessonState(state, 'slope'));
    }
    const { state } = parseUrlState('?fn=ravine');
    expect(lessonBoot(state, '?fn=ravine')).toBe(state);
  });
});
