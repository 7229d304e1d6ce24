/**
 * The simulation: balls in groups on one landscape, each group an optimizer with its learning
 * rate, every group starting from the same points. DOM-free; runs in Node, a worker or a test.
 *
 * ```ts
 * const sim = createSimulation({ landscape: 'himmelblau', particleCount: 10_000, groups: [{ optimizer: 'gd', learningRate: 0.01 }] });
 * sim.step(500);
 * console.log(sim.stats().groups[0]?.convergedPercent);
 * ```
 */

import { MAX_POINTS } from './data/data-set.ts';
import { type DrawnSource, landscapeFloor, writeDrawnBalls } from './drawn-balls.ts';
import { createKernels, type KernelChoice, type KernelFallback, type Kernels } from './group-kernels.ts';
import { MAX_GROUPS } from './group-limit.ts';
import type { Domain, Landscape } from './landscape.ts';
import { DEFAULT_GRADIENT_TOLERANCE, DEFAULT_MINIMUM_TOLERANCE } from './landscape.ts';
import { findPreset } from './landscapes/index.ts';
import { isModelConfig, type ModelConfig, resolveModelLandscape } from './models/resolve-model.ts';
import { type BallBlock, type FloatArray, findOptimizer, type HyperParameters } from './optimizers/index.ts';
import { createRng } from './rng.ts';
import {
  constantRun,
  isScheduled,
  type ScheduleConfig,
  scheduleFactor,
  scheduleProblem,
} from './schedule.ts';
import { placeBalls, type StartLayout } from './start.ts';
import { basinRadiusSq, type GroupStats, groupStats, MAX_BASINS, minimaCoordinates } from './stats.ts';
import { ESCAPE_SPANS, type SettleCriteria } from './status.ts';
import type { FrameRun } from './wasm/frame-runs.ts';

export type { KernelChoice, KernelFallback } from './group-kernels.ts';

export interface GroupConfig {
  /** Optimizer id, e.g. `gd` or `momentum`. */
  readonly optimizer: string;
  readonly learningRate: number;
  /** Hyper-parameters besides the learning rate; the optimizer's defaults fill the rest. */
  readonly params?: HyperParameters;
  /**
   * Standard deviation of the Gaussian noise added to each gradient component (stochastic
   * gradient descent); default 0. Drawn from the simulation's seed, the same for every group.
   */
  readonly noise?: number;
  /** How the rate changes over the run (schedule.ts); default constant. */
  readonly schedule?: ScheduleConfig;
  /**
   * Mini-batch SGD on a landscape made from data (models/model-landscape.ts): each ball draws this
   * many points each step (the same on every backend, from the seed). Default 0: every point.
   */
  readonly batch?: number;
}

export interface SimulationConfig {
  /**
   * A preset id, a landscape object, or a model fitted to data (`{ model: 'line', data: 'far' }`,
   * models/resolve-model.ts: its loss over the data as a function of its parameters).
   */
  readonly landscape: string | Landscape | ModelConfig;
  /** Overrides the landscape's own domain. */
  readonly domain?: Domain | undefined;
  /** Total balls over all groups (each group gets an equal share, at least 1). */
  readonly particleCount: number;
  /** Default `uniform`. */
  readonly start?: StartLayout;
  /** Centre for the gaussian, ring and point layouts; default the domain's centre. */
  readonly at?: readonly [number, number] | undefined;
  /** Default: one plain gradient-descent group at the landscape's recommended rate. */
  readonly groups?: readonly GroupConfig[];
  /** Default 1. */
  readonly seed?: number;
  /** `float32` (default) matches the GPU; `float64` for exact reference runs. */
  readonly precision?: 'float32' | 'float64';
  /**
   * `auto` (default): the WebAssembly SIMD kernel where it can run (float32, a formula it
   * compiles, a runtime that allows it), else JavaScript; `js`: the JavaScript reference kernel.
   */
  readonly kernel?: KernelChoice;
}

export interface SimulationStats {
  readonly step: number;
  readonly groups: readonly GroupStats[];
}

/**
 * Everything a run is: enough to continue it elsewhere (another backend) from the same step.
 * Arrays are copies, in the simulation's ball order.
 */
export interface SimulationSnapshot {
  readonly stepCount: number;
  readonly x: Float32Array | Float64Array;
  readonly y: Float32Array | Float64Array;
  readonly status: Uint8Array;
  readonly calm: Uint8Array;
  readonly convergedAt: Uint32Array;
  /** Optimizer state, per group, one array per entry of the optimizer's `stateNames`. */
  readonly state: readonly (readonly (Float32Array | Float64Array)[])[];
  /** Learning rate per group (they can change during a run). */
  readonly learningRates: readonly number[];
}

/** The state of a few chosen balls at one step (trails, the inspected ball). */
export interface TrackedBalls {
  /** Step count the values belong to. */
  readonly step: number;
  /** Global ball indices, in the order of the values. */
  readonly indices: Uint32Array;
  /**
   * 4 floats per tracked ball: x, y, and the optimizer's first two state values (momentum and
   * Nesterov velocity, AdaGrad G, RMSProp E, Adam m) as stored; 0 where the optimizer has none.
   */
  readonly values: Float32Array;
  /** ACTIVE, CONVERGED or DIVERGED per tracked ball. */
  readonly status: Uint8Array;
}

/** Floats per ball in TrackedBalls.values: x, y and TRACKED_STATE_VALUES state values. */
export const TRACKED_FLOATS = 4;
export const TRACKED_STATE_VALUES = 2;

export interface Simulation {
  readonly landscape: Landscape;
  readonly domain: Domain;
  /** Balls per group; every group starts from the same `perGroup` points. */
  readonly perGroup: number;
  readonly groupCount: number;
  /** perGroup * groupCount. */
  readonly particleCount: number;
  /** Steps done since the start (or the last reset). */
  readonly stepCount: number;
  /** Positions of every ball, group after group: ball j of group g is at index g * perGroup + j. */
  readonly x: FloatArray;
  readonly y: FloatArray;
  /** ACTIVE, CONVERGED or DIVERGED per ball (see status.ts). */
  readonly status: Uint8Array;
  /** The kernel that runs the steps: WebAssembly SIMD or the JavaScript reference. */
  readonly kernel: 'wasm' | 'js';
  /** Why JavaScript runs (see KernelFallback), null on WebAssembly. */
  readonly kernelFallback: KernelFallback | null;
  /** Advances every group by `steps` steps (default 1). */
  step(steps?: number): void;
  stats(): SimulationStats;
  /**
   * Writes 4 floats per ball for drawing: x, y, f(x, y), ballFlags(group, status). Never writes a
   * non-finite number: a diverged ball is clamped to the domain with the domain's lowest sampled
   * height standing in for its loss.
   */
  writeRenderData(out: Float32Array): void;
  /** Changes a group's learning rate without resetting its balls. */
  setLearningRate(group: number, learningRate: number): void;
  /** Back to the start positions, zero optimizer state, step 0. */
  reset(): void;
  /** A copy of the whole run state. */
  snapshot(): SimulationSnapshot;
  /** The current state of the balls at `indices` (global indices, each below particleCount). */
  trackedBalls(indices: Uint32Array): TrackedBalls;
  /** Continues from a snapshot of a simulation with the same config (e.g. taken on another backend). */
  restore(snapshot: SimulationSnapshot): void;
}

/** Largest supported ball count (the WebGPU path handles it; the CPU path gets slow). */
export const MAX_PARTICLES = 4_194_304;
export { MAX_GROUPS } from './group-limit.ts';

interface Group {
  learningRate: number;
  readonly schedule: ScheduleConfig | undefined;
  readonly block: BallBlock;
}

/**
 * Balls in each group for `particleCount` balls shared by `groupCount` groups (at least one each;
 * the remainder is dropped). Ball j of group g has the global index g * ballsPerGroup + j.
 */
export function ballsPerGroup(particleCount: number, groupCount: number): number {
  return Math.max(1, Math.floor(particleCount / groupCount));
}

/**
 * The groups a config runs: its own, or (none given) one group of plain gradient descent at the
 * landscape's recommended rate. Every backend reads a config's groups through this.
 */
export function configGroups(
  config: { readonly groups?: readonly GroupConfig[] | undefined },
  landscape: Pick<Landscape, 'learningRate'>,
): readonly GroupConfig[] {
  return config.groups ?? [{ optimizer: 'gd', learningRate: landscape.learningRate }];
}

/** Creates a simulation; throws a RangeError naming the bad field when the config is invalid. */
export function createSimulation(config: SimulationConfig): Simulation {
  return createSimulationEngine(config).simulation;
}

/**
 * A simulation with what runs its steps open to a pool of threads (threads/frame-pool.ts): the
 * steps' kernel calls as data, and a way to have them run elsewhere.
 */
export interface SimulationEngine {
  readonly simulation: Simulation;
  readonly kernels: Kernels;
  /** The kernel calls step(steps) makes from the current step, in order. Call commit after. */
  plan(steps: number): FrameRun[];
  /** Counts `steps` steps as done, once plan(steps)'s calls have run. */
  commit(steps: number): void;
  /** From now on step() hands its calls to `execute`; null: back to this thread. */
  executeWith(execute: ((runs: readonly FrameRun[]) => void) | null): void;
}

export interface EngineOptions {
  /** The balls in memory other threads can share (when the kernel is WebAssembly). */
  readonly shared?: boolean;
  /**
   * Keep the balls as drawn (16 bytes a ball more) in `kernels.drawn`, which
   * writeRenderData(kernels.drawn) fills in place: WebAssembly SIMD where the kernel is, in the
   * balls' own memory, so a view can hand it to the GPU without a copy.
   */
  readonly drawn?: boolean;
}

export function createSimulationEngine(
  config: SimulationConfig,
  options: EngineOptions = {},
): SimulationEngine {
  const landscape = resolveLandscape(config.landscape, (config.seed ?? 1) >>> 0);
  const domain = config.domain ?? landscape.domain;
  const groupConfigs = configGroups(config, landscape);
  validate(config, landscape, groupConfigs);

  const groupCount = groupConfigs.length;
  const perGroup = ballsPerGroup(config.particleCount, groupCount);
  const particleCount = perGroup * groupCount;
  const criteria = settleCriteria(landscape, domain);
  const basinReachSq = basinRadiusSq(criteria.minima, domain);
  // As a u32, the way createRng and the GPU's noise hash read it.
  const seed = (config.seed ?? 1) >>> 0;
  // The lowest height of the landscape is where a diverged ball is drawn: it stays visible at
  // the edge of the domain without pretending to have a loss.
  const floorLoss = landscapeFloor(landscape, domain);
  const kernels = createKernels({
    landscape,
    criteria,
    groups: groupConfigs.map((groupConfig) => {
      const optimizer = findOptimizer(groupConfig.optimizer)!;
      const params: HyperParameters = { ...optimizer.defaults, ...groupConfig.params };
      return { optimizer, params, noise: groupConfig.noise ?? 0, batch: groupConfig.batch ?? 0 };
    }),
    perGroup,
    seed,
    precision: config.precision ?? 'float32',
    choice: config.kernel ?? 'auto',
    shared: options.shared ?? false,
    draw: options.drawn ? { domain, floorLoss } : null,
  });
  const { x, y, status, calm, convergedAt } = kernels;
  const groups: Group[] = groupConfigs.map((groupConfig, index) => ({
    learningRate: groupConfig.learningRate,
    schedule: groupConfig.schedule,
    block: kernels.blocks[index]!,
  }));

  const statsScratch = new Float64Array(perGroup);
  let stepCount = 0;

  /**
   * The kernel calls that advance every group by `steps` from the current step. A constant rate
   * is one call (the fast path, untouched by schedules); a scheduled rate is one call per run of
   * steps that share a rate: whole decay intervals, single steps of a cosine or a warm-up.
   * Splitting changes nothing: the kernels store every step, and stepsDone keeps the global step
   * right.
   */
  const counters = new Float64Array(2);
  const plan = (steps: number): FrameRun[] => {
    const runs: FrameRun[] = [];
    const add = (group: number, run: number, learningRate: number, stepsDone: number): void => {
      kernels.counters(group, stepsDone, counters);
      runs.push({
        group,
        steps: run,
        learningRate,
        stepsDone,
        counter0: counters[0]!,
        counter1: counters[1]!,
      });
    };
    groups.forEach((group, g) => {
      if (!isScheduled(group.schedule)) {
        add(g, steps, group.learningRate, stepCount);
        return;
      }
      for (let done = 0; done < steps; ) {
        const step = stepCount + done;
        const run = constantRun(group.schedule, step, steps - done);
        add(g, run, group.learningRate * scheduleFactor(group.schedule, step), step);
        done += run;
      }
    });
    return runs;
  };
  let execute = (runs: readonly FrameRun[]): void => {
    for (const run of runs) kernels.runHere(run);
  };
  const runHere = execute;

  const reset = (): void => {
    const first = groups[0]!.block;
    placeBalls(first.x, first.y, {
      layout: config.start ?? 'uniform',
      domain,
      dimensions: landscape.dimensions,
      at: config.at,
      rng: createRng(seed),
    });
    // Every group starts from the first group's points: a fair comparison.
    for (let g = 1; g < groupCount; g++) {
      x.copyWithin(g * perGroup, 0, perGroup);
      y.copyWithin(g * perGroup, 0, perGroup);
    }
    status.fill(0);
    calm.fill(0);
    convergedAt.fill(0);
    for (const group of groups) for (const array of group.block.state) array.fill(0);
    stepCount = 0;
  };
  reset();

  const drawnSource: DrawnSource = {
    x,
    y,
    status,
    perGroup,
    particleCount,
    f: landscape.f,
    domain,
    floorLoss,
  };

  const simulation: Simulation = {
    landscape,
    domain,
    perGroup,
    groupCount,
    particleCount,
    get stepCount() {
      return stepCount;
    },
    x,
    y,
    status,
    kernel: kernels.kind,
    kernelFallback: kernels.fallback,
    step(steps = 1) {
      if (!(Number.isInteger(steps) && steps >= 0))
        throw new RangeError(`step(${steps}): need a whole number >= 0`);
      if (steps === 0) return;
      execute(plan(steps));
      stepCount += steps;
    },
    stats() {
      return {
        step: stepCount,
        groups: groups.map((group) =>
          groupStats(group.block, landscape.f, statsScratch, criteria.minima, basinReachSq),
        ),
      };
    },
    writeRenderData(out) {
      if (out === kernels.drawn && kernels.drawHere) kernels.drawHere();
      else writeDrawnBalls(drawnSource, out);
    },
    setLearningRate(group, learningRate) {
      const target = groups[group];
      if (!target) throw new RangeError(`setLearningRate: no group ${group}`);
      if (!isValidLearningRate(learningRate))
        throw new RangeError(`setLearningRate: bad rate ${learningRate}`);
      target.learningRate = learningRate;
    },
    reset,
    snapshot() {
      return {
        stepCount,
        x: x.slice(),
        y: y.slice(),
        status: status.slice(),
        calm: calm.slice(),
        convergedAt: convergedAt.slice(),
        state: groups.map((group) => group.block.state.map((array) => array.slice())),
        learningRates: groups.map((group) => group.learningRate),
      };
    },
    trackedBalls(indices) {
      const values = new Float32Array(indices.length * TRACKED_FLOATS);
      const trackedStatus = new Uint8Array(indices.length);
      indices.forEach((index, k) => {
        if (index >= particleCount) throw new RangeError(`trackedBalls: no ball ${index}`);
        const group = groups[(index / perGroup) | 0]!;
        const local = index - ((index / perGroup) | 0) * perGroup;
        const o = k * TRACKED_FLOATS;
        values[o] = x[index]!;
        values[o + 1] = y[index]!;
        values[o + 2] = group.block.state[0]?.[local] ?? 0;
        values[o + 3] = group.block.state[1]?.[local] ?? 0;
        trackedStatus[k] = status[index]!;
      });
      return { step: stepCount, indices: indices.slice(), values, status: trackedStatus };
    },
    restore(snapshot) {
      if (snapshot.x.length !== particleCount || snapshot.state.length !== groupCount) {
        throw new RangeError('restore: the snapshot is of a simulation with another size');
      }
      x.set(snapshot.x);
      y.set(snapshot.y);
      status.set(snapshot.status);
      calm.set(snapshot.calm);
      convergedAt.set(snapshot.convergedAt);
      groups.forEach((group, g) => {
        for (const [k, array] of group.block.state.entries()) array.set(snapshot.state[g]![k]!);
        group.learningRate = snapshot.learningRates[g]!;
      });
      stepCount = snapshot.stepCount;
    },
  };
  return {
    simulation,
    kernels,
    plan,
    commit(steps) {
      stepCount += steps;
    },
    executeWith(next) {
      execute = next ?? runHere;
    },
  };
}

/** Learning rates the engine accepts: positive and finite. Large ones diverge, as they should. */
export function isValidLearningRate(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function resolveLandscape(landscape: string | Landscape | ModelConfig, seed: number): Landscape {
  if (isModelConfig(landscape)) return resolveModelLandscape(landscape, seed);
  if (typeof landscape !== 'string') return landscape;
  const preset = findPreset(landscape);
  if (!preset) throw new RangeError(`landscape: no preset called "${landscape}"`);
  return preset;
}

function validate(config: SimulationConfig, landscape: Landscape, groups: readonly GroupConfig[]): void {
  const count = config.particleCount;
  if (landscape.minima.length > MAX_BASINS) {
    throw new RangeError(
      `landscape: at most ${MAX_BASINS} known minima (basin statistics), "${landscape.id}" lists ${landscape.minima.length}`,
    );
  }
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_PARTICLES)) {
    throw new RangeError(`particleCount: need a whole number from 1 to ${MAX_PARTICLES}, got ${count}`);
  }
  if (groups.length < 1 || groups.length > MAX_GROUPS) {
    throw new RangeError(`groups: need 1 to ${MAX_GROUPS}, got ${groups.length}`);
  }
  groups.forEach((group, index) => {
    if (!findOptimizer(group.optimizer))
      throw new RangeError(`groups[${index}]: unknown optimizer "${group.optimizer}"`);
    if (!isValidLearningRate(group.learningRate)) {
      throw new RangeError(
        `groups[${index}]: learning rate must be positive and finite, got ${group.learningRate}`,
      );
    }
    const batch = group.batch ?? 0;
    if (!(Number.isInteger(batch) && batch >= 0 && batch <= MAX_POINTS)) {
      throw new RangeError(
        `groups[${index}]: batch must be a whole number from 0 to ${MAX_POINTS}, got ${batch}`,
      );
    }
    if (batch > 0 && !landscape.batchGradient) {
      throw new RangeError(`groups[${index}]: batch needs a landscape made from data, not "${landscape.id}"`);
    }
    const noise = group.noise ?? 0;
    if (!(Number.isFinite(noise) && noise >= 0)) {
      throw new RangeError(`groups[${index}]: noise must be finite and >= 0, got ${noise}`);
    }
    const problem = group.schedule ? scheduleProblem(group.schedule) : null;
    if (problem) throw new RangeError(`groups[${index}]: schedule: ${problem}`);
  });

  const domain = config.domain;
  if (domain && !(domain.xMin < domain.xMax && domain.yMin <= domain.yMax)) {
    throw new RangeError('domain: need xMin < xMax and yMin <= yMax');
  }
}

/** Convergence and divergence rules for a landscape shown over `domain`. */
export function settleCriteria(landscape: Landscape, domain: Domain): SettleCriteria {
  const width = domain.xMax - domain.xMin;
  const height = domain.yMax - domain.yMin;
  const gradientTol = landscape.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE;
  const minimumTol = landscape.minimumTolerance ?? DEFAULT_MINIMUM_TOLERANCE * Math.max(width, height);
  const minima = minimaCoordinates(landscape.minima);
  return {
    gradientTolSq: gradientTol * gradientTol,
    minimumTolSq: minimumTol * minimumTol,
    minima,
    xLo: domain.xMin - ESCAPE_SPANS * width,
    xHi: domain.xMax + ESCAPE_SPANS * width,
    yLo: domain.yMin - ESCAPE_SPANS * height,
    yHi: domain.yMax + ESCAPE_SPANS * height,
  };
}
