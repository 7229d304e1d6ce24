import { describe, expect, it } from 'vitest';
import { CUSTOM_LANDSCAPE_ID } from '../../src/core/custom-landscape.ts';
import { MessageError } from '../../src/core/message.ts';
import { resolveConfig } from '../../src/core/plain-config.ts';
import { createSimulation, MAX_PARTICLES } from '../../src/core/simulation.ts';
import {
  type AppState,
  DEFAULT_STATE,
  effectiveGroups,
  formatGroups,
  formatUrlState,
  parseUrlState as parseState,
  stateLandscape,
  stateToConfig,
} from '../../src/core/url-state.ts';
import { errorText, translate } from '../../src/i18n/index.ts';

/** parseUrlState with its warnings put in words in the language of the moment. */
function parseUrlState(search: string): { state: AppState; warnings: string[] } {
  const parsed = parseState(search);
  return { state: parsed.state, warnings: parsed.warnings.map(translate) };
}

describe('URL state', () => {
  it('an empty query gives the defaults and no warning', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_STATE, warnings: [] });
  });

  it('reads every parameter', () => {
    const { state, warnings } = parseUrlState(
      '?fn=rosenbrock&domain=-2,2,-1,3&n=100000&start=gaussian&at=-1,0&lr=0.001,0.0005&seed=7&backend=cpu&speed=4&paused=1',
    );
    expect(warnings).toEqual([]);
    expect(state).toEqual({
      fn: 'rosenbrock',
      expr: null,
      domain: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
      n: 100000,
      start: 'gaussian',
      at: [-1, 0],
      lr: [0.001, 0.0005],
      groups: null,
      seed: 7,
      backend: 'cpu',
      speed: 4,
      paused: true,
    });
  });

  it('round-trips through formatUrlState', () => {
    const query = '?fn=bowl&n=2000&start=ring&at=1,2&lr=0.01,1.5&seed=9&backend=cpu&speed=3&paused=1';
    const { state } = parseUrlState(query);
    expect(parseUrlState(formatUrlState(state)).state).toEqual(state);
    expect(formatUrlState(DEFAULT_STATE)).toBe('');
  });

  it('speed is steps per second: whole or fractional numbers, or max', () => {
    for (const [text, speed] of [
      ['20', 20],
      ['2.5', 2.5],
      ['0.1', 0.1],
      ['100000', 100_000],
      ['max', Number.POSITIVE_INFINITY],
      ['MAX', Number.POSITIVE_INFINITY],
    ] as const) {
      const { state, warnings } = parseUrlState(`?speed=${text}`);
      expect(warnings).toEqual([]);
      expect(state.speed).toBe(speed);
      expect(parseUrlState(formatUrlState(state)).state.speed).toBe(speed);
    }
    expect(formatUrlState({ ...DEFAULT_STATE, speed: Number.POSITIVE_INFINITY })).toBe('?speed=max');
    expect(formatUrlState({ ...DEFAULT_STATE, speed: 60 })).toBe('?speed=60');
  });

  it('1D landscapes take one number for at and two for domain', () => {
    const { state, warnings } = parseUrlState('?fn=curve&at=-1&domain=-2,8');
    expect(warnings).toEqual([]);
    expect(state.at).toEqual([-1, 0]);
    expect(state.domain).toEqual({ xMin: -2, xMax: 8, yMin: 0, yMax: 0 });
    expect(formatUrlState(state)).toBe('?fn=curve&domain=-2,8&at=-1');
  });

  const bad: [string, keyof typeof DEFAULT_STATE][] = [
    ['n=-5', 'n'],
    ['n=abc', 'n'],
    ['n=', 'n'],
    ['n=1.5', 'n'],
    ['fn=nope', 'fn'],
    ['lr=NaN', 'lr'],
    ['lr=-1', 'lr'],
    ['lr=0', 'lr'],
    ['lr=1e9', 'lr'],
    ['start=spiral', 'start'],
    ['seed=-1', 'seed'],
    ['seed=x', 'seed'],
    ['backend=cuda', 'backend'],
    ['speed=0', 'speed'],
    ['speed=-5', 'speed'],
    ['speed=0.01', 'speed'],
    ['speed=1e9', 'speed'],
    ['speed=fast', 'speed'],
    ['speed=', 'speed'],
    ['speed=Infinity', 'speed'],
    ['speed=NaN', 'speed'],
    ['paused=maybe', 'paused'],
    ['domain=1,0,0,1', 'domain'],
    ['domain=a,b', 'domain'],
    ['at=1', 'at'],
  ];
  for (const [query, field] of bad) {
    it(`${query} falls back to the default with a warning`, () => {
      const { state, warnings } = parseUrlState(`?${query}`);
      expect(state[field]).toEqual(DEFAULT_STATE[field]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(query.split('=')[0]);
      // Whatever was wrong, the state makes a working simulation.
      expect(() => createSimulation({ ...stateToConfig(state), particleCount: 10 })).not.toThrow();
    });
  }

  it('caps an absurd ball count at the maximum', () => {
    const { state, warnings } = parseUrlState('?n=99999999999');
    expect(state.n).toBe(MAX_PARTICLES);
    expect(warnings).toHaveLength(1);
  });

  it('keeps the good learning rates of a list and reports the bad ones', () => {
    const { state, warnings } = parseUrlState('?lr=0.1,abc,0.2');
    expect(state.lr).toEqual([0.1, 0.2]);
    expect(warnings).toHaveLength(1);
  });

  it('reports unknown parameters and shortens hostile ones', () => {
    const { warnings } = parseUrlState(`?zzz=1&fn=${'x'.repeat(100_000)}`);
    expect(warnings).toHaveLength(2);
    expect(warnings.every((w) => w.length < 200)).toBe(true);
  });

  it('survives broken percent-encoding', () => {
    expect(() => parseUrlState('?fn=%E0%A4%A&n=%')).not.toThrow();
  });

  it('stateToConfig makes one plain gradient-descent group per rate, or the recommended rate', () => {
    expect(stateToConfig(parseUrlState('?fn=bowl&lr=0.01,1.5').state).groups).toEqual([
      { optimizer: 'gd', learningRate: 0.01 },
      { optimizer: 'gd', learningRate: 1.5 },
    ]);
    expect(stateToConfig(parseUrlState('?fn=bowl').state).groups).toEqual([
      { optimizer: 'gd', learningRate: 0.1 },
    ]);
  });

  it('reads groups of optimizers with their settings, and round-trips them', () => {
    const query = '?groups=gd:0.1,momentum:0.01:beta=0.9,adam:0.05';
    const { state, warnings } = parseUrlState(query);
    expect(warnings).toEqual([]);
    expect(state.groups).toEqual([
      { optimizer: 'gd', learningRate: 0.1 },
      { optimizer: 'momentum', learningRate: 0.01, params: { beta: 0.9 } },
      { optimizer: 'adam', learningRate: 0.05 },
    ]);
    expect(formatUrlState(state)).toBe(query);
    expect(stateToConfig(state).groups).toEqual(state.groups);
  });

  it('leaves out a bad group with a message, and falls back when none is good', () => {
    const some = parseUrlState('?groups=gd:0.1,sgdx:0.1,adam:-1,momentum:0.1:beta=1.5,rmsprop:0.01:gamma=2');
    expect(some.state.groups).toEqual([{ optimizer: 'gd', learningRate: 0.1 }]);
    expect(some.warnings).toHaveLength(4);
    expect(some.warnings.join(' ')).toMatch(/sgdx.*not an optimizer/);
    const none = parseUrlState('?groups=nope&lr=0.2');
    expect(none.state.groups).toBeNull();
    expect(stateToConfig(none.state).groups).toEqual([{ optimizer: 'gd', learningRate: 0.2 }]);
  });

  it('groups win over lr, with a word about it', () => {
    const { state, warnings } = parseUrlState('?groups=adam:0.05&lr=0.1');
    expect(stateToConfig(state).groups).toEqual([{ optimizer: 'adam', learningRate: 0.05 }]);
    expect(warnings).toEqual(['lr is ignored when groups is given.']);
  });

  it('reads gradient noise and schedules in groups, and round-trips them', () => {
    const query =
      '?groups=gd:0.1:noise=0.5:schedule=cosine:period=500,momentum:0.01:beta=0.8:schedule=step:every=50:factor=0.25,adam:0.05:noise=2:schedule=warmup:warmup=20,rmsprop:0.001:schedule=step';
    const { state, warnings } = parseUrlState(query);
    expect(warnings).toEqual([]);
    expect(state.groups).toEqual([
      { optimizer: 'gd', learningRate: 0.1, noise: 0.5, schedule: { kind: 'cosine', period: 500 } },
      {
        optimizer: 'momentum',
        learningRate: 0.01,
        params: { beta: 0.8 },
        schedule: { kind: 'step', every: 50, factor: 0.25 },
      },
      { optimizer: 'adam', learningRate: 0.05, noise: 2, schedule: { kind: 'warmup', steps: 20 } },
      // Numbers not given take the defaults: every 100 steps, times 0.5.
      { optimizer: 'rmsprop', learningRate: 0.001, schedule: { kind: 'step', every: 100, factor: 0.5 } },
    ]);
    expect(formatUrlState(state)).toBe(query);
    expect(parseUrlState(formatUrlState(state)).state).toEqual(state);
    expect(() => createSimulation({ ...stateToConfig(state), particleCount: 8 })).not.toThrow();
  });

  it('formatGroups writes what parseUrlState reads back, defaults left out', () => {
    const groups = [
      { optimizer: 'gd', learningRate: 0.2, schedule: { kind: 'cosine', period: 1000 } },
      { optimizer: 'gd', learningRate: 0.2, schedule: { kind: 'warmup', steps: 7 }, noise: 1e-3 },
      { optimizer: 'gd', learningRate: 0.2, schedule: { kind: 'step', every: 100, factor: 0.9 } },
    ] as const;
    const text = formatGroups(groups);
    expect(text).toBe(
      'gd:0.2:schedule=cosine,gd:0.2:noise=0.001:schedule=warmup:warmup=7,gd:0.2:schedule=step:factor=0.9',
    );
    expect(parseUrlState(`?groups=${text}`).state.groups).toEqual(groups);
  });

  it('noise=0 and a constant schedule are the same as none', () => {
    const { state, warnings } = parseUrlState('?groups=gd:0.1:noise=0:schedule=constant');
    expect(warnings).toEqual([]);
    expect(state.groups).toEqual([{ optimizer: 'gd', learningRate: 0.1 }]);
  });

  const badExtras: [string, object][] = [
    ['noise=-1', {}],
    ['noise=abc', {}],
    ['noise=', {}],
    ['noise=1e9', {}],
    ['schedule=linear', {}],
    ['schedule=step:every=0', { schedule: { kind: 'step', every: 100, factor: 0.5 } }],
    ['schedule=step:every=2.5', { schedule: { kind: 'step', every: 100, factor: 0.5 } }],
    ['schedule=step:factor=2', { schedule: { kind: 'step', every: 100, factor: 0.5 } }],
    ['schedule=step:factor=0', { schedule: { kind: 'step', every: 100, factor: 0.5 } }],
    ['schedule=cosine:period=-3', { schedule: { kind: 'cosine', period: 1000 } }],
    ['schedule=warmup:warmup=NaN', { schedule: { kind: 'warmup', steps: 100 } }],
    ['period=500', {}],
    ['schedule=step:period=500', { schedule: { kind: 'step', every: 100, factor: 0.5 } }],
    ['noise=0.5:schedule=nope', { noise: 0.5 }],
  ];
  for (const [extra, kept] of badExtras) {
    it(`groups=gd:0.1:${extra} keeps the group without the bad value, with a warning`, () => {
      const { state, warnings } = parseUrlState(`?groups=gd:0.1:${extra},adam:0.01`);
      expect(state.groups).toEqual([
        { optimizer: 'gd', learningRate: 0.1, ...kept },
        { optimizer: 'adam', learningRate: 0.01 },
      ]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^groups: gd:0\.1: /);
      expect(() => createSimulation({ ...stateToConfig(state), particleCount: 10 })).not.toThrow();
    });
  }

  it('a schedule number named like an object property is not taken for one', () => {
    const { state, warnings } = parseUrlState('?groups=gd:0.1:toString=1:constructor=2');
    expect(state.groups).toBeNull();
    expect(warnings).toHaveLength(1);
  });
});

describe('URL state: a typed expression (expr=)', () => {
  it("reads PRODUCT.md's example and wins over fn", () => {
    const { state, warnings } = parseUrlState('?fn=bowl&expr=x^2%2B3*sin(y)');
    expect(warnings).toEqual([]);
    expect(state.expr).toBe('x^2+3*sin(y)');
    expect(state.fn).toBe('bowl');
    const landscape = stateLandscape(state);
    expect(landscape.id).toBe(CUSTOM_LANDSCAPE_ID);
    expect(landscape.name).toBe('f(x, y) = x^2+3*sin(y)');
    expect(stateToConfig(state)).toMatchObject({ landscape: 'custom', expression: 'x^2+3*sin(y)' });
    // The recommended rate is the typed landscape's own.
    expect(effectiveGroups(state)).toEqual([{ optimizer: 'gd', learningRate: landscape.learningRate }]);
  });

  it('round-trips through formatUrlState, readable and with + escaped', () => {
    const texts = [
      'x^2+3*sin(y)',
      '(x-3)^2+2',
      'sin(x)*cos(y) + 0.1 * (x^2 + y^2)',
      'x/2 + min(x, y)',
      '1e-3*x^2',
    ];
    for (const text of texts) {
      const state = { ...DEFAULT_STATE, expr: text };
      const query = formatUrlState(state);
      expect(parseUrlState(query)).toEqual({ state, warnings: [] });
      expect(query).not.toMatch(/%5E|%2F|%2C|\+/);
    }
    expect(formatUrlState({ ...DEFAULT_STATE, expr: 'x^2+3*sin(y)' })).toBe('?expr=x^2%2B3*sin(y)');
    // Written by URLSearchParams (as the panel does), it reads back the same.
    const params = new URLSearchParams({ expr: 'x^2 + 3*sin(y)' });
    expect(parseUrlState(params.toString()).state.expr).toBe('x^2 + 3*sin(y)');
  });

  it('domain= applies to it, with two numbers for f(x)', () => {
    const two = parseUrlState('?expr=x^2%2By^2&domain=-2,2,-1,3');
    expect(two.warnings).toEqual([]);
    expect(stateLandscape(two.state).domain).toEqual({ xMin: -2, xMax: 2, yMin: -1, yMax: 3 });
    const one = parseUrlState('?expr=(x-3)^2%2B2&domain=-2,8&at=-1');
    expect(one.warnings).toEqual([]);
    expect(one.state.at).toEqual([-1, 0]);
    expect(stateLandscape(one.state).dimensions).toBe(1);
    expect(stateLandscape(one.state).domain).toEqual({ xMin: -2, xMax: 8, yMin: 0, yMax: 0 });
    expect(formatUrlState(one.state)).toBe('?expr=(x-3)^2%2B2&domain=-2,8&at=-1');
    const wrong = parseUrlState('?expr=(x-3)^2%2B2&domain=-2,8,0,1');
    expect(wrong.state.domain).toBeNull();
    expect(wrong.warnings).toHaveLength(1);
    expect(wrong.warnings[0]).toMatch(/domain=.*need xmin,xmax with/);
  });

  it('a bad expression falls back to the preset with the message and the place of the mistake', () => {
    const { state, warnings } = parseUrlState('?fn=bowl&expr=x^2%2Bfoo(y)');
    expect(state.expr).toBeNull();
    expect(state.fn).toBe('bowl');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^expr: unknown name "foo".* \(at 4: x\^2\+⟦foo⟧\(y\)\); showing Round bowl\.$/,
    );
    expect(() => createSimulation({ ...stateToConfig(state), particleCount: 10 })).not.toThrow();
  });

  it('a + typed into the address (a space once decoded) gets a word about %2B', () => {
    const { state, warnings } = parseUrlState('?expr=x^2+3*sin(y)');
    expect(state.expr).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('write %2B');
  });

  const hostile: [string, string][] = [
    ['constructor.constructor("alert(1)")()', 'constructor'],
    ['__proto__', '__proto__'],
    ['x;alert(1)', ';'],
    ['x'.repeat(100_000), 'long'],
    [`${'('.repeat(10_000)}x${')'.repeat(10_000)}`, 'long'],
    [`${'('.repeat(400)}x${')'.repeat(400)}`, 'deep'],
    ['', ''],
  ];
  for (const [text, mentions] of hostile) {
    it(`hostile expr ${JSON.stringify(text.slice(0, 40))}${text.length > 40 ? '…' : ''}: a short warning, the preset`, () => {
      const { state, warnings } = parseUrlState(`?expr=${encodeURIComponent(text)}`);
      expect(state).toEqual(DEFAULT_STATE);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^expr: .* \(at \d+: /);
      expect(warnings[0]).toContain(mentions);
      expect(warnings[0]!.length).toBeLessThan(300);
    });
  }

  it('broken percent-encoding is a warning, not an exception', () => {
    for (const query of ['?expr=%E0%A4%A', '?expr=%', '?expr=x%2', '?expr=%FF%FE', '?expr=x&expr=%E0']) {
      const { state, warnings } = parseUrlState(query);
      expect(state.expr).toBeNull();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^expr: the address does not encode the formula properly/);
    }
  });

  it('never throws, whatever the text', () => {
    const pieces = [
      'x',
      'y',
      '(',
      ')',
      '^',
      '+',
      '-',
      '*',
      '/',
      '%',
      '%2',
      '%E0',
      'sin',
      ',',
      '1e309',
      '.',
      ' ',
      '\u0000',
      '😀',
      '=',
    ];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    for (let i = 0; i < 500; i++) {
      let text = '';
      const length = next() % 12;
      for (let k = 0; k < length; k++) text += pieces[next() % pieces.length];
      expect(() => parseUrlState(`?expr=${text}`)).not.toThrow();
    }
  });

  it('stateToConfig of a typed expression resolves to a runnable simulation', () => {
    const { state } = parseUrlState('?expr=x^2%2B3*sin(y)&n=64');
    const config = resolveConfig(stateToConfig(state));
    const sim = createSimulation(config);
    sim.step(10);
    expect(sim.stats().groups[0]!.count).toBe(64);
    // A bad expression: an error carrying the compiler's message, for the page to put in words.
    const bad = (): unknown => resolveConfig({ landscape: 'custom', expression: 'x+', particleCount: 1 });
    expect(bad).toThrow(MessageError);
    let thrown: unknown;
    try {
      bad();
    } catch (error) {
      thrown = error;
    }
    expect(errorText(thrown)).toMatch(/^expr: .* \(at 2: /);
  });
});
