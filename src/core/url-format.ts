/** Writing the app's state as an address: what url-parse.ts reads back equal. */
import { type AppState, DEFAULT_STATE, stateDimensions } from './app-state.ts';
import { formatGroups } from './groups-syntax.ts';
import { formatModel } from './url-model.ts';

/** `max` or the number of steps per second: what parseSpeed reads back. */
export function formatSpeed(speed: number): string {
  return speed === Number.POSITIVE_INFINITY ? 'max' : String(speed);
}

/** The query string (with `?`, or empty) for a state; parameters at their default are left out. */
export function formatUrlState(state: AppState): string {
  const params = new URLSearchParams();
  const d = DEFAULT_STATE;
  const is1d = stateDimensions(state) === 1;
  // First, as it decides what the rest of the address is for.
  if (state.lesson) params.set('lesson', state.lesson);
  if (state.model) {
    // The typed model's formula goes first, readable, like a typed landscape's (below).
    for (const [name, value] of formatModel(state.model)) if (name !== 'expr') params.set(name, value);
  } else if (state.fn !== d.fn) params.set('fn', state.fn);
  if (state.domain) {
    const { xMin, xMax, yMin, yMax } = state.domain;
    params.set('domain', (is1d ? [xMin, xMax] : [xMin, xMax, yMin, yMax]).join(','));
  }
  if (state.n !== d.n) params.set('n', String(state.n));
  if (state.start !== d.start) params.set('start', state.start);
  if (state.at) params.set('at', (is1d ? [state.at[0]] : state.at).join(','));
  if (state.groups) params.set('groups', formatGroups(state.groups));
  else if (state.lr.length > 0) params.set('lr', state.lr.join(','));
  if (state.seed !== d.seed) params.set('seed', String(state.seed));
  if (state.backend !== d.backend) params.set('backend', state.backend);
  if (state.speed !== d.speed) params.set('speed', formatSpeed(state.speed));
  if (state.paused !== d.paused) params.set('paused', state.paused ? '1' : '0');
  if (state.embed) params.set('embed', '1');
  if (state.lang) params.set('lang', state.lang);
  const text = params
    .toString()
    .replaceAll('%2C', ',')
    .replaceAll('%3A', ':')
    .replaceAll('%3D', '=')
    .replaceAll('%3B', ';');
  // The formula goes first, readable: only what would change its meaning is escaped.
  const all = [
    ...(state.model?.expr !== undefined
      ? [`expr=${encodeExpression(state.model.expr)}`]
      : state.expr !== null && !state.model
        ? [`expr=${encodeExpression(state.expr)}`]
        : []),
    ...(text ? [text] : []),
  ];
  return all.length > 0 ? `?${all.join('&')}` : '';
}

/**
 * `x^2%2B3*sin(y)`: encodeURIComponent, then `^ / ,` back as themselves (they mean nothing
 * special in a query value). `+` stays `%2B`, or it would read back as a space.
 */
export function encodeExpression(text: string): string {
  return encodeURIComponent(text).replaceAll('%5E', '^').replaceAll('%2F', '/').replaceAll('%2C', ',');
}
