/**
 * Tells a click (or a tap) from an orbit drag on the view's input element: pointerdown and
 * pointerup of the same primary pointer, close together in place and time, with no second finger
 * down in between. Works on a page element and on the worker's ElementProxy alike.
 */

/** The part of a pointer event this needs; forwarded events (element-proxy.ts) have it too. */
interface PointerLike {
  readonly pointerId: number;
  readonly button: number;
  readonly offsetX: number;
  readonly offsetY: number;
  readonly shiftKey: boolean;
}

/** What a click carries besides its position. */
export interface ClickInfo {
  /** Shift held at release: "drop balls here", even over a ball (see SimRuntime's click). */
  readonly shiftKey: boolean;
}

/** An element or ElementProxy; typed loosely because their listener signatures differ. */
export interface PointerSource {
  addEventListener(
    type: 'pointerdown' | 'pointerup' | 'pointercancel',
    listener: (event: never) => void,
  ): void;
  removeEventListener(
    type: 'pointerdown' | 'pointerup' | 'pointercancel',
    listener: (event: never) => void,
  ): void;
}

/** Farther than this (CSS pixels) between down and up, the gesture was a drag. */
const CLICK_SLOP_PX = 5;
/** Longer than this, a press was a hold (or a slow drag back to its start), not a click. */
const CLICK_MAX_MS = 600;

/**
 * Calls `onClick(offsetX, offsetY, info)` for every click on `source` until the returned function
 * is called. Only the primary button counts; right-drags pan the camera.
 */
export function listenForClicks(
  source: PointerSource,
  onClick: (offsetX: number, offsetY: number, info: ClickInfo) => void,
): () => void {
  let pressed: { id: number; x: number; y: number; at: number } | null = null;
  let pointersDown = 0;
  const onDown = (event: PointerLike): void => {
    pointersDown++;
    // A second finger makes it a pinch.
    pressed =
      pointersDown === 1 && event.button === 0
        ? { id: event.pointerId, x: event.offsetX, y: event.offsetY, at: performance.now() }
        : null;
  };
  const onUp = (event: PointerLike): void => {
    pointersDown = Math.max(0, pointersDown - 1);
    const start = pressed;
    pressed = null;
    if (start === null || start.id !== event.pointerId) return;
    const moved = Math.hypot(event.offsetX - start.x, event.offsetY - start.y);
    if (moved <= CLICK_SLOP_PX && performance.now() - start.at <= CLICK_MAX_MS) {
      onClick(event.offsetX, event.offsetY, { shiftKey: event.shiftKey === true });
    }
  };
  const onCancel = (): void => {
    pointersDown = Math.max(0, pointersDown - 1);
    pressed = null;
  };
  const down = onDown as (event: never) => void;
  const up = onUp as (event: never) => void;
  const cancel = onCancel as (event: never) => void;
  source.addEventListener('pointerdown', down);
  source.addEventListener('pointerup', up);
  source.addEventListener('pointercancel', cancel);
  return () => {
    source.removeEventListener('pointerdown', down);
    source.removeEventListener('pointerup', up);
    source.removeEventListener('pointercancel', cancel);
  };
}
