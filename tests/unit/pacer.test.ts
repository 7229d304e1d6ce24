/**
 * Pacing by the clock: the same steps per second on a 60 Hz and a 144 Hz screen, fractions carry
 * over, a stall does not run away, a hold keeps the starting balls still, and `max` adapts its
 * steps per frame to the frame time.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_MS, MAX_STEPS_PER_FRAME, Pacer } from '../../src/worker/pacer.ts';

/** Runs `pacer` for `seconds` of frames every `frameMs`, starting at `start`; returns the steps. */
function run(
  pacer: Pacer,
  frameMs: number,
  seconds: number,
  start = 0,
): { steps: number; perFrame: number[] } {
  const perFrame: number[] = [];
  const frames = Math.round((seconds * 1000) / frameMs);
  for (let i = 0; i <= frames; i++) perFrame.push(pacer.take(start + i * frameMs));
  return { steps: perFrame.reduce((a, b) => a + b, 0), perFrame };
}

describe('Pacer', () => {
  it('runs the same steps per second at 60 Hz and at 144 Hz', () => {
    for (const speed of [0.5, 5, 20, 600]) {
      const at60 = run(new Pacer(speed), 1000 / 60, 10).steps;
      const at144 = run(new Pacer(speed), 1000 / 144, 10).steps;
      expect(Math.abs(at60 - speed * 10)).toBeLessThanOrEqual(1);
      expect(Math.abs(at144 - speed * 10)).toBeLessThanOrEqual(1);
    }
  });

  it('carries fractions over: 5 steps a second at 60 Hz is a step every 12 frames', () => {
    const { perFrame } = run(new Pacer(5), 1000 / 60, 2);
    // Two seconds of frames: 10 steps, give or take the one the last frame is still owed.
    expect(perFrame.filter((steps) => steps === 1).length).toBeGreaterThanOrEqual(9);
    expect(perFrame.filter((steps) => steps === 1).length).toBeLessThanOrEqual(10);
    expect(Math.max(...perFrame)).toBe(1);
  });

  it('does not run away after a stall: it catches up at most MAX_CATCH_UP_MS of steps', () => {
    const pacer = new Pacer(100);
    run(pacer, 10, 1);
    // The tab was hidden for a minute.
    const after = pacer.take(61_000);
    expect(after).toBeLessThanOrEqual(Math.ceil((MAX_CATCH_UP_MS * 100) / 1000));
    // ...and from there on it goes at its pace again.
    expect(Math.abs(run(pacer, 10, 2, 61_010).steps - 200)).toBeLessThanOrEqual(2);
  });

  it('never runs more than MAX_STEPS_PER_FRAME in one frame, even at a huge speed', () => {
    const { perFrame } = run(new Pacer(1e9), 100, 2);
    expect(Math.max(...perFrame)).toBe(MAX_STEPS_PER_FRAME);
  });

  it('holds: no steps for the hold from the next frame on, then the set pace', () => {
    const pacer = new Pacer(20);
    run(pacer, 10, 1);
    pacer.hold(1000);
    expect(pacer.holding(1010)).toBe(true);
    // The hold starts at the first frame after it was asked for (a slow build does not eat it).
    const held = run(pacer, 10, 0.99, 5000);
    expect(held.steps).toBe(0);
    expect(Math.abs(run(pacer, 10, 3, 6000).steps - 60)).toBeLessThanOrEqual(1);
    expect(pacer.holding(6000)).toBe(false);
  });

  it('release ends a hold at once', () => {
    const pacer = new Pacer(100);
    pacer.hold(1000);
    pacer.take(0);
    pacer.release();
    expect(run(pacer, 10, 1, 10).steps).toBeGreaterThan(90);
  });

  it('counts no time while paused', () => {
    const pacer = new Pacer(10);
    run(pacer, 10, 1);
    pacer.pause();
    expect(pacer.take(60_000)).toBe(0);
    expect(Math.abs(run(pacer, 10, 1, 60_010).steps - 10)).toBeLessThanOrEqual(1);
  });

  it('max: quick frames earn more steps up to the limit, slow frames halve them', () => {
    const pacer = new Pacer(Number.POSITIVE_INFINITY);
    const quick = run(pacer, 1000 / 60, 2).perFrame;
    expect(quick.at(-1)).toBe(MAX_STEPS_PER_FRAME);
    // Frames got slow (the steps or the drawing take long): the steps per frame come down.
    const slow = run(pacer, 50, 0.5, 3000).perFrame;
    expect(slow.at(-1)).toBeLessThan(MAX_STEPS_PER_FRAME / 100);
    expect(slow.at(-1)).toBeGreaterThanOrEqual(1);
  });

  it('rejects a speed that is not positive', () => {
    expect(() => new Pacer(1).setSpeed(0)).toThrow(RangeError);
    expect(() => new Pacer(1).setSpeed(Number.NaN)).toThrow(RangeError);
  });
});
