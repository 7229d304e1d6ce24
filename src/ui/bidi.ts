/**
 * Left-to-right islands in right-to-left text: a formula, a coordinate, a signed number. On a
 * Hebrew page, `-1.5` or `(1, -2)` left to the bidi algorithm can come out as `1.5-` or
 * `(2-, 1)`; these keep them as written. On a left-to-right page they change nothing.
 */
import { direction } from '../i18n/index.ts';

/** Plain text (a title, an option, a lil-gui name) kept left to right: Unicode isolates LRI…PDI. */
export function ltr(text: string): string {
  return direction() === 'rtl' ? isolate(text) : text;
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

/** Unicode's left-to-right isolate (LRI) and its end (PDI), which the string tables put around formulas. */
const LRI = '\u2066';
const PDI = '\u2069';

/** One piece of a text: a plain run, or an isolated one (a formula, a number with its unit). */
export interface TextRun {
  readonly text: string;
  readonly isolated: boolean;
}

/**
 * Splits `text` at its LRI…PDI isolates (written around formulas and numbers with units in both
 * string tables), dropping the marks. An LRI with no PDI isolates the rest of the text.
 */
export function splitIsolates(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(LRI, at);
    if (open < 0) break;
    if (open > at) runs.push({ text: text.slice(at, open), isolated: false });
    const close = text.indexOf(PDI, open + 1);
    const end = close < 0 ? text.length : close;
    if (end > open + 1) runs.push({ text: text.slice(open + 1, end), isolated: true });
    at = close < 0 ? text.length : close + 1;
  }
  if (at < text.length) runs.push({ text: text.slice(at), isolated: false });
  return runs;
}

/**
 * `text` as nodes for an element: each LRI…PDI run becomes a `<span class="inline-formula" dir="ltr">`,
 * which src/i18n.css keeps on one line and isolated, so a formula neither reorders in Hebrew nor
 * breaks in the middle; the rest stays plain text.
 */
export function richText(doc: Document, text: string): Node[] {
  return splitIsolates(text).map((run) => {
    if (!run.isolated) return doc.createTextNode(run.text);
    const span = doc.createElement('span');
    span.className = 'inline-formula';
    span.dir = 'ltr';
    span.textContent = run.text;
    return span;
  });
}

/** An isolated run in a string table's placeholder: `t(key, { x: isolate('2.5') })`. */
export function isolate(text: string): string {
  return `${LRI}${text}${PDI}`;
}
