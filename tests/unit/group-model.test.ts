import { describe, expect, it } from 'vitest';
import { groupConfig, groupLabel, groupModel, groupsShape, isPlainGroup } from '../../src/ui/group-model.ts';

describe('a group as the panel edits it', () => {
  it('fills in every hyper-parameter and schedule number, and writes back only what differs', () => {
    const model = groupModel({ optimizer: 'adam', learningRate: 0.05, params: { beta2: 0.99 } });
    expect(model.params).toEqual({ beta1: 0.9, beta2: 0.99, epsilon: 1e-8 });
    expect(model.noise).toBe(0);
    expect(model.schedule).toBe('constant');
    expect(groupConfig(model)).toEqual({ optimizer: 'adam', learningRate: 0.05, params: { beta2: 0.99 } });
  });

  it('round-trips noise and every schedule', () => {
    const groups = [
      { optimizer: 'gd', learningRate: 0.1, noise: 0.5 },
      { optimizer: 'momentum', learningRate: 0.01, schedule: { kind: 'step', every: 50, factor: 0.3 } },
      { optimizer: 'rmsprop', learningRate: 0.01, schedule: { kind: 'cosine', period: 300 } },
      { optimizer: 'nesterov', learningRate: 0.01, schedule: { kind: 'warmup', steps: 20 } },
    ] as const;
    for (const group of groups) expect(groupConfig(groupModel(group))).toEqual(group);
  });

  it('keeps the numbers of a schedule that is not picked, and leaves them out of the config', () => {
    const model = groupModel({
      optimizer: 'gd',
      learningRate: 0.1,
      schedule: { kind: 'cosine', period: 300 },
    });
    model.schedule = 'constant';
    expect(groupConfig(model)).toEqual({ optimizer: 'gd', learningRate: 0.1 });
    model.schedule = 'cosine';
    expect(groupConfig(model).schedule).toEqual({ kind: 'cosine', period: 300 });
  });

  it('tells a plain gradient-descent group (what lr= can say) and what a rate change leaves alone', () => {
    expect(isPlainGroup({ optimizer: 'gd', learningRate: 0.1 })).toBe(true);
    expect(isPlainGroup({ optimizer: 'gd', learningRate: 0.1, noise: 0.1 })).toBe(false);
    expect(isPlainGroup({ optimizer: 'momentum', learningRate: 0.1 })).toBe(false);
    expect(groupsShape([{ optimizer: 'gd', learningRate: 0.1 }])).toBe(
      groupsShape([{ optimizer: 'gd', learningRate: 0.5 }]),
    );
    expect(groupsShape([{ optimizer: 'gd', learningRate: 0.1 }])).not.toBe(
      groupsShape([{ optimizer: 'gd', learningRate: 0.1, noise: 1 }]),
    );
    expect(
      groupLabel({
        optimizer: 'adam',
        learningRate: 0.05,
        noise: 0.5,
        schedule: { kind: 'cosine', period: 9 },
      }),
    ).toBe('Adam 0.05 · noise 0.5 · cosine');
  });
});
