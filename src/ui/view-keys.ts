/**
 * The 3D view from the keyboard, with keys that leave the page's shortcuts alone (→ steps, space
 * plays, r resets, wherever the focus is): Shift with an arrow turns the camera (as a drag does)
 * wherever the focus is, except in a field that has its own use for the key; with the view
 * focused (Tab, or a click on it), + and − zoom (as the wheel does) and Enter drops a burst of
 * balls at the middle of the view (as a click on empty ground does).
 */
import { keyBelongsToTarget } from './keyboard.ts';

export interface ViewKeyActions {
  /** Turns by `azimuth` and `polar` radians; `zoom` below 1 comes closer. */
  orbit(azimuth: number, polar: number, zoom: number): void;
  drop(): void;
}

/** One press turns the view by 10°. */
const TURN = Math.PI / 18;
/** One press of + comes 15% closer; − goes back as far. */
const ZOOM_IN = 0.85;

type ViewKey = { readonly azimuth: number; readonly polar: number; readonly zoom: number } | 'drop';

/** The turns, by arrow, taken with Shift held. */
const TURNS: Readonly<Record<string, { azimuth: number; polar: number }>> = {
  ArrowLeft: { azimuth: -TURN, polar: 0 },
  ArrowRight: { azimuth: TURN, polar: 0 },
  ArrowUp: { azimuth: 0, polar: -TURN },
  ArrowDown: { azimuth: 0, polar: TURN },
};

/** What a key (with Shift held or not) does to the view, or null when the key is not the view's. */
export function viewKey(key: string, shift = false): ViewKey | null {
  const turn = TURNS[key];
  if (turn) return shift ? { ...turn, zoom: 1 } : null;
  switch (key) {
    case '+':
    case '=':
      return { azimuth: 0, polar: 0, zoom: ZOOM_IN };
    case '-':
    case '_':
      return { azimuth: 0, polar: 0, zoom: 1 / ZOOM_IN };
    case 'Enter':
      return 'drop';
    default:
      return null;
  }
}

/**
 * Makes `canvas` focusable and answers the view's keys (Shift+arrows from anywhere on `page`,
 * zoom and drop on the canvas) until the returned function is called.
 */
export function installViewKeys(
  page: Window,
  canvas: HTMLCanvasElement,
  actions: ViewKeyActions,
): () => void {
  canvas.tabIndex = 0;
  const onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const action = viewKey(event.key, event.shiftKey);
    if (!action) return;
    const turning = action !== 'drop' && action.zoom === 1;
    if (turning ? keyBelongsToTarget(event.key, event.target) : event.target !== canvas) return;
    event.preventDefault();
    if (action === 'drop') {
      if (!event.repeat) actions.drop();
    } else actions.orbit(action.azimuth, action.polar, action.zoom);
  };
  page.addEventListener('keydown', onKey);
  return () => page.removeEventListener('keydown', onKey);
}
