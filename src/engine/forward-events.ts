/**
 * Main-thread half of the OffscreenCanvas input bridge: listens on the real canvas and sends
 * plain, structured-cloneable copies of pointer, wheel and context-menu events to the worker,
 * where `ElementProxy.handleEvent` replays them for `OrbitControls`. Keys stay with the page
 * (its shortcuts), and sizing is the caller's business (`LandscapeView.resize`).
 */

import type { ForwardedEvent, ForwardedPointerEvent, ForwardedWheelEvent } from '../render/element-proxy.ts';

/** Where a mouse-like event happened and which modifier keys were down. */
function positionAndModifiers(event: MouseEvent) {
  return {
    clientX: event.clientX,
    clientY: event.clientY,
    pageX: event.pageX,
    pageY: event.pageY,
    offsetX: event.offsetX,
    offsetY: event.offsetY,
    ctrlKey: event.ctrlKey,
    shiftKey: event.shiftKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
  };
}

/**
 * A pointer event's data. `pointerId` and `pointerType` are what OrbitControls needs for touch:
 * each finger is its own pointer, one `touch` pointer orbits and two pinch-zoom (and pan), so two
 * fingers must arrive as two ids, never merged (tests/e2e/mobile.test.ts pinches through here).
 */
function pointerData(event: PointerEvent, type: ForwardedPointerEvent['type']): ForwardedPointerEvent {
  return {
    type,
    pointerId: event.pointerId,
    pointerType: event.pointerType,
    isPrimary: event.isPrimary,
    button: event.button,
    buttons: event.buttons,
    ...positionAndModifiers(event),
  };
}

function wheelData(event: WheelEvent): ForwardedWheelEvent {
  return {
    type: 'wheel',
    deltaX: event.deltaX,
    deltaY: event.deltaY,
    deltaZ: event.deltaZ,
    deltaMode: event.deltaMode,
    ...positionAndModifiers(event),
  };
}

/**
 * Forwards the canvas's input events through `send` until the returned function is called.
 * pointermove is coalesced to at most one per pointer per animation frame (orbiting only needs the
 * latest position); every other event is sent at once, after any pending moves, so order holds.
 * The canvas gets `touch-action: none` (what OrbitControls would set on a real element) for the
 * lifetime of the forwarding.
 */
export function forwardPointerEvents(
  canvas: HTMLCanvasElement,
  send: (event: ForwardedEvent) => void,
): () => void {
  const pendingMoves = new Map<number, ForwardedPointerEvent>();
  let frameRequest = 0;

  const flushMoves = (): void => {
    frameRequest = 0;
    for (const move of pendingMoves.values()) send(move);
    pendingMoves.clear();
  };

  const onPointerDown = (event: PointerEvent): void => {
    // Capture, so a drag that leaves the canvas keeps orbiting and its pointerup is not lost: in
    // the worker, the proxy's "document" only hears what this canvas hears.
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch {
      // A pointer that is already gone (e.g. synthetic events) cannot be captured; nothing to do.
    }
    flushMoves();
    send(pointerData(event, 'pointerdown'));
  };
  const onPointerMove = (event: PointerEvent): void => {
    pendingMoves.set(event.pointerId, pointerData(event, 'pointermove'));
    if (frameRequest === 0) frameRequest = requestAnimationFrame(flushMoves);
  };
  const onPointerUp = (event: PointerEvent): void => {
    flushMoves();
    send(pointerData(event, 'pointerup'));
  };
  const onPointerCancel = (event: PointerEvent): void => {
    flushMoves();
    send(pointerData(event, 'pointercancel'));
  };
  const onWheel = (event: WheelEvent): void => {
    // The page must not scroll while the wheel zooms the view; only a non-passive listener may stop it.
    event.preventDefault();
    send(wheelData(event));
  };
  const onContextMenu = (event: MouseEvent): void => {
    // Right-drag pans; the browser menu would swallow the drag.
    event.preventDefault();
    send({ type: 'contextmenu' });
  };

  const previousTouchAction = canvas.style.touchAction;
  canvas.style.touchAction = 'none';
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerCancel);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('contextmenu', onContextMenu);

  return () => {
    if (frameRequest !== 0) cancelAnimationFrame(frameRequest);
    frameRequest = 0;
    pendingMoves.clear();
    canvas.removeEventListener('pointerdown', onPointerDown);
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerup', onPointerUp);
    canvas.removeEventListener('pointercancel', onPointerCancel);
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('contextmenu', onContextMenu);
    canvas.style.touchAction = previousTouchAction;
  };
}
