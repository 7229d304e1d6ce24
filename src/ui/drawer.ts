/**
 * Phones and tablets: the control panel (lil-gui) and the left column (HUD, statistics, charts,
 * lesson) move into one drawer, so the view can take the whole screen and a button opens and
 * closes them. The drawer element always exists; on wide windows src/responsive.css gives it no
 * box of its own (`display: contents`), so the panel and the column sit where style.css puts
 * them and the button is not shown. One drawer for both, rather than two, so that one scroll
 * reaches everything when it is taller than the screen.
 */
import { t } from '../i18n/index.ts';
import { DRAWER_SCREEN } from './layout.ts';

/** The drawer's element id, which the button's `aria-controls` names. */
export const DRAWER_ID = 'drawer';

export interface Drawer {
  readonly element: HTMLElement;
  readonly toggle: HTMLButtonElement;
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** Puts the panel and the column back where they were and removes the button. */
  dispose(): void;
}

/**
 * Builds the button and the drawer in `root` (the page's `#app`) and moves into it the left
 * column (`.side`) and every auto-placed lil-gui panel, so call it after the panel is built.
 * The drawer starts closed.
 */
export function installDrawer(root: HTMLElement): Drawer {
  const element = document.createElement('aside');
  element.id = DRAWER_ID;
  element.className = 'drawer';
  element.setAttribute('aria-label', t('drawer.region'));

  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'drawer-toggle';
  toggle.setAttribute('aria-controls', DRAWER_ID);
  const icon = document.createElement('span');
  icon.className = 'drawer-toggle-icon';
  icon.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.textContent = t('drawer.toggle');
  toggle.append(icon, label);

  const side = root.querySelector<HTMLElement>(':scope > .side');
  // The panel first: it is what the button's label promises at the top.
  const contents = [...autoPlacedPanels(), ...(side ? [side] : [])];
  // Where each moved element came from, so dispose() can put it back.
  const moved = contents.map((node) => ({ node, parent: node.parentNode, next: node.nextSibling }));
  // In the column's place, so the reading and Tab order stays view, messages, controls; the
  // button just before the drawer it opens.
  root.insertBefore(toggle, side);
  root.insertBefore(element, side);
  element.append(...contents);

  let open = false;
  const setOpen = (next: boolean): void => {
    open = next;
    element.dataset.open = String(open);
    toggle.setAttribute('aria-expanded', String(open));
    icon.textContent = open ? '✕' : '☰';
  };
  setOpen(false);

  const onToggle = (): void => setOpen(!open);
  /**
   * Escape inside the drawer (or on its button) closes it and leaves the focus on the button.
   * Not on wide windows, where the button is hidden (no offsetParent) and nothing is a drawer.
   */
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !open || toggle.offsetParent === null) return;
    setOpen(false);
    toggle.focus();
  };
  toggle.addEventListener('click', onToggle);
  toggle.addEventListener('keydown', onKeyDown);
  // Capture: lil-gui stops its keys from bubbling out of the panel (so typing a number does not
  // trigger the page's shortcuts), and Escape there must still close the drawer.
  element.addEventListener('keydown', onKeyDown, true);

  return {
    element,
    toggle,
    isOpen: () => open,
    setOpen,
    dispose() {
      toggle.removeEventListener('click', onToggle);
      toggle.removeEventListener('keydown', onKeyDown);
      element.removeEventListener('keydown', onKeyDown, true);
      for (const { node, parent, next } of moved) parent?.insertBefore(node, next);
      toggle.remove();
      element.remove();
    },
  };
}

/** lil-gui's top-level panels that placed themselves in the page (`autoPlace`). */
function autoPlacedPanels(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('body > .lil-gui.lil-root')];
}

/**
 * Keeps `element` (the lesson) over the view on screens that use the drawer, as a bottom sheet
 * (src/responsive.css), so that it can be read beside the view without opening anything: there it
 * sits in `root` just before the left column (which the drawer takes). On wide windows it goes
 * back to where it was when this was called. Follows the window as it is resized or turned;
 * the returned function stops following it.
 */
export function keepOutOfDrawer(element: HTMLElement, root: HTMLElement): () => void {
  const home = { parent: element.parentNode, next: element.nextSibling };
  const query = window.matchMedia(DRAWER_SCREEN);
  const place = (): void => {
    if (query.matches) {
      // Before the drawer's button once it exists, else before the column it will take.
      const anchor = root.querySelector(':scope > .drawer-toggle, :scope > .drawer, :scope > .side');
      if (element.parentNode !== root) root.insertBefore(element, anchor);
    } else if (element.parentNode !== home.parent) home.parent?.insertBefore(element, home.next);
  };
  place();
  query.addEventListener('change', place);
  return () => query.removeEventListener('change', place);
}
