import { describe, expect, it } from 'vitest';
import { parseUrlState } from '../../src/core/url-state.ts';
import { setLanguage, translate } from '../../src/i18n/index.ts';
import { panelRefusal } from '../../src/ui/panel-refusal.ts';

/** The panel's refusal of `search`'s warnings, in English, keeping `kept`. */
function refusal(search: string, kept: string): string[] {
  setLanguage('en');
  return parseUrlState(search).warnings.map((warning) => translate(panelRefusal(warning, kept)));
}

describe('a bad value typed in the panel', () => {
  it('names the value the panel keeps, never the fallback the address would use', () => {
    expect(refusal('?n=0', '5,000')).toEqual([
      'n=0: the ball count must be a whole number from 1 to 4,194,304; using 5,000.',
    ]);
    // Beyond the limit: refused with the limit named, not clamped to it.
    expect(refusal('?n=5000000', '5,000')).toEqual([
      'n=5000000: the ball count must be a whole number from 1 to 4,194,304; using 5,000.',
    ]);
    expect(refusal('?seed=-1', '7')).toEqual(['seed=-1: need a whole number from 0 to 4294967295; using 7.']);
    expect(refusal('?lr=0.1,abc', '0.05')).toEqual([
      'lr: "abc" is not a learning rate (a number above 0, at most 1000); using 0.05.',
    ]);
    expect(refusal('?groups=foo:0.1', 'gd:0.1')[0]).toMatch(
      /^groups: "foo" is not an optimizer .*; nothing was changed\.$/,
    );
    expect(refusal('?groups=gd:0.1:noise=-1', 'gd:0.1')[0]).toMatch(
      /^groups: gd:0.1: .*; nothing was changed\.$/,
    );
  });
});
