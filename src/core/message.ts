/**
 * What the core has to say — a URL value it could not use, a formula's mistake — as a code and
 * the values to fill in, never as words: the core holds no UI text and does not know the page's
 * language. `translate` in src/i18n turns a message into a sentence in the language of the moment,
 * so a message made before the language is set (the URL is read first) still comes out in it.
 */

/** A string table key (src/i18n/en.ts) of the kinds the core speaks in. */
export type MessageCode = `${'url' | 'expr' | 'landscape' | 'data'}.${string}`;

/** A value for a message's `{mark}`: a number or text as it is, or a message translated in turn. */
export type MessageValue = string | number | Message;

export interface Message {
  readonly code: MessageCode;
  readonly values?: Readonly<Record<string, MessageValue>>;
}

export function message(code: MessageCode, values?: Readonly<Record<string, MessageValue>>): Message {
  return values ? { code, values } : { code };
}

/** Keeps a hostile 100 kB value the person gave from flooding the message that quotes it. */
export function truncate(text: string, limit = 40): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * An error that carries a message for the person (`translate(error.detail)`; the Error's own
 * `message`, for a log, is the code and its values): thrown where the core cannot return one,
 * e.g. resolving a config in the worker or in Node.
 */
export class MessageError extends RangeError {
  readonly detail: Message;

  constructor(detail: Message) {
    super(`${detail.code} ${JSON.stringify(detail.values ?? {})}`);
    this.name = 'MessageError';
    this.detail = detail;
  }
}
