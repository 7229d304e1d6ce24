/**
 * What the panel makes of what a person types and drags: rate lists with spaces or commas
 * (src/ui/list-input.ts), the learning-rate slider's log scale (src/ui/log-slider.ts), the group
 * "+ add group" adds (src/ui/group-model.ts), shortcuts pressed while the page starts
 * (src/ui/keyboard.ts), the caption's memory when storage refuses (src/ui/caption.ts) and the
 * legend's numbers (src/ui/legend.ts, src/ui/view-notes.ts).
 */

import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { parseUrlState } from '../../src/core/url-state.ts';
import { CAPTION_DISMISSED_KEY, captionDismissed, rememberDismissal } from '../../src/ui/caption.ts';
import { nextGroup } from '../../src/ui/group-model.ts';
import { queuedUntil } from '../../src/ui/keyboard.ts';
import { formatValue } from '../../src/ui/legend.ts';
import { normaliseList } from '../../src/ui/list-input.ts';
import {
  rateToTick,
  SLIDER_MAX_RATE,
  SLIDER_MIN_RATE,
  SLIDER_TICKS,
  TICKS_PER_DECADE,
  tickToRate,
} from '../../src/ui/log-slider.ts';
import { lessonHref } from '../../src/ui/view-notes.ts';

describe('normaliseList', () => {
  it('reads spaces, commas or both between items', () => {
    expect(normaliseList('0.001 0.01 0.05')).toBe('0.001,0.01,0.05');
    expect(normaliseList('0.05, 0.5')).toBe('0.05,0.5');
    expect(normaliseList('  0.1,,0.2 ,  0.3  ')).toBe('0.1,0.2,0.3');
    expect(normaliseList('0.1\t0.2\n0.3')).toBe('0.1,0.2,0.3');
  });

  it('keeps an item whole when spaces sit around its : or =', () => {
    expect(normaliseList('gd: 0.1  adam :0.05')).toBe('gd:0.1,adam:0.05');
    expect(normaliseList('momentum:0.01:beta = 0.8, gd:0.1')).toBe('momentum:0.01:beta=0.8,gd:0.1');
  });

  it('is empty for a blank field', () => {
    expect(normaliseList('')).toBe('');
    expect(normaliseList('  , ')).toBe('');
  });

  it('gives the URL parser three groups for three rates typed with spaces', () => {
    const parsed = parseUrlState(`?lr=${normaliseList('0.001 0.01 0.05')}`);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.state.lr).toEqual([0.001, 0.01, 0.05]);
  });
});

describe('the learning-rate slider', () => {
  it('spans its range: the first tick is the smallest rate, the last the largest', () => {
    expect(tickToRate(0)).toBe(SLIDER_MIN_RATE);
    expect(tickToRate(SLIDER_TICKS)).toBe(SLIDER_MAX_RATE);
    expect(SLIDER_TICKS).toBe(5 * TICKS_PER_DECADE);
  });

  it('gives every decade the same length', () => {
    expect(rateToTick(0.01) - rateToTick(0.001)).toBe(TICKS_PER_DECADE);
    expect(rateToTick(1) - rateToTick(0.1)).toBe(TICKS_PER_DECADE);
    expect(tickToRate(rateToTick(0.1))).toBe(0.1);
    expect(tickToRate(rateToTick(0.01))).toBe(0.01);
  });

  it('reads every tick back to itself, with rates that only grow', () => {
    let previous = 0;
    for (let tick = 0; tick <= SLIDER_TICKS; tick++) {
      const rate = tickToRate(tick);
      expect(rate).toBeGreaterThan(previous);
      expect(rateToTick(rate)).toBe(tick);
      expect(String(rate).replace(/^0\.0*|\.|e.*$/g, '').length).toBeLessThanOrEqual(2);
      previous = rate;
    }
  });

  it('clamps rates beyond its ends and ticks beyond its length', () => {
    expect(rateToTick(1e-9)).toBe(0);
    expect(rateToTick(500)).toBe(SLIDER_TICKS);
    expect(rateToTick(0)).toBe(0);
    expect(rateToTick(Number.NaN)).toBe(0);
    expect(tickToRate(-5)).toBe(SLIDER_MIN_RATE);
    expect(tickToRate(SLIDER_TICKS + 9)).toBe(SLIDER_MAX_RATE);
  });
});

describe('nextGroup', () => {
  it('adds the next optimizer not yet shown, at the last group’s rate', () => {
    expect(nextGroup([{ optimizer: 'gd', learningRate: 0.01 }])).toEqual({
      optimizer: 'momentum',
      learningRate: 0.01,
    });
    expect(
      nextGroup([
        { optimizer: 'gd', learningRate: 0.1 },
        { optimizer: 'momentum', learningRate: 0.01, params: { beta: 0.8 } },
      ]),
    ).toEqual({ optimizer: 'nesterov', learningRate: 0.01 });
  });

  it('carries a comparison of rates on by a decade, without float dust', () => {
    expect(
      nextGroup([
        { optimizer: 'gd', learningRate: 0.001 },
        { optimizer: 'gd', learningRate: 0.03 },
      ]),
    ).toEqual({ optimizer: 'gd', learningRate: 0.3 });
  });

  it('once every optimizer is shown, takes the last one at ten times its rate', () => {
    const all = OPTIMIZERS.map((optimizer) => ({ optimizer: optimizer.id, learningRate: 0.05 }));
    expect(nextGroup(all)).toEqual({ optimizer: OPTIMIZERS.at(-1)!.id, learningRate: 0.5 });
  });

  it('is never a copy of a group already shown', () => {
    const groups = [{ optimizer: 'gd', learningRate: 0.1 }];
    for (let i = 0; i < 7; i++) {
      const next = nextGroup(groups);
      if (!next) throw new Error('no group');
      expect(groups.some((group) => JSON.stringify(group) === JSON.stringify(next))).toBe(false);
      groups.push(next);
    }
    expect(nextGroup([])).toBeNull();
  });
});

describe('queuedUntil', () => {
  it('keeps calls made before the start and makes them, in order, once it has started', async () => {
    const calls: string[] = [];
    let start: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      start = resolve;
    });
    const queued = queuedUntil({ step: () => calls.push('step'), reset: () => calls.push('reset') }, ready);
    queued.step();
    queued.reset();
    queued.step();
    expect(calls).toEqual([]);
    start();
    await ready;
    await Promise.resolve();
    expect(calls).toEqual(['step', 'reset', 'step']);
    queued.reset();
    expect(calls).toEqual(['step', 'reset', 'step', 'reset']);
  });

  it('drops the kept calls when the start fails', async () => {
    const calls: string[] = [];
    const ready = Promise.reject(new Error('no start'));
    const queued = queuedUntil({ step: () => calls.push('step') }, ready);
    queued.step();
    await ready.catch(() => undefined);
    await Promise.resolve();
    expect(calls).toEqual([]);
  });
});

describe('the caption’s memory', () => {
  /** A Storage whose every use throws, as in some private modes. */
  const refusing = (): Storage => {
    throw new DOMException('denied', 'SecurityError');
  };

  it('remembers a dismissal', () => {
    const values = new Map<string, string>();
    const storage = (): Storage =>
      ({
        getItem: (key: string) => values.get(key) ?? null,
        setItem: (key: string, value: string) => values.set(key, value),
      }) as unknown as Storage;
    expect(captionDismissed(storage)).toBe(false);
    rememberDismissal(storage);
    expect(values.get(CAPTION_DISMISSED_KEY)).toBe('1');
    expect(captionDismissed(storage)).toBe(true);
  });

  it('shows the caption, and throws nothing, when storage refuses', () => {
    expect(captionDismissed(refusing)).toBe(false);
    expect(() => rememberDismissal(refusing)).not.toThrow();
  });
});

describe('the legend’s numbers and links', () => {
  it('writes the height bar’s ends with three significant digits, far values in exponent form', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(2)).toBe('2');
    expect(formatValue(-1.0316284)).toBe('-1.03');
    expect(formatValue(890.5)).toBe('891');
    expect(formatValue(1_234_567)).toBe('1.2e+6');
    expect(formatValue(0.000123)).toBe('1.2e-4');
    expect(formatValue(Number.NaN)).toBe('–');
  });

  it('links into the lesson in the page’s language', () => {
    expect(lessonHref(undefined)).toBe('?lesson=slope');
    expect(lessonHref('he')).toBe('?lesson=slope&lang=he');
  });
});
