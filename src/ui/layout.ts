/**
 * Phones and narrow windows: the panel and the charts start folded, so the view is not covered
 * the moment the page opens. Must match the `@media` query of the same width in style.css.
 */
export const NARROW_SCREEN = '(max-width: 760px)';

export function isNarrowScreen(): boolean {
  return window.matchMedia(NARROW_SCREEN).matches;
}
