import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/plain-config.ts';
import { formatUrlState, parseUrlState, stateLandscape, stateToConfig } from '../../src/core/url-state.ts';

const codes = (search: string) => parseUrlState(search).warnings.map((w) => w.code);

describe('model= in the address', () => {
  it('reads a model with its data, and writes it back equal', () => {
    const { state, warnings } = parseUrlState('?model=line&data=far&points=200&noise=0.5&normalise=1');
    expect(warnings).toEqual([]);
    expect(state.model).toEqual({ model: 'line', data: 'far', points: 200, noise: 0.5, normalise: true });
    const text = formatUrlState(state);
    expect(text).toBe('?model=line&data=far&points=200&noise=0.5&normalise=1');
    expect(parseUrlState(text).state).toEqual(state);
  });

  it('gives each model its own data when none is named, and its parameters as the axes', () => {
    expect(parseUrlState('?model=line0').state.model?.data).toBe('chapter');
    expect(parseUrlState('?model=logistic').state.model?.data).toBe('classes');
    const landscape = stateLandscape(parseUrlState('?model=neuron').state);
    expect(landscape.variables).toEqual(['w', 'v']);
    expect(landscape.fit?.model.id).toBe('neuron');
    // line0 on the chapter's data: the chapter's curve, a 1D landscape with its minimum at w = 3.
    const chapter = stateLandscape(parseUrlState('?model=line0').state);
    expect(chapter.dimensions).toBe(1);
    expect(chapter.f(1, 0)).toBeCloseTo(6, 12);
    expect(chapter.minima[0]?.x).toBeCloseTo(3, 12);
  });

  it('keeps a typed model in expr= and the inline points in data=, readable', () => {
    const search = '?expr=w*x^2%2Bb&model=expr&data=0,1;1,2;2,5';
    const { state, warnings } = parseUrlState(search);
    expect(warnings).toEqual([]);
    expect(state.expr).toBeNull();
    expect(state.model).toEqual({ model: 'expr', expr: 'w*x^2+b', data: '0,1;1,2;2,5' });
    expect(formatUrlState(state)).toBe(search);
    expect(stateLandscape(state).variables).toEqual(['w', 'b']);
  });

  it('crosses to the worker as plain data that builds the same landscape', () => {
    const { state } = parseUrlState('?model=line&data=linear&seed=7');
    const config = stateToConfig(state);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    const resolved = resolveConfig(config).landscape;
    expect(resolved.minima).toEqual(stateLandscape(state).minima);
  });

  it('reads batch= per group, and writes it back', () => {
    const { state, warnings } = parseUrlState('?model=line&groups=gd:0.1,gd:0.1:batch=8');
    expect(warnings).toEqual([]);
    expect(state.groups?.[1]?.batch).toBe(8);
    expect(formatUrlState(state)).toContain('groups=gd:0.1,gd:0.1:batch=8');
  });

  it('falls back with a warning for every bad value, and never throws', () => {
    expect(codes('?model=tree')).toEqual(['data.model']);
    expect(parseUrlState('?model=tree').state.model).toBeUndefined();
    // Bad data: the model's own data instead.
    const badData = parseUrlState('?model=line&data=nonsense');
    expect(badData.warnings.map((w) => w.code)).toEqual(['url.data-fallback']);
    expect(badData.state.model?.data).toBe('linear');
    // Logistic needs labels.
    expect(parseUrlState('?model=logistic&data=1,2;3,4').state.model?.data).toBe('classes');
    expect(codes('?model=line&points=0')).toEqual(['data.points']);
    expect(codes('?model=line&points=1e9')).toEqual(['data.points']);
    expect(codes('?model=line&noise=-1')).toEqual(['data.noise']);
    expect(codes('?model=line&normalise=maybe')).toEqual(['url.normalise']);
    expect(codes('?model=expr&expr=x%2By')).toEqual(['url.model-expr']);
    expect(codes('?model=expr')).toEqual(['url.model-expr']);
    expect(codes('?data=far')).toEqual(['url.data-without-model']);
    expect(codes('?groups=gd:0.1:batch=8')).toEqual(['url.batch-without-data']);
    expect(parseUrlState('?groups=gd:0.1:batch=8').state.groups?.[0]?.batch).toBeUndefined();
    expect(codes('?model=line&groups=gd:0.1:batch=0')).toEqual(['url.groups-item']);
    expect(codes('?model=line&data=1,2;x,4')).toEqual(['url.data-fallback']);
  });
});

describe('the data pane’s arithmetic', () => {
  it('writes edited points back as data= that reads back the same points', async () => {
    const { editData, formatInlineData, plotTicks } = await import('../../src/ui/data-edit.ts');
    const { parseInlineData } = await import('../../src/core/data/resolve.ts');
    const data = { x: Float64Array.of(-2, 0, 2), y: Float64Array.of(-2, 0, 2) };
    const added = editData(data, -1, [1.234567, -0.000012346]);
    expect(formatInlineData(added.x, added.y)).toBe('-2,-2;0,0;2,2;1.235,-0.00001235');
    const moved = editData(data, 1, [0.5, 1]);
    expect(Array.from(moved.y)).toEqual([-2, 1, 2]);
    const removed = editData(data, 0, null);
    const back = parseInlineData(formatInlineData(removed.x, removed.y));
    expect(back.ok && Array.from(back.data.x)).toEqual([0, 2]);
    expect(plotTicks(195.3, 204.9).map((t) => t.text)).toEqual(['196', '198', '200', '202', '204']);
    expect(plotTicks(-0.15, 1.15, 3).map((t) => t.text)).toEqual(['0', '0.5', '1']);
    expect(plotTicks(-2.5, 2.5).map((t) => t.text)).toEqual(['-2', '-1', '0', '1', '2']);
  });
});
