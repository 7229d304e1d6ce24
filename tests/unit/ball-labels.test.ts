import { describe, expect, it } from 'vitest';
import { ballLabels, MAX_BALL_LABELS } from '../../src/worker/ball-labels.ts';

const colors = ['#ff0000', '#00ff00', '#0000ff'];

describe('ballLabels (SimWorkerApi.setBallLabels)', () => {
  it('colours each label by its ball group', () => {
    expect(
      ballLabels(
        [
          { index: 0, text: '0.1' },
          { index: 5, text: '1.1' },
        ],
        6,
        3,
        colors,
      ),
    ).toEqual([
      { index: 0, text: '0.1', color: '#ff0000' },
      { index: 5, text: '1.1', color: '#00ff00' },
    ]);
  });

  it('drops what is no label of a ball, never throws', () => {
    const wire: unknown = [
      { index: 7, text: 'no such ball' },
      { index: -1, text: 'negative' },
      { index: 1.5, text: 'fraction' },
      { index: 1, text: '' },
      { index: 2 },
      null,
      'text',
      { index: 2, text: 'ok' },
    ];
    expect(ballLabels(wire, 4, 4, colors)).toEqual([{ index: 2, text: 'ok', color: '#ff0000' }]);
    expect(ballLabels(null, 4, 4, colors)).toEqual([]);
    expect(ballLabels({ index: 0, text: 'x' }, 4, 4, colors)).toEqual([]);
  });

  it('draws a few dozen at most', () => {
    const many = Array.from({ length: 500 }, (_, index) => ({ index, text: String(index) }));
    expect(ballLabels(many, 1000, 1000, colors)).toHaveLength(MAX_BALL_LABELS);
  });
});
