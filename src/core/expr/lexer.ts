/**
 * Splits a formula into tokens. Besides ASCII it takes the symbols the panel's preset formulas
 * show, so a copied formula types back in: `π` for pi, `·` and `×` for `*`, `−` for `-`; and
 * `**` for `^`, as JavaScript and Python write powers.
 */
import { type MessageCode, message } from '../message.ts';
import { describeCharacter, type ExpressionError, expressionError } from './errors.ts';

export type Operator = '+' | '-' | '*' | '/' | '^';

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | {
      readonly kind: 'name';
      readonly name: string;
      readonly start: number;
      readonly end: number;
      /** Written as a symbol (π), which may be followed by a name without `*`. */
      readonly symbol?: true;
    }
  | { readonly kind: 'operator'; readonly operator: Operator; readonly start: number; readonly end: number }
  | { readonly kind: '(' | ')' | ',' | 'end'; readonly start: number; readonly end: number };

export type LexResult =
  | { readonly ok: true; readonly tokens: readonly Token[] }
  | { readonly ok: false; readonly error: ExpressionError };

// Sticky (`y`) patterns match exactly at lastIndex. An exponent is only taken with its digits, so
// `2e` is 2 times e and `2e-x` is 2e - x, while `2e-3` is 0.002.
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /\s/;

const SINGLE_OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['+', '+'],
  ['-', '-'],
  ['\u2212', '-'],
  ['*', '*'],
  ['\u00b7', '*'],
  ['\u00d7', '*'],
  ['/', '/'],
  ['^', '^'],
]);

/** Hints for characters people plausibly type for something the grammar spells differently. */
const CHARACTER_HINTS: ReadonlyMap<string, MessageCode> = new Map<string, MessageCode>([
  ['=', 'expr.hint.right-hand-side'],
  ['[', 'expr.hint.parentheses'],
  [']', 'expr.hint.parentheses'],
  ['{', 'expr.hint.parentheses'],
  ['}', 'expr.hint.parentheses'],
  [';', 'expr.hint.single'],
  ['.', 'expr.hint.point'],
  ['²', 'expr.hint.squared'],
]);

/** The tokens of `text`, ending with an `end` token at text.length; or the first bad character. */
export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (WHITESPACE.test(char)) {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      const value = Number(number[0]);
      const end = i + number[0].length;
      if (!Number.isFinite(value)) {
        return { ok: false, error: expressionError(message('expr.number-too-large'), i, end - i) };
      }
      tokens.push({ kind: 'number', value, start: i, end });
      i = end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', name: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if (char === '\u03c0') {
      tokens.push({ kind: 'name', name: 'pi', start: i, end: i + 1, symbol: true });
      i++;
      continue;
    }
    if (char === '*' && text[i + 1] === '*') {
      tokens.push({ kind: 'operator', operator: '^', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    const operator = SINGLE_OPERATORS.get(char);
    if (operator) {
      tokens.push({ kind: 'operator', operator, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, start: i, end: i + 1 });
      i++;
      continue;
    }
    // A character outside the grammar. Measured by code point so an emoji is marked whole.
    const codePoint = String.fromCodePoint(text.codePointAt(i)!);
    const hint = CHARACTER_HINTS.get(codePoint);
    const character = describeCharacter(codePoint);
    const problem = hint
      ? message('expr.unexpected-character-hint', { character, hint: message(hint) })
      : message('expr.unexpected-character', { character });
    return { ok: false, error: expressionError(problem, i, codePoint.length) };
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return { ok: true, tokens };
}
