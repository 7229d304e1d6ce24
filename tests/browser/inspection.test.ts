/**
 * The worker's inspection and trail bookkeeping, without a worker: the inspector's "next step"
 * must be the step the engine really takes, and the trail sample and its records must behave.
 */
import { describe, expect, test } from 'vitest';
import type { TrackedBalls } from '../../src/backend/backend.ts';
import { findPreset } from '../../src/core/landscapes/index.ts';
import { nextStep, OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { createSimulation } from '../../src/core/simulation.ts';
import { CONVERGED, DIVERGED } from '../../src/core/status.ts';
import { describeBall } from '../../src/worker/inspection.ts';
import { chooseTrailSample, TrailRecorder } from '../../src/worker/trail-recorder.ts';

const rosenbrock = findPreset('rosenbrock')!;

describe('nextStep', () => {
  /** Small enough that 8 steps from (-1.5, 2) stay far from Rosenbrock's minimum. */
  const rates: Record<string, number> = {
    gd: 1e-4,
    momentum: 1e-4,
    nesterov: 1e-4,
    adagrad: 0.01,
    rmsprop: 1e-3,
    adam: 0.01,
    adamw: 0.01,
    lion: 0.01,
  };
  for (const optimizer of OPTIMIZERS) {
    test(`${optimizer.id}: the step the engine takes next`, () => {
      const learningRate = rates[optimizer.id] ?? 1e-4;
      const sim = createSimulation({
        landscape: 'rosenbrock',
        particleCount: 1,
        start: 'point',
        at: [-1.5, 2],
        groups: [{ optimizer: optimizer.id, learningRate }],
        precision: 'float64',
      });
      sim.step(7); // some state built up
      const before = sim.snapshot();
      const x = before.x[0]!;
      const y = before.y[0]!;
      const g: [number, number] = [0, 0];
      rosenbrock.gradient(x, y, g);
      const state = before.state[0]!.map((array) => array[0]!);
      const predicted = nextStep(optimizer, optimizer.defaults, learningRate, sim.stepCount, {
        position: [x, y],
        gradient: g,
        state,
      });
      sim.step(1);
      expect(sim.status[0]).toBe(0);
      expect(predicted[0]).toBeCloseTo(sim.x[0]! - x, 12);
      expect(predicted[1]).toBeCloseTo(sim.y[0]! - y, 12);
      expect(Math.hypot(...predicted)).toBeGreaterThan(0);
    });
  }
});

test('a learning-rate schedule: the step the engine takes next, at the scheduled rate', () => {
  const schedule = { kind: 'step', every: 5, factor: 0.5 } as const;
  const sim = createSimulation({
    landscape: 'rosenbrock',
    particleCount: 1,
    start: 'point',
    at: [-1.5, 2],
    groups: [{ optimizer: 'momentum', learningRate: 2e-4, schedule }],
    precision: 'float64',
  });
  sim.step(12); // in the third stretch of the schedule: a quarter of the rate
  const before = sim.snapshot();
  const info = describeBall({
    landscape: rosenbrock,
    index: 0,
    perGroup: 1,
    optimizer: 'momentum',
    params: undefined,
    learningRate: 2e-4,
    schedule,
    step: sim.stepCount,
    values: [before.x[0]!, before.y[0]!, before.state[0]![0]![0]!, before.state[0]![1]![0]!],
    status: 0,
    extraState: null,
  });
  expect(info.learningRate).toBeCloseTo(5e-5, 15);
  sim.step(1);
  expect(info.nextStep[0]).toBeCloseTo(sim.x[0]! - before.x[0]!, 12);
  expect(info.nextStep[1]).toBeCloseTo(sim.y[0]! - before.y[0]!, 12);
});

describe('describeBall', () => {
  const tracked = (status: number) => ({
    landscape: rosenbrock,
    index: 13,
    perGroup: 10,
    optimizer: 'momentum',
    params: undefined,
    learningRate: 0.001,
    schedule: undefined,
    step: 5,
    values: Float32Array.of(-1, 1.5, 0.01, -0.02),
    status,
    extraState: null,
  });

  test('numbers of a rolling ball: the gradient is the landscape’s, the velocity its state', () => {
    const info = describeBall(tracked(0));
    expect(info).toMatchObject({
      group: 1,
      ball: 3,
      index: 13,
      step: 5,
      status: 'active',
      optimizer: 'momentum',
    });
    const g = [0, 0];
    rosenbrock.gradient(-1, 1.5, g);
    expect(info.gradient).toEqual(g);
    expect(info.steepness).toBeCloseTo(Math.hypot(g[0]!, g[1]!), 12);
    expect(info.loss).toBe(rosenbrock.f(-1, 1.5));
    expect(info.velocity?.[0]).toBeCloseTo(0.01, 7);
    expect(info.velocity?.[1]).toBeCloseTo(-0.02, 7);
    expect(info.nextStep[0]).toBeCloseTo(0.9 * 0.01 - 0.001 * g[0]!, 7);
  });

  test('a ball that stopped takes no step; gradient descent has no velocity', () => {
    expect(describeBall(tracked(CONVERGED)).nextStep).toEqual([0, 0]);
    expect(describeBall(tracked(DIVERGED)).status).toBe('diverged');
    expect(describeBall({ ...tracked(0), optimizer: 'gd' }).velocity).toBeNull();
  });
});

describe('trail sample', () => {
  test('the same seeded balls in every group, distinct, in range', () => {
    const sample = chooseTrailSample(1000, 3, 7);
    expect(sample).toHaveLength(48);
    expect(chooseTrailSample(1000, 3, 7)).toEqual(sample);
    expect(chooseTrailSample(1000, 3, 8)).not.toEqual(sample);
    const first = [...sample.subarray(0, 16)];
    expect(new Set(first).size).toBe(16);
    for (let g = 1; g < 3; g++) {
      expect([...sample.subarray(g * 16, g * 16 + 16)]).toEqual(first.map((j) => j + g * 1000));
    }
    expect(chooseTrailSample(5, 2, 1)).toEqual(Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  });

  const trackedAt = (step: number, x: number, y: number, status = 0): TrackedBalls => ({
    step,
    indices: Uint32Array.of(4),
    values: Float32Array.of(x, y, 0, 0),
    status: Uint8Array.of(status),
  });

  test('records moves once per step, keeps the last 1,000, ends at the last finite point', () => {
    const recorder = new TrailRecorder(Uint32Array.of(4), 3, 8, 1000);
    for (let step = 0; step < 1200; step++) recorder.record(trackedAt(step, step * 1e-3, 0), rosenbrock.f);
    recorder.record(trackedAt(1199, 5, 5), rosenbrock.f); // the same step again: ignored
    let [sample] = recorder.trajectories();
    expect(sample).toMatchObject({ group: 1, ball: 1 });
    expect(sample!.steps).toHaveLength(1000);
    expect(sample!.steps[0]).toBe(200);
    expect(sample!.steps.at(-1)).toBe(1199);
    expect(sample!.loss.at(-1)).toBeCloseTo(rosenbrock.f(1.199, 0), 3);

    recorder.record(trackedAt(1200, Number.NaN, 0), rosenbrock.f);
    recorder.record(trackedAt(1201, 40, 40, DIVERGED), rosenbrock.f);
    recorder.record(trackedAt(1202, 1, 0, DIVERGED), rosenbrock.f);
    [sample] = recorder.trajectories();
    expect(sample!.steps.at(-1)).toBe(1199);
    expect([...sample!.x, ...sample!.y, ...sample!.loss].every(Number.isFinite)).toBe(true);
    // The trail keeps its length and repeats the last finite point: it draws in and fades out.
    const [path] = recorder.paths();
    expect(path!.length).toBe(8);
    const newest = (path!.head + path!.length - 1) % 8;
    expect(path!.x[newest]).toBeCloseTo(1.199, 6);

    recorder.clear();
    expect(recorder.trajectories()[0]!.steps).toHaveLength(0);
  });

  test('a converged ball that rests adds no points', () => {
    const recorder = new TrailRecorder(Uint32Array.of(4), 3);
    recorder.record(trackedAt(0, 1, 1), rosenbrock.f);
    recorder.record(trackedAt(1, 1, 1, CONVERGED), rosenbrock.f);
    recorder.record(trackedAt(2, 1, 1, CONVERGED), rosenbrock.f);
    expect(recorder.trajectories()[0]!.steps).toEqual([0]);
  });
});
