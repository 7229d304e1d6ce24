/**
 * The optimizers' one definition (src/core/optimizers): the rule language's parser and checks,
 * the compiled JavaScript against the interpreter (to the bit), the WGSL printed from the same
 * rule, the parameter ranges the URL applies, and Lion and AdamW through the URL.
 */
import { describe, expect, it } from 'vitest';
import { parseGroups } from '../../src/core/groups-syntax.ts';
import type { Message } from '../../src/core/message.ts';
import { defineOptimizer, isInRange } from '../../src/core/optimizers/define.ts';
import { compileUpdate, findOptimizer, OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { interpretRule, parseRule, ruleToWgsl } from '../../src/core/optimizers/rule.ts';
import { createRng } from '../../src/core/rng.ts';
import { optimizerWgsl } from '../../src/gpu/optimizer-wgsl.ts';

const names = { state: ['v'], values: ['beta'], counters: [] };

describe('the rule language', () => {
  it('parses statements with the usual precedence', () => {
    const rule = parseRule('v = beta * v - lr * g\nx = x + -v / 2', [], names);
    expect(ruleToWgsl(rule)).toBe(
      [
        'let opt_beta = values[0].x;',
        '*first = ((opt_beta * (*first)) - (learningRate * slope));',
        'return (position + ((-(*first)) / 2.0));',
      ].join('\n'),
    );
  });

  it.each([
    ['x = x - lr * q', /"q" is not defined/],
    ['v = v + g', /last statement/],
    ['x = x - g\nv = g', /last statement/],
    ['w = g\nx = x', /not state/],
    ['let beta = g\nx = x', /already defined/],
    ['x = x - pow(g)', /unknown function/],
    ['x = x - (g', /expected \)/],
    ['x = x g', /unexpected "g"/],
  ])('rejects %j', (text, problem) => {
    expect(() => parseRule(text, [], names)).toThrow(problem);
  });

  it('keeps counters to scalars', () => {
    expect(() =>
      parseRule('x = x - lr * c * g', ['c * g'], { state: [], values: [], counters: ['c'] }),
    ).toThrow(/only use scalars/);
  });

  it('refuses a definition the GPU layout cannot hold', () => {
    expect(() =>
      defineOptimizer({ id: 'big', name: 'Big', params: {}, state: ['a', 'b', 'c'], rule: 'x = x' }),
    ).toThrow(/GPU layout/);
    expect(() =>
      defineOptimizer({ id: 'v', name: 'V', params: {}, state: ['a', 'b'], velocity: 'b', rule: 'x = x' }),
    ).toThrow(/first state/);
  });
});

describe('every optimizer: compiled, interpreted, printed', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer.id}: the compiled update and the interpreted rule agree to the bit`, () => {
      const params = optimizer.defaults;
      const compiled = compileUpdate(optimizer, params);
      const interpreted = interpretRule(optimizer.rule, optimizer.values(params));
      const random = createRng(11);
      const rng = (): number => random.next();
      const state = () => [0, 1, 2, 3].map(() => Float32Array.from({ length: 4 }, () => rng() - 0.5));
      const a = state();
      const b = a.map((array) => array.slice());
      for (let trial = 0; trial < 200; trial++) {
        const i = trial % 4;
        const args = [rng() * 4 - 2, rng() * 4 - 2, rng() * 10 - 5, rng() * 10 - 5, 0.01 + rng()] as const;
        const counters = [new Float64Array([0.1, 0.2]), new Float64Array([0.1, 0.2])];
        const out = [
          [0, 0],
          [0, 0],
        ];
        compiled(a[0]!, a[1]!, a[2]!, a[3]!, i, ...args, counters[0]!, out[0]!);
        interpreted(b[0]!, b[1]!, b[2]!, b[3]!, i, ...args, counters[1]!, out[1]!);
        expect(out[0]).toEqual(out[1]);
        expect(Array.from(counters[0]!)).toEqual(Array.from(counters[1]!));
      }
      expect(a).toEqual(b);
    });

    it(`${optimizer.id}: its WGSL names only what the step pass has`, () => {
      const wgsl = optimizer.wgsl;
      expect(wgsl).toMatch(/return .*;$/);
      const words = new Set(wgsl.match(/[A-Za-z_]\w*/g));
      const allowed =
        /^(opt_\w+|values|[xyzw]|first|second|counters|slope|position|learningRate|let|return|sqrt|sign|abs)$/;
      for (const word of words) expect(word, word).toMatch(allowed);
    });

    it(`${optimizer.id}: its defaults are in its ranges`, () => {
      for (const [key, spec] of Object.entries(optimizer.params)) {
        expect(isInRange(spec, spec.default), key).toBe(true);
      }
    });
  }

  it('the step pass gets one branch per optimizer in use, the last one taking any other code', () => {
    const wgsl = optimizerWgsl(['gd', 'lion', 'gd']);
    expect(wgsl.match(/if \(optimizer == /g)).toHaveLength(1);
    expect(wgsl).toContain('if (optimizer == 0u)');
    expect(wgsl).toContain('sign(');
    expect(wgsl).not.toContain('sqrt(');
    expect(optimizerWgsl(['adamw'])).toContain('return optimizer == 6u;');
  });
});

describe('Lion and AdamW in groups=', () => {
  it('take their hyper-parameters by URL key, within range', () => {
    const warnings: Message[] = [];
    const groups = parseGroups('lion:0.01:beta2=0.95,adamw:0.05:wd=0.1', warnings);
    expect(warnings).toEqual([]);
    expect(groups).toEqual([
      { optimizer: 'lion', learningRate: 0.01, params: { beta2: 0.95 } },
      { optimizer: 'adamw', learningRate: 0.05, params: { wd: 0.1 } },
    ]);
  });

  it('leave a group out, with a warning, for a value out of range or a key they lack', () => {
    for (const text of ['lion:0.01:beta1=1', 'adamw:0.05:wd=-1', 'lion:0.01:wd=0.1']) {
      const warnings: Message[] = [];
      expect(parseGroups(text, warnings), text).toBeNull();
      expect(
        warnings.map((warning) => warning.code),
        text,
      ).toEqual(['url.groups-dropped']);
    }
  });

  it('are one module each', () => {
    expect(findOptimizer('lion')?.stateNames).toEqual(['mx', 'my']);
    expect(findOptimizer('adamw')?.defaults).toEqual({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, wd: 0.01 });
  });
});
