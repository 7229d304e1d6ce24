/**
 * A frame call described as data, and where it finds its balls: what one thread does alone and
 * what a pool of threads splits between them (each thread its part of every group's balls).
 */
import type { BallLayout } from '../ball-memory.ts';
import type { DescentFrame } from './descent-frame.ts';

/** Steps of one group at one rate (a schedule splits a step() into several). */
export interface FrameRun {
  readonly group: number;
  readonly steps: number;
  readonly learningRate: number;
  /** The global step before the run's first. */
  readonly stepsDone: number;
  /** The optimizer's counters there (define.ts counterStarts); 0 where it has none. */
  readonly counter0: number;
  readonly counter1: number;
}

/** Runs `run` on balls [begin, end) of its group. */
export function advanceRun(
  frame: DescentFrame,
  layout: BallLayout,
  perGroup: number,
  run: FrameRun,
  begin: number,
  end: number,
): void {
  if (end <= begin) return;
  const first = run.group * perGroup + begin;
  const state = layout.state[run.group]!;
  frame.advance(
    layout.x + 4 * first,
    layout.y + 4 * first,
    layout.status + first,
    layout.calm + first,
    layout.convergedAt + 4 * first,
    state.offset + 4 * begin,
    state.stride,
    end - begin,
    run.steps,
    run.learningRate,
    run.stepsDone,
    run.counter0,
    run.counter1,
    begin,
    layout.list + 4 * first,
  );
}

/**
 * Part `part` of `parts` of a group's `perGroup` balls, [begin, end): nearly equal, and starting
 * on a quad boundary, so only a group's last part has a partial quad.
 */
export function partOf(perGroup: number, part: number, parts: number): [number, number] {
  const edge = (k: number): number => Math.min(perGroup, 4 * Math.round((perGroup * k) / parts / 4));
  return [edge(part), part === parts - 1 ? perGroup : edge(part + 1)];
}
