/** The data panel's words (statistics, charts, inspector, groups, formula field) in Hebrew. */
import { afterEach, describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { SCHEDULE_KINDS } from '../../src/core/schedule.ts';
import { en, type StringKey } from '../../src/i18n/en.ts';
import { he } from '../../src/i18n/he.ts';
import { setLanguage, t } from '../../src/i18n/index.ts';
import { ltr } from '../../src/ui/bidi.ts';
import { exampleLabel, FORMULA_EXAMPLES } from '../../src/ui/formula-field.ts';
import { groupLabel, optimizerFullName, optimizerLabel, scheduleLabel } from '../../src/ui/group-model.ts';

const PREFIXES = [
  'stats.',
  'chart.',
  'inspector.',
  'groups.',
  'group.',
  'formula.',
  'optimizer.',
  'schedule.',
];
const KEYS = (Object.keys(en) as StringKey[]).filter((key) =>
  PREFIXES.some((prefix) => key.startsWith(prefix)),
);
/**
 * Templates of numbers only, kept as they are in Hebrew. (Optimizers with a proper name, such as
 * Adam, have no entry: the name comes from the optimizer's module, the same in every language.)
 */
const SAME_IN_HEBREW = new Set<StringKey>(['group.label']);
const HEBREW = /[\u0590-\u05ff]/;

afterEach(() => setLanguage('en'));

describe('data panel strings in Hebrew', () => {
  it('has every key, in Hebrew letters, with the same {marks} as English', () => {
    expect(KEYS.length).toBeGreaterThan(60);
    for (const key of KEYS) {
      const marks = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(marks(he[key]), key).toEqual(marks(en[key]));
      if (SAME_IN_HEBREW.has(key)) continue;
      expect(he[key], key).not.toBe(en[key]);
      expect(he[key], key).toMatch(HEBREW);
    }
  });

  it('names groups, optimizers and schedules in Hebrew', () => {
    setLanguage('he');
    const label = groupLabel({
      optimizer: 'gd',
      learningRate: 0.05,
      noise: 0.5,
      schedule: { kind: 'cosine', period: 9 },
    });
    expect(label).toBe('ירידה 0.05 · רעש 0.5 · קוסינוס');
    expect(label).not.toMatch(/gd|noise|cosine/);
    expect(groupLabel({ optimizer: 'adam', learningRate: 0.1 })).toBe('Adam 0.1');
    expect(optimizerLabel('momentum')).toBe('מומנטום');
    expect(optimizerFullName('gd')).toBe('ירידה במורד השיפוע');
    for (const optimizer of OPTIMIZERS) expect(optimizerLabel(optimizer.id)).not.toBe(optimizer.id);
    for (const kind of SCHEDULE_KINDS) expect(scheduleLabel(kind)).toMatch(HEBREW);
  });

  it('fills values in, and never returns a key or the English text', () => {
    setLanguage('he');
    expect(t('inspector.title', { group: 1, ball: 7 })).toBe('קבוצה 1 · כדור 7');
    for (const key of KEYS) {
      const text = t(key);
      expect(text, key).not.toBe(key);
      if (!SAME_IN_HEBREW.has(key)) expect(text, key).not.toBe(en[key]);
    }
  });

  it('keeps formulas as written, isolated left to right inside Hebrew', () => {
    setLanguage('he');
    const hole = FORMULA_EXAMPLES.find((example) => example.formula)!;
    expect(exampleLabel(hole)).toBe('חור באזור \u2066x ≤ 0\u2069');
    expect(t('formula.label', { f2: ltr('f(x, y)'), f1: ltr('f(x)') })).toContain('\u2066f(x, y)\u2069');
    for (const example of FORMULA_EXAMPLES) expect(exampleLabel(example)).toMatch(HEBREW);
  });

  it('leaves English as it was', () => {
    expect(ltr('(1, -2)')).toBe('(1, -2)');
    expect(exampleLabel(FORMULA_EXAMPLES.find((example) => example.formula)!)).toBe('a hole where x ≤ 0');
    expect(groupLabel({ optimizer: 'gd', learningRate: 0.1, noise: 1 })).toBe('gd 0.1 · noise 1');
  });
});
