/**
 * What a click on the view means: on a ball, inspect it; on empty ground (or anywhere with Shift
 * held), drop balls there when the page listens for that; over neither, stop inspecting.
 */
import type { SimBackend } from '../backend/backend.ts';
import type { SimulationSnapshot } from '../core/simulation.ts';
import type { DropPoint } from '../engine/protocol.ts';
import type { LandscapeView } from '../render/view.ts';
import { ballAt } from './ball-picker.ts';

export interface ClickTarget {
  /** The view and backend in use now (a click may outlive either). */
  readonly view: () => LandscapeView | null;
  readonly backend: () => SimBackend | null;
  /** While paused, the latest snapshot (it stands for the GPU's positions if of this step). */
  readonly pausedSnapshot: () => SimulationSnapshot | null;
  inspect(index: number | null): Promise<void>;
  /** The page's ear for clicks on empty ground, if it has one. */
  readonly onDrop: () => ((point: DropPoint) => void) | null;
}

export async function clickView(
  target: ClickTarget,
  view: LandscapeView,
  offsetX: number,
  offsetY: number,
  shift: boolean,
): Promise<void> {
  const index = shift ? -1 : await ballUnder(target, view, offsetX, offsetY);
  if (index === null || view !== target.view()) return;
  if (index >= 0) return target.inspect(index);
  const onDrop = target.onDrop();
  const point = onDrop ? view.pick(offsetX, offsetY) : null;
  if (point && onDrop) {
    // A rejected call means the page went away; nothing to tell anyone.
    Promise.resolve(onDrop({ x: point.x, y: point.y })).catch(() => undefined);
    return;
  }
  if (!shift) return target.inspect(null);
}

/** The ball drawn nearest to a canvas position (see ballAt); null when the run or view changed. */
function ballUnder(
  target: ClickTarget,
  view: LandscapeView,
  offsetX: number,
  offsetY: number,
): Promise<number | null> {
  const backend = target.backend();
  if (!backend || view !== target.view()) return Promise.resolve(null);
  const current = () => backend === target.backend() && view === target.view();
  return ballAt(view, backend, offsetX, offsetY, target.pausedSnapshot(), current);
}
