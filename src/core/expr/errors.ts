import type { Message } from '../message.ts';

/** A mistake in a typed formula, and where it is, for the message under the formula field. */
export interface ExpressionError {
  /** What is wrong, as a code for src/i18n to put in words (`expr.` keys). */
  readonly message: Message;
  /** 0-based index into the text (UTF-16 code units) where the mistake starts; may be text.length. */
  readonly position: number;
  /** How many characters the mistake spans (0 for "something is missing here"). */
  readonly length: number;
}

export function expressionError(message: Message, position: number, length = 0): ExpressionError {
  return { message, position, length };
}

/** A character as a message can show it: quoted when printable ASCII, else its code point. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  if (character === '"') return `'"'`;
  if (code >= 0x21 && code <= 0x7e) return `"${character}"`;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
