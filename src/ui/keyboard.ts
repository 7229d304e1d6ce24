/** Keyboard shortcuts: space plays or pauses, right arrow steps once, r resets. */
export interface ShortcutActions {
  togglePlay(): void;
  step(): void;
  reset(): void;
}

/** Installs the shortcuts on `target`; returns a function that removes them. */
export function installShortcuts(target: Window, actions: ShortcutActions): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === ' ') actions.togglePlay();
    else if (event.key === 'ArrowRight') actions.step();
    else if (event.key === 'r' || event.key === 'R') actions.reset();
    else return;
    event.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}

/** Keys typed into a field (or pressed on a button) belong to that field, not to the shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName);
}
