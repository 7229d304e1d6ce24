/**
 * The string tables (src/i18n): one per language with the same keys, every Hebrew string really
 * Hebrew, the `{name}` marks of each string the same in both, and every key that index.html names
 * present. `lang=` in the address round-trips.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatUrlState, LANGUAGES, parseUrlState } from '../../src/core/url-state.ts';
import { en } from '../../src/i18n/en.ts';
import { he } from '../../src/i18n/he.ts';
import { setLanguage, TABLES, t, translate } from '../../src/i18n/index.ts';
import { LATIN_ALLOWED, latinWords } from './latin-words.ts';

afterEach(() => setLanguage('en'));

const marks = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

describe('string tables', () => {
  it('have a table for every language, each with exactly the English keys', () => {
    const keys = Object.keys(en).sort();
    expect(keys.length).toBeGreaterThan(100);
    for (const language of LANGUAGES) {
      const table = TABLES[language] as Record<string, string>;
      expect(Object.keys(table).sort(), language).toEqual(keys);
    }
  });

  it('have no empty string', () => {
    for (const language of LANGUAGES) {
      for (const [key, value] of Object.entries(TABLES[language])) {
        expect(value.trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('fill in the same {marks} in every language', () => {
    for (const [key, value] of Object.entries(en)) {
      expect(marks(he[key as keyof typeof en]), key).toEqual(marks(value));
    }
  });

  it('leave no English word in Hebrew: only names, formulas and technical terms stay in Latin letters', () => {
    const untranslated: string[] = [];
    for (const [key, value] of Object.entries(he)) {
      const words = latinWords(value).filter((word) => !LATIN_ALLOWED.has(word));
      if (words.length > 0) untranslated.push(`${key}: ${words.join(' ')}`);
    }
    expect(untranslated).toEqual([]);
  });

  it('differ from English wherever English has words to translate', () => {
    const same = Object.entries(en)
      .filter(([key, value]) => he[key as keyof typeof en] === value)
      .filter(([, value]) => latinWords(value).some((word) => !LATIN_ALLOWED.has(word)))
      .map(([key]) => key);
    expect(same).toEqual([]);
  });

  it('hold every key index.html names in data-i18n attributes', () => {
    const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
    const named = [...html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(10);
    for (const key of named) expect(Object.hasOwn(en, key), key).toBe(true);
  });
});

describe('t()', () => {
  it('looks up the current language and fills in marks', () => {
    expect(t('panel.group-n', { index: 2 })).toBe('group 2');
    setLanguage('he');
    expect(t('panel.group-n', { index: 2 })).toBe('קבוצה 2');
    expect(t('lesson.take-step')).toBe(he['lesson.take-step']);
  });

  it('leaves a mark it was given no value for as it is', () => {
    expect(t('lesson.table-label')).toContain('{rate}');
  });
});

describe('lang in the URL', () => {
  it('is absent for English and kept for Hebrew', () => {
    expect('lang' in parseUrlState('?fn=bowl').state).toBe(false);
    expect('lang' in parseUrlState('?lang=en').state).toBe(false);
    const { state, warnings } = parseUrlState('?fn=bowl&lang=he');
    expect(state.lang).toBe('he');
    expect(warnings).toEqual([]);
    expect(formatUrlState(state)).toContain('lang=he');
  });

  it('falls back to English with a warning for a language it does not have', () => {
    const { state, warnings } = parseUrlState('?lang=klingon');
    expect('lang' in state).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(translate(warnings[0]!)).toContain('lang=klingon');
  });
});
