/**
 * Recent paths of a few tracked balls: a short ring buffer per ball for its fading trail, and a
 * longer record (step, x, y, loss) for the trajectories export. Fed with the backend's tracked
 * balls: every frame on the CPU, with each statistics readback (~4 a second) on the GPU, so GPU
 * trails move in 4 jumps a second and cover a longer stretch of time. That is the price of never
 * reading positions back per frame, and the trails still show where each ball came from.
 */
import type { TrackedBalls } from '../backend/backend.ts';
import type { LossFn } from '../core/landscape.ts';
import { createRng } from '../core/rng.ts';
import { DIVERGED } from '../core/status.ts';
import type { TrajectorySample } from '../engine/protocol.ts';
import type { TrailPath } from '../render/trails.ts';

/** Balls per group that leave a trail (the same indices in every group: same start points). */
export const TRAILS_PER_GROUP = 16;
/** Points per trail: the last ~64 recorded positions. */
export const TRAIL_POINTS = 64;
/** Points per ball kept for the trajectories export. */
export const TRAJECTORY_POINTS = 1000;
/** Floats per ball in TrackedBalls.values (x, y, state0, state1). */
const TRACKED_STRIDE = 4;
/** Mixed into the run's seed, so the trail sample does not echo the start layout's draws. */
const SAMPLE_SALT = 0x7a11_5eed;

/**
 * Global indices of the trail sample: `perGroupSample` distinct balls chosen by a seeded draw,
 * the same ball numbers in every group (so the trails compare optimizers from the same starts),
 * group after group, ascending within a group. Every ball when a group has that few.
 */
export function chooseTrailSample(
  perGroup: number,
  groupCount: number,
  seed: number,
  perGroupSample = TRAILS_PER_GROUP,
): Uint32Array {
  const chosen = new Set<number>();
  if (perGroup <= perGroupSample) {
    for (let j = 0; j < perGroup; j++) chosen.add(j);
  } else {
    const rng = createRng((seed ^ SAMPLE_SALT) >>> 0);
    while (chosen.size < perGroupSample) chosen.add(Math.floor(rng.next() * perGroup));
  }
  const balls = [...chosen].sort((a, b) => a - b);
  const indices = new Uint32Array(balls.length * groupCount);
  for (let g = 0; g < groupCount; g++) {
    balls.forEach((ball, k) => {
      indices[g * balls.length + k] = g * perGroup + ball;
    });
  }
  return indices;
}

/** One ball's trail ring and trajectory record. */
class BallHistory {
  readonly trailX: Float32Array;
  readonly trailY: Float32Array;
  trailHead = 0;
  trailLength = 0;
  // The trajectory, a ring too: steps, x, y, loss.
  private readonly steps: Float64Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly losses: Float64Array;
  private head = 0;
  private length = 0;
  private lastStep = -1;
  private stopped = false;

  constructor(
    readonly index: number,
    readonly group: number,
    readonly ball: number,
    trailPoints: number,
    trajectoryPoints: number,
  ) {
    this.trailX = new Float32Array(trailPoints);
    this.trailY = new Float32Array(trailPoints);
    this.steps = new Float64Array(trajectoryPoints);
    this.xs = new Float64Array(trajectoryPoints);
    this.ys = new Float64Array(trajectoryPoints);
    this.losses = new Float64Array(trajectoryPoints);
  }

  /** Records the ball at `step`, once per step; only finite values go in. */
  push(step: number, x: number, y: number, status: number, f: LossFn): void {
    if (step === this.lastStep) return;
    this.lastStep = step;
    const loss = f(x, y);
    const finite = status !== DIVERGED && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(loss);
    if (finite) this.pushTrail(x, y);
    else if (this.trailLength > 0) {
      // A diverged ball: its trail shrinks towards its last finite point and fades out.
      const last = (this.trailHead + this.trailLength - 1) % this.trailX.length;
      this.pushTrail(this.trailX[last]!, this.trailY[last]!);
    }
    if (!finite) {
      // The path ends at the last finite point, even if a later value looks finite again.
      if (status === DIVERGED) this.stopped = true;
      return;
    }
    if (this.stopped) return;
    // A ball at rest (converged) repeats its position: the record keeps only moves.
    if (this.length > 0) {
      const last = (this.head + this.length - 1) % this.steps.length;
      if (this.xs[last] === x && this.ys[last] === y) return;
    }
    const capacity = this.steps.length;
    const slot = (this.head + this.length) % capacity;
    this.steps[slot] = step;
    this.xs[slot] = x;
    this.ys[slot] = y;
    this.losses[slot] = loss;
    if (this.length < capacity) this.length++;
    else this.head = (this.head + 1) % capacity;
  }

  /** The trajectory, oldest point first, as plain arrays. */
  sample(): TrajectorySample {
    const capacity = this.steps.length;
    const pick = (from: Float64Array): number[] =>
      Array.from({ length: this.length }, (_, k) => from[(this.head + k) % capacity]!);
    return {
      group: this.group,
      ball: this.ball,
      steps: pick(this.steps),
      x: pick(this.xs),
      y: pick(this.ys),
      loss: pick(this.losses),
    };
  }

  /** The trail as the view draws it. */
  path(): TrailPath {
    return {
      group: this.group,
      x: this.trailX,
      y: this.trailY,
      head: this.trailHead,
      length: this.trailLength,
    };
  }

  // Every point of the trail moves one place older, even when the ball did not move: a ball at
  // rest draws its trail in, so only moving balls trail behind them.
  private pushTrail(x: number, y: number): void {
    const capacity = this.trailX.length;
    const slot = (this.trailHead + this.trailLength) % capacity;
    this.trailX[slot] = x;
    this.trailY[slot] = y;
    if (this.trailLength < capacity) this.trailLength++;
    else this.trailHead = (this.trailHead + 1) % capacity;
  }
}

/** Trails and trajectories of a fixed set of balls; see the module comment. */
export class TrailRecorder {
  readonly indices: Uint32Array;
  private balls: BallHistory[];
  private readonly position = new Map<number, number>();

  /**
   * @param indices global indices of the balls to record.
   * @param perGroup balls per group (to name each ball's group and number).
   */
  constructor(
    indices: Uint32Array,
    private readonly perGroup: number,
    private readonly trailPoints = TRAIL_POINTS,
    private readonly trajectoryPoints = TRAJECTORY_POINTS,
  ) {
    this.indices = indices.slice();
    this.balls = this.fresh();
  }

  /** Records every ball of this recorder that `tracked` carries; true if any was found. */
  record(tracked: TrackedBalls, f: LossFn): boolean {
    this.position.clear();
    tracked.indices.forEach((index, k) => {
      this.position.set(index, k);
    });
    let found = false;
    for (const history of this.balls) {
      const k = this.position.get(history.index);
      if (k === undefined) continue;
      found = true;
      const o = k * TRACKED_STRIDE;
      history.push(
        tracked.step,
        tracked.values[o] ?? Number.NaN,
        tracked.values[o + 1] ?? Number.NaN,
        tracked.status[k] ?? DIVERGED,
        f,
      );
    }
    return found;
  }

  /** The trails, for the view. */
  paths(): TrailPath[] {
    return this.balls.map((history) => history.path());
  }

  /** The recorded trajectories, for the export. */
  trajectories(): TrajectorySample[] {
    return this.balls.map((history) => history.sample());
  }

  /** Forgets everything recorded (a reset puts the balls back at their start). */
  clear(): void {
    this.balls = this.fresh();
  }

  private fresh(): BallHistory[] {
    return Array.from(this.indices, (index) => {
      const group = Math.floor(index / this.perGroup);
      return new BallHistory(
        index,
        group,
        index - group * this.perGroup,
        this.trailPoints,
        this.trajectoryPoints,
      );
    });
  }
}
