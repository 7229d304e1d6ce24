/** The start's progress: phases in order, a bar that creeps within a phase and never goes back. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CREEP_INTERVAL_MS, PHASE_SPAN, StartProgress } from '../../src/worker/start-progress.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('StartProgress', () => {
  it('goes through the phases, creeps within one without reaching its end, and finishes', () => {
    let changes = 0;
    const progress = new StartProgress(() => changes++);
    expect(progress.current).toBeNull();
    progress.enter('layout');
    expect(progress.current).toEqual({ phase: 'layout', progress: 0 });
    progress.enter('compile');
    const start = progress.current!.progress;
    expect(start).toBe(PHASE_SPAN.compile[0]);
    vi.advanceTimersByTime(CREEP_INTERVAL_MS * 50);
    const crept = progress.current!.progress;
    expect(crept).toBeGreaterThan(start);
    expect(crept).toBeLessThan(PHASE_SPAN.compile[1]);
    // Entering an earlier point never moves the bar back.
    progress.enter('compile', 0);
    expect(progress.current!.progress).toBe(crept);
    progress.enter('upload');
    expect(progress.current!.progress).toBe(PHASE_SPAN.upload[0]);
    const before = changes;
    progress.finish();
    expect(progress.current).toBeNull();
    expect(changes).toBe(before + 1);
    // No more creeping once finished.
    vi.advanceTimersByTime(CREEP_INTERVAL_MS * 5);
    expect(changes).toBe(before + 1);
  });
});
