/**
 * Reduced motion: a person who asks their system for less motion (`prefers-reduced-motion:
 * reduce`) gets a run that waits for them to press play, unless the address says otherwise
 * (`paused=0` plays, `paused=1` waits, whatever the preference). A lesson page does not start
 * playing by itself either.
 */

/** Whether the system asks for reduced motion. False where there is no `matchMedia` (tests). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Whether the run starts paused: the URL's value when it gives `paused` explicitly, else paused
 * under reduced motion, else the URL parser's value (its default: playing).
 * @param urlPaused `paused` as the URL parser read it (false when absent).
 * @param explicit whether the URL has `paused` at all.
 */
export function startsPaused(urlPaused: boolean, explicit: boolean, reducedMotion: boolean): boolean {
  return explicit ? urlPaused : urlPaused || reducedMotion;
}

/** The state the app boots with, its `paused` decided by `startsPaused` for this address. */
export function withMotionPreference<S extends { readonly paused: boolean }>(
  state: S,
  search: string,
  reducedMotion: boolean = prefersReducedMotion(),
): S {
  const paused = startsPaused(state.paused, new URLSearchParams(search).has('paused'), reducedMotion);
  return paused === state.paused ? state : { ...state, paused };
}

/**
 * A lesson page's view under reduced motion: it stays paused if the run was paused (the person
 * presses play), rather than starting to move on its own; a run already playing keeps playing.
 */
export function withoutAutoPlay<S extends { readonly paused: boolean }>(
  next: S,
  current: { readonly paused: boolean },
  reducedMotion: boolean = prefersReducedMotion(),
): S {
  return reducedMotion && current.paused && !next.paused ? { ...next, paused: true } : next;
}
