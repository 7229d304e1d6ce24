/**
 * A stand-in for the canvas element inside a worker, so `OrbitControls` can listen to pointer and
 * wheel events that the main thread forwards (see `src/engine/forward-events.ts`). The pattern is
 * three.js's manual "OffscreenCanvas" (`ElementProxyReceiver`), extended to everything
 * `OrbitControls` 0.187 touches: `style`, `clientWidth/Height`, `getBoundingClientRect`, the
 * pointer-capture trio, `ownerDocument` (for its document-level pointermove/pointerup/keydown
 * listeners), `getRootNode` and `focus`.
 */

import { EventDispatcher } from 'three';

/** Modifier keys carried by every forwarded input event. */
interface ForwardedModifiers {
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** Pointer position, in CSS pixels: page, viewport (`client*`) and canvas-relative (`offset*`). */
interface ForwardedPosition {
  readonly clientX: number;
  readonly clientY: number;
  readonly pageX: number;
  readonly pageY: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

export interface ForwardedPointerEvent extends ForwardedModifiers, ForwardedPosition {
  readonly type: 'pointerdown' | 'pointermove' | 'pointerup' | 'pointercancel';
  readonly pointerId: number;
  readonly pointerType: string;
  readonly isPrimary: boolean;
  readonly button: number;
  readonly buttons: number;
}

export interface ForwardedWheelEvent extends ForwardedModifiers, ForwardedPosition {
  readonly type: 'wheel';
  readonly deltaX: number;
  readonly deltaY: number;
  readonly deltaZ: number;
  /** 0 pixels, 1 lines, 2 pages (as `WheelEvent.deltaMode`). */
  readonly deltaMode: number;
}

export interface ForwardedContextMenuEvent {
  readonly type: 'contextmenu';
}

/** The canvas's box in CSS pixels; send it when the canvas moves or resizes. */
export interface ForwardedSizeEvent {
  readonly type: 'size';
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Everything `forwardPointerEvents` sends and `ElementProxy.handleEvent` accepts. Structured-cloneable. */
export type ForwardedEvent =
  | ForwardedPointerEvent
  | ForwardedWheelEvent
  | ForwardedContextMenuEvent
  | ForwardedSizeEvent;

/** What listeners receive: the forwarded data plus the DOM methods `OrbitControls` calls. */
export type ProxiedEvent<E extends ForwardedEvent = ForwardedEvent> = E & {
  preventDefault(): void;
  stopPropagation(): void;
};

type ProxyEventMap = {
  [K in ForwardedEvent['type']]: ProxiedEvent<Extract<ForwardedEvent, { type: K }>>;
} & {
  keydown: { key: string; code: string };
  keyup: { key: string; code: string };
};

function noop(): void {}

/**
 * A DOM-element look-alike that re-dispatches forwarded events. Works on the main thread too
 * (e.g. in tests), where it is fed by `forwardPointerEvents` directly.
 */
export class ElementProxy extends EventDispatcher<ProxyEventMap> {
  /** `OrbitControls` writes `touchAction` and `cursor` here; the main thread owns the real style. */
  readonly style: { touchAction: string; cursor: string } = { touchAction: '', cursor: '' };
  /** Box of the real canvas in CSS pixels (viewport coordinates). */
  left = 0;
  top = 0;
  width = 1;
  height = 1;
  private readonly capturedPointers = new Set<number>();

  get clientWidth(): number {
    return this.width;
  }

  get clientHeight(): number {
    return this.height;
  }

  /**
   * `OrbitControls` adds its pointermove/pointerup (and Control-key) listeners to the element's
   * document while dragging. There is no document in a worker; the proxy plays both roles, and the
   * main thread captures the pointer so moves outside the canvas still reach it.
   */
  get ownerDocument(): this {
    return this;
  }

  getRootNode(): this {
    return this;
  }

  getBoundingClientRect(): DOMRectReadOnly {
    const { left, top, width, height } = this;
    return {
      x: left,
      y: top,
      left,
      top,
      width,
      height,
      right: left + width,
      bottom: top + height,
      toJSON: () => ({ left, top, width, height }),
    };
  }

  setPointerCapture(pointerId: number): void {
    this.capturedPointers.add(pointerId);
  }

  releasePointerCapture(pointerId: number): void {
    this.capturedPointers.delete(pointerId);
  }

  hasPointerCapture(pointerId: number): boolean {
    return this.capturedPointers.has(pointerId);
  }

  focus(): void {}

  blur(): void {}

  /** Sets the CSS size (what `clientWidth/Height` report); `LandscapeView.resize` calls it. */
  setSize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
  }

  /** Dispatches one forwarded event to the listeners (`OrbitControls`, picking, ...). */
  handleEvent(data: ForwardedEvent): void {
    if (data.type === 'size') {
      this.left = data.left;
      this.top = data.top;
      this.setSize(data.width, data.height);
      return;
    }
    if (data.type !== 'contextmenu') {
      // Keeps getBoundingClientRect right when the page scrolls or the canvas moves, without a
      // separate message: the browser already knows the canvas-relative position.
      this.left = data.clientX - data.offsetX;
      this.top = data.clientY - data.offsetY;
    }
    // A copy, because EventDispatcher writes `target` on the event and the data may be frozen.
    const event = { ...data, preventDefault: noop, stopPropagation: noop };
    this.dispatchEvent(event as ProxyEventMap[typeof data.type] & { type: typeof data.type });
  }
}
