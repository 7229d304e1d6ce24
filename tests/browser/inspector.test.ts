/** The inspector panel: readable numbers, never NaN, hidden while nothing is inspected. */
import { afterEach, describe, expect, test } from 'vitest';
import type { InspectedBall } from '../../src/engine/protocol.ts';
import { setLanguage } from '../../src/i18n/index.ts';
import { formatNumber, Inspector } from '../../src/ui/inspector.ts';

const host = document.createElement('div');
document.body.append(host);

afterEach(() => {
  host.replaceChildren();
  setLanguage('en');
});

const ball: InspectedBall = {
  group: 1,
  ball: 7,
  index: 1007,
  step: 120,
  status: 'active',
  x: 1.23456,
  y: -0.000012345,
  loss: 170,
  gradient: [-22.5, 1234567],
  steepness: 1234567.2,
  velocity: [0.01, -0.02],
  nextStep: [0.0123, 0],
  optimizer: 'momentum',
  learningRate: 0.001,
};

const text = (testid: string): string =>
  host.querySelector(`[data-testid="${testid}"]`)?.textContent ?? '(missing)';

describe('Inspector', () => {
  test('hidden with nothing inspected, then the ball’s numbers', () => {
    const onClose: string[] = [];
    const inspector = new Inspector(host, () => onClose.push('closed'));
    const panel = host.querySelector<HTMLElement>('[data-testid="inspector"]')!;
    expect(panel.hidden).toBe(true);
    inspector.update(ball);
    expect(panel.hidden).toBe(false);
    expect(text('inspector-title')).toBe('group 1 · ball 7');
    expect(text('inspector-status')).toBe('active');
    expect(text('inspector-optimizer')).toBe('momentum · lr 0.001');
    expect(text('inspector-step')).toBe('120');
    expect(text('inspector-position')).toBe('(1.235, -1.23e-5)');
    expect(text('inspector-loss')).toBe('170');
    expect(text('inspector-gradient')).toBe('(-22.5, 1.23e6)');
    expect(text('inspector-velocity')).toBe('(0.01, -0.02)');
    expect(text('inspector-next-step')).toBe('(0.0123, 0)');
    panel.querySelector('button')!.click();
    expect(onClose).toEqual(['closed']);
    inspector.update(null);
    expect(panel.hidden).toBe(true);
  });

  test('never NaN: a diverged ball’s non-finite numbers read "—"; no velocity row without one', () => {
    const inspector = new Inspector(host);
    inspector.update({
      ...ball,
      status: 'diverged',
      loss: Number.POSITIVE_INFINITY,
      gradient: [Number.NaN, Number.NaN],
      steepness: Number.NaN,
      velocity: null,
      optimizer: 'gd',
    });
    const panel = host.querySelector<HTMLElement>('[data-testid="inspector"]')!;
    expect(panel.textContent).not.toMatch(/NaN|Infinity|undefined/);
    expect(text('inspector-loss')).toBe('—');
    expect(text('inspector-gradient')).toBe('(—, —)');
    expect(host.querySelector<HTMLElement>('[data-testid="inspector-velocity"]')!.hidden).toBe(true);
  });

  test('in Hebrew: Hebrew words, numbers and formulas kept left to right', () => {
    setLanguage('he');
    const inspector = new Inspector(host, () => {});
    inspector.update(ball);
    const panel = host.querySelector<HTMLElement>('[data-testid="inspector"]')!;
    expect(panel.getAttribute('aria-label')).toBe('הכדור הנבדק');
    expect(text('inspector-title')).toBe('קבוצה 1 · כדור 7');
    expect(text('inspector-status')).toBe('בתנועה');
    expect(panel.querySelector<HTMLElement>('[data-testid="inspector-status"]')!.dataset.status).toBe(
      'active',
    );
    expect(text('inspector-optimizer')).toBe('מומנטום · קצב \u20660.001\u2069');
    // The numbers stay just the numbers, in a left-to-right element.
    const position = host.querySelector<HTMLElement>('[data-testid="inspector-position"]')!;
    expect(position.textContent).toBe('(1.235, -1.23e-5)');
    expect(position.dir).toBe('ltr');
    expect(panel.textContent).not.toMatch(/optimizer|steepness|velocity|Esc or a click/);
  });

  test('formatNumber', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(Math.PI)).toBe('3.142');
    expect(formatNumber(1e-9)).toBe('1.00e-9');
    expect(formatNumber(-123456)).toBe('-1.23e5');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});
