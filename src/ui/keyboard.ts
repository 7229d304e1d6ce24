/**
 * Keyboard shortcuts: space plays or pauses, right arrow steps once, r resets, wherever the focus
 * is except where the key has a use of its own (a text field, a slider...). Shift with an arrow is
 * the view's (src/ui/view-keys.ts).
 */
export interface ShortcutActions {
  togglePlay(): void;
  step(): void;
  reset(): void;
}

/** Installs the shortcuts on `target`; returns a function that removes them. */
export function installShortcuts(target: Window, actions: ShortcutActions): () => void {
  const onKey = (event: KeyboardEvent): void => {
    // A key something else already handled (lil-gui's controls stop theirs from reaching here).
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (keyBelongsToTarget(event.key, event.target)) return;
    if (event.key === ' ') {
      // Held down, the key would flicker between play and pause.
      if (!event.repeat) actions.togglePlay();
    } else if (event.key === 'ArrowRight' && !event.shiftKey) actions.step();
    else if (event.key === 'r' || event.key === 'R') {
      if (!event.repeat) actions.reset();
    } else return;
    event.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}

/** Input types that take no typed text: a key on them is a shortcut unless it presses them. */
const PRESSED_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'reset', 'submit']);
/** Roles whose element a key presses (Space) or moves in (arrows). */
const PRESSED_ROLES = new Set(['button', 'checkbox', 'link', 'menuitem', 'option', 'radio', 'switch', 'tab']);
const ARROW_ROLES = new Set(['listbox', 'menu', 'radiogroup', 'slider', 'spinbutton', 'tablist', 'tree']);

/**
 * Whether the focused element has its own meaning for `key`, so the shortcut must not fire too:
 * every key typed into a text field, a number field or a list belongs to it; Space presses a
 * button, a checkbox, a link or a `<summary>` (a shortcut on top would undo the press); arrows move
 * a slider or a radio group. `r` and → on a button still work as shortcuts.
 */
export function keyBelongsToTarget(key: string, target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  const type = tag === 'INPUT' ? (target as HTMLInputElement).type : '';
  if (tag === 'INPUT' && !PRESSED_INPUTS.has(type) && type !== 'range') return true;
  const role = target.getAttribute('role') ?? '';
  if (key === ' ' || key === 'Enter') {
    return (
      tag === 'BUTTON' ||
      tag === 'SUMMARY' ||
      (tag === 'A' && target.hasAttribute('href')) ||
      tag === 'INPUT' ||
      PRESSED_ROLES.has(role)
    );
  }
  if (key.startsWith('Arrow')) {
    return type === 'range' || type === 'radio' || ARROW_ROLES.has(role) || role === 'radio';
  }
  return false;
}

/**
 * `actions` that wait for `ready`: a call made before it resolves is kept and made, in order, once
 * it does (a key pressed while the page says "starting…" takes effect when the run has started);
 * after a failed start the kept calls are dropped. Calls after `ready` go straight through.
 */
export function queuedUntil<K extends string>(
  actions: Readonly<Record<K, () => void>>,
  ready: Promise<unknown>,
): Record<K, () => void> {
  let started = false;
  const waiting: (() => void)[] = [];
  ready.then(
    () => {
      started = true;
      for (const call of waiting.splice(0)) call();
    },
    () => {
      waiting.length = 0;
    },
  );
  const names = Object.keys(actions) as K[];
  return Object.fromEntries(
    names.map((name) => [
      name,
      () => {
        if (started) actions[name]();
        else waiting.push(() => actions[name]());
      },
    ]),
  ) as Record<K, () => void>;
}
