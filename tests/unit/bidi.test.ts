/**
 * Isolated runs in the string tables (src/ui/bidi.ts): formulas and numbers with units are
 * written between LRI and PDI, and splitIsolates finds them, so the page can keep each one on a
 * line of its own direction.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { he } from '../../src/i18n/he.ts';
import { isolate, splitIsolates } from '../../src/ui/bidi.ts';

describe('splitIsolates', () => {
  it('splits text at its isolates and drops the marks', () => {
    expect(splitIsolates(`at ${isolate('x = −1')} the slope is ${isolate('−8')}.`)).toEqual([
      { text: 'at ', isolated: false },
      { text: 'x = −1', isolated: true },
      { text: ' the slope is ', isolated: false },
      { text: '−8', isolated: true },
      { text: '.', isolated: false },
    ]);
  });

  it('plain text is one run; an unclosed isolate runs to the end; empty ones vanish', () => {
    expect(splitIsolates('plain')).toEqual([{ text: 'plain', isolated: false }]);
    expect(splitIsolates('a \u2066b c')).toEqual([
      { text: 'a ', isolated: false },
      { text: 'b c', isolated: true },
    ]);
    expect(splitIsolates(`a${isolate('')}b`)).toEqual([
      { text: 'a', isolated: false },
      { text: 'b', isolated: false },
    ]);
    expect(splitIsolates('')).toEqual([]);
  });

  it('the lesson’s formulas are isolated in both languages', () => {
    for (const table of [en, he]) {
      const runs = splitIsolates(table['lesson.1.p1']).filter((run) => run.isolated);
      expect(runs.map((run) => run.text)).toContain('x = 3');
      expect(runs.some((run) => run.text.includes('(x − 3)² + 2'))).toBe(true);
      expect(
        splitIsolates(table['lesson.2.p1'])
          .filter((run) => run.isolated)
          .map((run) => run.text),
      ).toContain('x = −1');
    }
  });
});
