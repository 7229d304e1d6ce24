/**
 * The 3D view from the keyboard. The canvas takes the focus with Tab; then the arrows turn the
 * camera (as a drag does), + and − zoom (as the wheel does) and Enter drops a burst of balls at
 * the middle of the view (as a click on empty ground does). While the view has the focus the
 * arrows are its own, so → turns rather than steps; space, r and the other shortcuts still work.
 */
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

/** What a key does to the view, or null when the key is not the view's. */
export function viewKey(key: string): ViewKey | null {
  switch (key) {
    case 'ArrowLeft':
      return { azimuth: -TURN, polar: 0, zoom: 1 };
    case 'ArrowRight':
      return { azimuth: TURN, polar: 0, zoom: 1 };
    case 'ArrowUp':
      return { azimuth: 0, polar: -TURN, zoom: 1 };
    case 'ArrowDown':
      return { azimuth: 0, polar: TURN, zoom: 1 };
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

/** Makes `canvas` focusable and answers its keys until the returned function is called. */
export function installViewKeys(canvas: HTMLCanvasElement, actions: ViewKeyActions): () => void {
  canvas.tabIndex = 0;
  const onKey = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = viewKey(event.key);
    if (!action) return;
    // Handled here: the page's shortcuts (→ steps) leave a handled key alone.
    event.preventDefault();
    if (action === 'drop') {
      if (!event.repeat) actions.drop();
    } else actions.orbit(action.azimuth, action.polar, action.zoom);
  };
  canvas.addEventListener('keydown', onKey);
  return () => canvas.removeEventListener('keydown', onKey);
}
