/**
 * Which part of the 3D view the page's panels leave free, so the camera can frame the landscape
 * there (ViewSize.insets, the worker's camera rig). Measures the visible panels drawn over the
 * canvas (`.hud, .lil-gui, .overlay`, and the phone's drawer button) and finds the largest free
 * rectangle between them; watches them for changes of size, folding, language and direction.
 */

/** A rectangle in CSS pixels (a DOMRect has these). */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** CSS pixels of the canvas covered on each side (see ViewSize.insets). */
export interface Insets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** What covers the view: panels, the HUD, anything marked `.overlay`, the drawer's button. */
export const COVERING_SELECTOR = '.hud, .lil-gui, .overlay, .drawer-toggle';
/** Width over height of what is framed (a 3/4 view of a square landscape): the free rectangle is chosen to fit it large. */
const FRAMED_ASPECT = 1.4;
/** A free rectangle narrower or lower than this (CSS px) is no place to draw: use the canvas. */
const MIN_FREE_PX = 120;
/** Rectangles whose framed sizes differ by less than this share count as equal; area decides. */
const SIZE_TIE = 0.03;
const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/**
 * The insets of the largest rectangle of `canvas` that no rectangle of `panels` overlaps, judged
 * by how large a box of aspect FRAMED_ASPECT can be drawn in it (then by area). Panels are
 * clipped to the canvas; none (or no useful free space): zero insets.
 */
export function freeInsets(canvas: Rect, panels: readonly Rect[]): Insets {
  const width = canvas.right - canvas.left;
  const height = canvas.bottom - canvas.top;
  if (!(width > 0 && height > 0)) return NO_INSETS;
  // In canvas coordinates, clipped, rounded outwards to whole pixels (the candidate edges below
  // are these same numbers, so a panel ending at 54.4 px does not block a rectangle from 54);
  // empty ones dropped.
  const boxes = panels
    .map((r) => ({
      left: Math.max(0, Math.floor(r.left - canvas.left)),
      right: Math.min(Math.round(width), Math.ceil(r.right - canvas.left)),
      top: Math.max(0, Math.floor(r.top - canvas.top)),
      bottom: Math.min(Math.round(height), Math.ceil(r.bottom - canvas.top)),
    }))
    .filter((r) => r.right - r.left > 0 && r.bottom - r.top > 0);
  if (boxes.length === 0) return NO_INSETS;
  const xs = unique([0, width, ...boxes.flatMap((b) => [b.left, b.right])]);
  const ys = unique([0, height, ...boxes.flatMap((b) => [b.top, b.bottom])]);
  let best: { x1: number; x2: number; y1: number; y2: number; size: number; area: number } | null = null;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const x1 = xs[i] ?? 0;
      const x2 = xs[j] ?? 0;
      for (let k = 0; k < ys.length; k++) {
        for (let l = k + 1; l < ys.length; l++) {
          const y1 = ys[k] ?? 0;
          const y2 = ys[l] ?? 0;
          if (x2 - x1 < MIN_FREE_PX || y2 - y1 < MIN_FREE_PX) continue;
          const blocked = boxes.some((b) => b.left < x2 && b.right > x1 && b.top < y2 && b.bottom > y1);
          if (blocked) continue;
          const size = Math.min((x2 - x1) / FRAMED_ASPECT, y2 - y1);
          const area = (x2 - x1) * (y2 - y1);
          const better =
            best === null ||
            size > best.size * (1 + SIZE_TIE) ||
            (size >= best.size * (1 - SIZE_TIE) && area > best.area);
          if (better) best = { x1, x2, y1, y2, size, area };
        }
      }
    }
  }
  if (best === null) return NO_INSETS;
  return { top: best.y1, right: width - best.x2, bottom: height - best.y2, left: best.x1 };
}

function unique(values: number[]): number[] {
  return [...new Set(values.map((v) => Math.round(v)))].sort((a, b) => a - b);
}

/** The rectangles of the visible elements matching COVERING_SELECTOR. */
function coveringRects(root: ParentNode): Rect[] {
  const rects: Rect[] = [];
  for (const element of root.querySelectorAll<HTMLElement>(COVERING_SELECTOR)) {
    // Hidden panels (display: none, here or above: a closed drawer, a hidden lesson) cover
    // nothing. `visibility: hidden` is not hiding here: the app never uses it, and a screenshot
    // of the view alone hides the panels that way for a moment, which must not refit the camera.
    if (element.getClientRects().length === 0) continue;
    rects.push(element.getBoundingClientRect());
  }
  return rects;
}

/** The canvas's free area, kept current; see watchFreeArea. */
export interface FreeArea {
  /** The latest insets (zero where nothing covers the canvas). */
  insets(): Insets;
  dispose(): void;
}

/**
 * Measures `canvas`'s free area now and again whenever the layout may have changed (the canvas or
 * a panel resized, a folder or the drawer opened, the language or direction switched, a panel
 * added); `onChange` hears every change of the canvas's size or of the insets, once a frame at
 * most.
 */
export function watchFreeArea(canvas: HTMLElement, onChange: () => void): FreeArea {
  const measure = (): Insets =>
    freeInsets(canvas.getBoundingClientRect(), coveringRects(canvas.ownerDocument));
  let current = measure();
  let size = `${canvas.clientWidth}x${canvas.clientHeight}`;
  let scheduled = false;
  const check = (): void => {
    scheduled = false;
    const next = measure();
    const nextSize = `${canvas.clientWidth}x${canvas.clientHeight}`;
    const moved = (Object.keys(next) as (keyof Insets)[]).some(
      (key) => Math.abs(next[key] - current[key]) >= 1,
    );
    if (!moved && nextSize === size) return;
    current = next;
    size = nextSize;
    onChange();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(check);
  };
  const resizes = new ResizeObserver(schedule);
  const observeAll = (): void => {
    resizes.disconnect();
    resizes.observe(canvas);
    for (const element of canvas.ownerDocument.querySelectorAll(COVERING_SELECTOR)) resizes.observe(element);
  };
  observeAll();
  // Panels come and go (the lesson, the drawer's button), fold and unfold, and mirror with the language.
  const mutations = new MutationObserver((records) => {
    if (records.some((record) => record.addedNodes.length > 0)) observeAll();
    schedule();
  });
  mutations.observe(canvas.ownerDocument.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['class', 'open', 'hidden', 'style', 'dir', 'lang', 'data-open'],
  });
  window.addEventListener('resize', schedule);
  return {
    insets: () => current,
    dispose(): void {
      resizes.disconnect();
      mutations.disconnect();
      window.removeEventListener('resize', schedule);
    },
  };
}
