/**
 * The HUD's one-line hint. With a mouse and keyboard it names the drag, the wheel and the keys;
 * on a touch screen, which has neither wheel nor keys, it names the gestures instead. Call it
 * before the page's strings are translated (it swaps a `data-i18n` key).
 */
export function adaptHint(page: Document, touch: boolean): void {
  if (!touch) return;
  page.querySelector('[data-i18n="hint.camera"]')?.setAttribute('data-i18n', 'hint.camera-touch');
  for (const keys of page.querySelectorAll<HTMLElement>('.hint-keys')) keys.hidden = true;
}
