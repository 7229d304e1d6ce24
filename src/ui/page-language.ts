/**
 * Puts the page in the chosen language: `<html lang dir>`, the title, and every element of
 * index.html marked `data-i18n` (its text), `data-i18n-title` or `data-i18n-aria-label` (those
 * attributes). The parts built by code take their strings from `t()` themselves.
 */

import type { Language } from '../core/url-state.ts';
import { direction, type StringKey, setLanguage, t } from '../i18n/index.ts';

export function applyPageLanguage(doc: Document, language: Language): void {
  setLanguage(language);
  doc.documentElement.lang = language;
  doc.documentElement.dir = direction();
  doc.title = t('app.title');
  for (const element of doc.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n as StringKey);
  }
  for (const element of doc.querySelectorAll<HTMLElement>('[data-i18n-title]')) {
    element.title = t(element.dataset.i18nTitle as StringKey);
  }
  for (const element of doc.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel as StringKey));
  }
}
