/**
 * Words and excerpts for a typed expression's error: where the mistake is, shown in a short window
 * of the text (the text can be 100,000 characters long), for the URL's warning and the panel's
 * field alike.
 */
import type { ExpressionError } from './expr/index.ts';
import { type Message, message } from './message.ts';

/** The text around an error, cut to a window: before it, the mistake itself, after it. */
export interface ErrorExcerpt {
  /** Text before the mistake, with a leading `…` when cut. */
  readonly before: string;
  /** The characters the error points at (at least one: a space stands for "the end"). */
  readonly marked: string;
  /** Text after the mistake, with a trailing `…` when cut. */
  readonly after: string;
}

/** Characters of context kept on each side of the mistake. */
const CONTEXT = 24;
/** Longest stretch of the mistake itself that is shown. */
const MARKED_MAX = 24;

/** The window of `text` around `error` (positions count UTF-16 code units from 0). */
export function errorExcerpt(text: string, error: ExpressionError, context = CONTEXT): ErrorExcerpt {
  const position = Math.min(Math.max(0, Math.trunc(error.position) || 0), text.length);
  const length = Math.max(1, Math.trunc(error.length) || 0);
  const end = Math.min(text.length, position + Math.min(length, MARKED_MAX));
  const from = Math.max(0, position - context);
  const to = Math.min(text.length, end + context);
  const marked = text.slice(position, end);
  return {
    before: `${from > 0 ? '…' : ''}${oneLine(text.slice(from, position))}`,
    // Past the end of the text (a missing ")"): a space to put the marker under.
    marked: marked === '' ? ' ' : `${oneLine(marked)}${end < position + length ? '…' : ''}`,
    after: `${oneLine(text.slice(end, to))}${to < text.length ? '…' : ''}`,
  };
}

/**
 * One line for the message area: `expr: <the compiler's message> (at 4: x^2+⟦foo⟧(y))`. The
 * brackets mark the mistake, so it can be found without a monospaced caret line.
 */
export function describeExpressionError(text: string, error: ExpressionError): Message {
  const { before, marked, after } = errorExcerpt(text, error);
  return message('expr.error', {
    message: error.message,
    position: error.position,
    excerpt: `${before}⟦${marked}⟧${after}`,
  });
}

/** Tabs and line breaks as spaces: the excerpt stays one line, and columns stay aligned. */
function oneLine(text: string): string {
  return text.replace(/[\t\r\n\v\f]/g, ' ');
}
