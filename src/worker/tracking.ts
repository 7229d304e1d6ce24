/**
 * The few balls the backend tracks for the page: the trail sample, the inspected ball and ball 0
 * while the tangent line or the local patch follows it. Tells the backend which balls to track,
 * feeds what comes back to the trails, the inspector and the view, and keeps the inspected
 * ball's numbers for the report.
 */
import type { SimBackend, TrackedBalls } from '../backend/backend.ts';
import type { GroupConfig, SimulationSnapshot } from '../core/simulation.ts';
import { DIVERGED } from '../core/status.ts';
import type { InspectedBall, SampledBall, TrajectorySample } from '../engine/protocol.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';
import { describeTracked } from './inspection.ts';
import { chooseTrailSample, TrailRecorder } from './trail-recorder.ts';

/** Points in the inspected ball's trail: longer than the sample's, it is the one being followed. */
const INSPECTED_TRAIL_POINTS = 256;

/**
 * What the tracking reads from the runtime, each time as it is now: the view is replaced after a
 * device loss, and the options, rates and snapshot change during a run.
 */
export interface TrackingHost {
  view(): LandscapeView | null;
  viewOptions(): Partial<ViewOptions>;
  /** Group `g` as configured. */
  groupConfig(g: number): GroupConfig;
  /** Group `g`'s base learning rate now. */
  learningRate(g: number): number;
  /** The latest snapshot, for the state the tracked values lack (Adam's v); null when none. */
  latestSnapshot(): SimulationSnapshot | null;
}

export class BallTracking {
  /** Trails and trajectories of the sample; the inspected ball's own trail. */
  #trailRecorder: TrailRecorder | null = null;
  #inspectRecorder: TrailRecorder | null = null;
  #inspected: number | null = null;
  #inspectedInfo: InspectedBall | null = null;
  /** The trail sample's balls where they are now (diverged ones left out), for the report. */
  #sample: SampledBall[] = [];
  /** Step of the tracked values last used; -1 forces the next ones through (new set, reset). */
  #trackedStep = -1;

  constructor(private readonly host: TrackingHost) {}

  /** The inspected ball's index, or null. */
  get inspected(): number | null {
    return this.#inspected;
  }

  /** The inspector's numbers for the report (null until the ball's first tracked values). */
  get inspectedInfo(): InspectedBall | null {
    return this.#inspectedInfo;
  }

  /** The trail sample's balls at the latest tracked step (Report.sample). */
  get sample(): readonly SampledBall[] {
    return this.#sample;
  }

  /** Whether a run's trail sample exists, so a run carried to another backend can keep it. */
  get hasRun(): boolean {
    return this.#trailRecorder !== null;
  }

  /** A new run on `backend`: a new trail sample drawn with `seed`, and nobody is inspected. */
  newRun(backend: SimBackend, seed: number): void {
    this.#trailRecorder = new TrailRecorder(
      chooseTrailSample(backend.perGroup, backend.groupCount, seed),
      backend.perGroup,
    );
    this.#inspected = null;
    this.#inspectRecorder = null;
    this.#inspectedInfo = null;
    this.#sample = [];
    const view = this.host.view();
    view?.setInspected(null);
    view?.setInspectedTrail(null);
  }

  /** A reset: the recorded paths belong to the run before it. */
  forgetRun(): void {
    this.#trailRecorder?.clear();
    this.#inspectRecorder?.clear();
    this.#inspectedInfo = null;
    this.#trackedStep = -1;
    this.host.view()?.setInspectedTrail(null);
    this.showTrails();
  }

  /** Inspects ball `index` of `backend` (null: nobody); throws RangeError for a ball not there. */
  inspect(backend: SimBackend, index: number | null): void {
    if (index !== null && !(Number.isInteger(index) && index >= 0 && index < backend.particleCount)) {
      throw new RangeError(`inspect: no ball ${index} (there are ${backend.particleCount})`);
    }
    this.#inspected = index;
    this.#inspectedInfo = null;
    this.#inspectRecorder =
      index === null
        ? null
        : new TrailRecorder(Uint32Array.of(index), backend.perGroup, INSPECTED_TRAIL_POINTS, 1);
    const view = this.host.view();
    view?.setInspected(null);
    view?.setInspectedTrail(null);
    this.apply(backend);
    this.use(backend);
  }

  /** The view options changed: trails turned on are shown at once. */
  optionsChanged(options: Partial<ViewOptions>, backend: SimBackend | null): void {
    if (options.trails === true) this.showTrails();
    // The tangent line and the local patch follow ball 0: track it (or stop) and place them now.
    if ((options.tangent !== undefined || options.localPatch !== undefined) && backend) {
      this.apply(backend);
      this.use(backend);
    }
  }

  /** Tells the backend which balls to follow: the trail sample, the inspected ball, ball 0 if in focus. */
  apply(backend: SimBackend): void {
    const indices = new Set(this.#trailRecorder?.indices ?? []);
    if (this.#inspected !== null) indices.add(this.#inspected);
    if (this.#focusOn() && backend.particleCount > 0) indices.add(0);
    backend.setTracked(Uint32Array.from(indices));
    this.#trackedStep = -1;
  }

  /**
   * Feeds new tracked values to the trails and the inspection. Values of a step already used are
   * skipped, unless the set changed since (a new inspected ball, a reset).
   */
  use(backend: SimBackend): void {
    const tracked = backend.tracked();
    if (tracked === null || tracked.step === this.#trackedStep) return;
    this.#trackedStep = tracked.step;
    const f = backend.landscape.f;
    this.#trailRecorder?.record(tracked, f);
    this.#sample = sampledBalls(tracked, this.#trailRecorder?.indices ?? null, backend.perGroup);
    if (this.host.viewOptions().trails !== false) this.showTrails();
    this.#showFocus(tracked);
    const inspected = this.#inspected;
    if (inspected === null || !this.#inspectRecorder?.record(tracked, f)) return;
    this.#inspectedInfo = this.#describe(backend, tracked, inspected);
    const view = this.host.view();
    if (view) {
      const [path] = this.#inspectRecorder.paths();
      view.setInspectedTrail(path ?? null);
      const info = this.#inspectedInfo;
      view.setInspected(
        info
          ? {
              x: info.x,
              y: info.y,
              gradient: info.gradient,
              velocityPerRate: info.velocity
                ? [info.velocity[0] / info.learningRate, info.velocity[1] / info.learningRate]
                : null,
              diverged: info.status === 'diverged',
            }
          : null,
      );
    }
  }

  showTrails(): void {
    if (this.#trailRecorder) this.host.view()?.setTrails(this.#trailRecorder.paths());
  }

  /** The sample's recorded trajectories, for the export. */
  trajectories(): readonly TrajectorySample[] {
    return this.#trailRecorder?.trajectories() ?? [];
  }

  /** Lets go of the recorded paths (the runtime is disposed). */
  dispose(): void {
    this.#trailRecorder = null;
    this.#inspectRecorder = null;
  }

  /** Whether something in the view follows ball 0: the tangent line or the local patch. */
  #focusOn(): boolean {
    const options = this.host.viewOptions();
    return options.tangent === true || options.localPatch === true;
  }

  /** Tells the view where ball 0 is (tracked while the tangent or patch is on); none otherwise. */
  #showFocus(tracked: TrackedBalls): void {
    const view = this.host.view();
    if (!view) return;
    const k = this.#focusOn() ? tracked.indices.indexOf(0) : -1;
    const active = k >= 0 && tracked.status[k] !== DIVERGED;
    if (active) view.setFocusBall(tracked.values[k * 4] ?? null, tracked.values[k * 4 + 1] ?? 0);
    else view.setFocusBall(null);
  }

  /** The inspector's numbers for ball `index` from the tracked values. */
  #describe(backend: SimBackend, tracked: TrackedBalls, index: number): InspectedBall | null {
    const { host } = this;
    const context = {
      landscape: backend.landscape,
      perGroup: backend.perGroup,
      groupConfig: (g: number) => host.groupConfig(g),
      learningRate: (g: number) => host.learningRate(g),
      snapshot: host.latestSnapshot(),
    };
    return describeTracked(context, tracked, index);
  }
}

/** Where the balls of `sample` are in `tracked`, group by group (diverged and missing ones left out). */
function sampledBalls(tracked: TrackedBalls, sample: Uint32Array | null, perGroup: number): SampledBall[] {
  if (sample === null) return [];
  const wanted = new Set(sample);
  const balls: SampledBall[] = [];
  tracked.indices.forEach((index, k) => {
    if (!wanted.has(index) || tracked.status[k] === DIVERGED) return;
    const x = tracked.values[k * 4] ?? Number.NaN;
    const y = tracked.values[k * 4 + 1] ?? Number.NaN;
    if (Number.isFinite(x) && Number.isFinite(y)) balls.push({ group: Math.floor(index / perGroup), x, y });
  });
  return balls;
}
