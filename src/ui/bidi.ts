/**
 * Left-to-right islands in right-to-left text: a formula, a coordinate, a signed number. On a
 * Hebrew page, `-1.5` or `(1, -2)` left to the bidi algorithm can come out as `1.5-` or
 * `(2-, 1)`; these keep them as written. On a left-to-right page they change nothing.
 */
import { direction } from '../i18n/index.ts';

/** Plain text (a title, an option, a lil-gui name) kept left to right: Unicode isolates LRI…PDI. */
export function ltr(text: string): string {
  return direction() === 'rtl' ? `\u2066${text}\u2069` : text;
}

/**
 * An element holding a number or a formula: `dir="ltr"` isolates it, and the `num` class lets
 * src/i18n.css align it with its column on a right-to-left page. Its text stays just the value.
 */
export function ltrElement<T extends HTMLElement>(element: T): T {
  element.dir = 'ltr';
  element.classList.add('num');
  return element;
}
