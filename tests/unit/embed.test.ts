/** `embed=1` in the address (src/core/url-state.ts): read like `paused`, kept when written back. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, formatUrlState, parseUrlState } from '../../src/core/url-state.ts';
import { translate } from '../../src/i18n/index.ts';

describe('embed in the URL', () => {
  it('is absent by default, so old states still compare equal', () => {
    const { state } = parseUrlState('?fn=bowl');
    expect('embed' in state).toBe(false);
    expect('embed' in DEFAULT_STATE).toBe(false);
  });

  for (const text of ['1', 'true', '']) {
    it(`embed=${text} turns it on without a warning`, () => {
      const { state, warnings } = parseUrlState(`?fn=bowl&embed=${text}`);
      expect(state.embed).toBe(true);
      expect(warnings).toEqual([]);
    });
  }

  for (const text of ['0', 'false']) {
    it(`embed=${text} leaves it off without a warning`, () => {
      const { state, warnings } = parseUrlState(`?embed=${text}`);
      expect(state.embed).toBeUndefined();
      expect(warnings).toEqual([]);
    });
  }

  it('a bad value warns, leaves it off and never throws', () => {
    for (const text of ['maybe', '2', '%FF', 'x'.repeat(10_000)]) {
      const { state, warnings } = parseUrlState(`?embed=${text}`);
      expect(state.embed).toBeUndefined();
      expect(warnings).toHaveLength(1);
      expect(translate(warnings[0]!)).toContain('embed=');
      expect(translate(warnings[0]!).length).toBeLessThan(200);
    }
  });

  it('is written back as embed=1 and reads back equal', () => {
    const { state } = parseUrlState('?fn=bowl&n=500&backend=cpu&embed=1');
    const query = formatUrlState(state);
    expect(new URLSearchParams(query).get('embed')).toBe('1');
    expect(parseUrlState(query)).toEqual({ state, warnings: [] });
  });

  it('leaves the address alone when off', () => {
    const { state } = parseUrlState('?fn=bowl&n=500&backend=cpu');
    expect(formatUrlState(state)).toBe('?fn=bowl&n=500&backend=cpu');
    expect(formatUrlState({ ...state, embed: true })).toBe('?fn=bowl&n=500&backend=cpu&embed=1');
  });
});
