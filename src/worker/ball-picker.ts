/** Which ball is drawn nearest to a point on the canvas, on either backend. */
import type { SimBackend } from '../backend/backend.ts';
import type { SimulationSnapshot } from '../core/simulation.ts';
import { DIVERGED } from '../core/status.ts';
import type { LandscapeView } from '../render/view.ts';

/**
 * The ball drawn nearest to a canvas position (-1: none; null: `stillCurrent()` said the run
 * changed while the GPU's positions were read back). On the CPU the drawn positions are at hand;
 * on the GPU they are read back, or taken from `latest` when it is of the current step (paused).
 * Diverged balls are skipped.
 */
export async function ballAt(
  view: LandscapeView,
  backend: SimBackend,
  offsetX: number,
  offsetY: number,
  latest: SimulationSnapshot | null,
  stillCurrent: () => boolean,
): Promise<number | null> {
  const status = backend.statusNow;
  if (status) {
    // What the view draws: x, y, f per ball. Diverged balls are skipped, as on the GPU, where
    // the snapshot has their real (far away) positions rather than the edge they are drawn at.
    const drawn = view.particleData();
    return view.ballNear(offsetX, offsetY, backend.particleCount, (i, out) => {
      out[0] = drawn[i * 4] ?? 0;
      out[1] = drawn[i * 4 + 1] ?? 0;
      out[2] = drawn[i * 4 + 2] ?? 0;
      return status[i] !== DIVERGED;
    });
  }
  const snapshot = latest && latest.stepCount === backend.stepCount ? latest : await backend.snapshot();
  if (!stillCurrent()) return null;
  const f = backend.landscape.f;
  return view.ballNear(offsetX, offsetY, backend.particleCount, (i, out) => {
    const x = snapshot.x[i] ?? Number.NaN;
    const y = snapshot.y[i] ?? Number.NaN;
    out[0] = x;
    out[1] = y;
    out[2] = f(x, y);
    return snapshot.status[i] !== DIVERGED && Number.isFinite(out[2]);
  });
}
