/**
 * `data=` as a data set: a named generator (generators.ts) with `points` and `noise`, or points
 * written out, `x1,y1;x2,y2;...`. Never throws: what cannot be used comes back as a message (the
 * caller decides what to fall back to and says so where the person is looking).
 */
import { type Message, message, truncate } from '../message.ts';
import { type DataSet, isLabelled, MAX_POINTS } from './data-set.ts';
import { findGenerator, GENERATORS } from './generators.ts';

export interface DataRequest {
  /** A generator's id, or inline points. */
  readonly data: string;
  /** For a generator: how many points (its default when absent). */
  readonly points?: number | undefined;
  /** For a generator: the noise (its default when absent). */
  readonly noise?: number | undefined;
  readonly seed: number;
}

export type DataResult =
  | { readonly ok: true; readonly data: DataSet; readonly labels: boolean }
  | { readonly ok: false; readonly error: Message };

export function resolveData(request: DataRequest): DataResult {
  const text = typeof request.data === 'string' ? request.data.trim() : '';
  const generator = findGenerator(text);
  if (generator) {
    const points = request.points ?? generator.points;
    if (!Number.isInteger(points) || points < 1 || points > MAX_POINTS)
      return fail(message('data.points', { value: String(points), max: MAX_POINTS }));
    const noise = request.noise ?? generator.noise;
    if (!Number.isFinite(noise) || noise < 0) return fail(message('data.noise', { value: String(noise) }));
    return {
      ok: true,
      data: generator.make({ points, noise, seed: request.seed >>> 0 }),
      labels: generator.labels,
    };
  }
  if (!/[,;]/.test(text))
    return fail(
      message('data.unknown', {
        value: truncate(text),
        options: GENERATORS.map((g) => g.id).join(', '),
      }),
    );
  return parseInlineData(text);
}

/** Points written out: `x,y` pairs separated by `;` (an empty one, e.g. after a last `;`, is skipped). */
export function parseInlineData(text: string): DataResult {
  const pairs = text.split(';').filter((pair) => pair.trim() !== '');
  if (pairs.length === 0) return fail(message('data.empty'));
  if (pairs.length > MAX_POINTS)
    return fail(message('data.too-many', { count: pairs.length, max: MAX_POINTS }));
  const x = new Float64Array(pairs.length);
  const y = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const parts = pairs[i]!.split(',');
    const [px, py] = parts.map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
    if (parts.length !== 2 || !Number.isFinite(px) || !Number.isFinite(py))
      return fail(message('data.point', { index: i + 1, text: truncate(pairs[i]!.trim(), 24) }));
    x[i] = px!;
    y[i] = py!;
  }
  const data = { x, y };
  return { ok: true, data, labels: isLabelled(data) };
}

function fail(error: Message): DataResult {
  return { ok: false, error };
}
