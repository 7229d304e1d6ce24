/**
 * The app's state as it lives in the URL (README: "URL parameters"): the state and what follows
 * from it (app-state.ts), reading an address (url-parse.ts) and writing one (url-format.ts), with
 * the `groups=` syntax (groups-syntax.ts). Importers take it all from here.
 */
export * from './app-state.ts';
export { formatGroups } from './groups-syntax.ts';
export { encodeExpression, formatSpeed, formatUrlState } from './url-format.ts';
export { type ParsedUrlState, parseSpeed, parseUrlState } from './url-parse.ts';
