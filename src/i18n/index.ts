/**
 * The page's language: `lang=en` (default) or `lang=he`. `t(key, values)` looks a string up in
 * the current language's table and fills in its `{name}` marks. DOM-free; `applyDocumentLanguage`
 * in src/ui sets `<html lang dir>`.
 */
import { type Message, MessageError, type MessageValue } from '../core/message.ts';
import type { Language } from '../core/url-state.ts';
import { en, type StringKey } from './en.ts';
import { he } from './he.ts';

export type { Language } from '../core/url-state.ts';
export type { StringKey } from './en.ts';

export const TABLES: Readonly<Record<Language, Readonly<Record<StringKey, string>>>> = { en, he };

/** Writing direction of each language. */
export const DIRECTION: Readonly<Record<Language, 'ltr' | 'rtl'>> = { en: 'ltr', he: 'rtl' };

let current: Language = 'en';

export function setLanguage(language: Language): void {
  current = language;
}

export function language(): Language {
  return current;
}

export function direction(): 'ltr' | 'rtl' {
  return DIRECTION[current];
}

/** `t('hud.step')`, `t('stats.converged', { pct: 12 })`: the current language's text. */
export function t(key: StringKey, values?: Readonly<Record<string, string | number>>): string {
  const text = TABLES[current][key] ?? en[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (mark, name: string) => (name in values ? String(values[name]) : mark));
}

/** Whether a key built at run time (`landscape.${id}`) is in the tables. */
export function isStringKey(key: string): key is StringKey {
  return Object.hasOwn(en, key);
}

/**
 * A message from the core (src/core/message.ts) in the current language, its values filled in
 * (a value that is a message is translated first). A code missing from the tables, which the
 * unit tests rule out for every code the core uses, shows as the code itself.
 */
export function translate(message: Message): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values ?? {})) values[name] = translateValue(value);
  return isStringKey(message.code) ? t(message.code, values) : message.code;
}

function translateValue(value: MessageValue): string | number {
  return typeof value === 'object' ? translate(value) : value;
}

/** The words an error carries for a person: a core message translated, else its own message. */
export function errorText(error: unknown): string {
  if (error instanceof MessageError) return translate(error.detail);
  return error instanceof Error ? error.message : String(error);
}
