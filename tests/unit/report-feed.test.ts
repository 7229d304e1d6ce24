/**
 * The page's side of fresh numbers and of the start's progress: each run's history starts at its
 * own first report, reports without numbers draw nothing, and the bar shows while a build is under
 * way or nothing has been built yet.
 */
import { describe, expect, it } from 'vitest';
import type { GroupStats } from '../../src/core/stats.ts';
import type { Report } from '../../src/engine/protocol.ts';
import { StatsHistory } from '../../src/ui/history.ts';
import { ReportFeed, type StartIndicator } from '../../src/ui/report-feed.ts';

function group(convergedPercent: number): GroupStats {
  return { convergedPercent, divergedPercent: 0, meanLoss: 1, medianLoss: 1 } as GroupStats;
}

function report(
  run: number,
  step: number,
  converged: number | null,
  starting: Report['starting'] = null,
): Report {
  return {
    run,
    starting,
    step,
    playing: true,
    backend: 'cpu',
    backendLabel: 'CPU · WebAssembly · 1',
    cpuEngine: { kernel: 'wasm', threads: 1, note: null },
    renderer: null,
    particleCount: 100,
    fps: 0,
    stepsPerSecond: 0,
    particleStepsPerSecond: 0,
    groups: converged === null ? [] : [group(converged)],
    transfer: null,
    notice: null,
    inspected: null,
    sample: [],
    codeGeneration: true,
  };
}

function indicator(): StartIndicator & { shown: boolean } {
  const state = {
    shown: false,
    show: () => {
      state.shown = true;
    },
    hide: () => {
      state.shown = false;
    },
  };
  return state;
}

describe('ReportFeed', () => {
  it('starts the history afresh with a new run, however late the old run’s reports came', () => {
    const history = new StatsHistory();
    const feed = new ReportFeed(history, indicator(), () => 100);
    feed.take(report(1, 0, 0));
    feed.take(report(1, 50, 100));
    // The page asked for a new run; the old one's last readback still arrives...
    feed.take(report(1, 60, 100));
    // ...then the new run: first without numbers (being built), then its step 0.
    feed.take(report(2, 0, null, { phase: 'layout', progress: 0 }));
    expect(history.steps).toEqual([]);
    feed.take(report(2, 0, 0));
    feed.take(report(2, 5, 10));
    expect(history.steps).toEqual([0, 5]);
    expect(history.groups[0]?.converged).toEqual([0, 10]);
  });

  it('keeps the history when the same run resumes from an earlier step, and marks the rewind', () => {
    const history = new StatsHistory();
    const feed = new ReportFeed(history, indicator(), () => 100);
    for (const step of [0, 30, 60, 90, 106]) feed.take(report(1, step, step / 2));
    // The GPU device was lost at 106: the run goes on on the CPU from its snapshot at step 94.
    feed.take(report(1, 94, 47));
    feed.take(report(1, 120, 60));
    expect(history.steps).toEqual([0, 30, 60, 90, 94, 120]);
    expect(history.groups[0]?.converged).toEqual([0, 15, 30, 45, 47, 60]);
    expect(history.rewinds).toEqual([{ from: 106, to: 94 }]);
    // A new run forgets both.
    feed.take(report(2, 0, 0));
    expect(history.steps).toEqual([0]);
    expect(history.rewinds).toEqual([]);
  });

  it('keeps the run on screen through a rebuild: its reports without balls are interim', () => {
    const history = new StatsHistory();
    const feed = new ReportFeed(history, indicator(), () => 100);
    expect(feed.take({ ...report(1, 0, null), particleCount: 0 })).toBe(true);
    expect(feed.take(report(1, 0, 0))).toBe(true);
    expect(feed.take(report(1, 114, 50))).toBe(true);
    // A backend switch: while the new backend is built the worker has none (no balls, step 0),
    // its last statistics still in hand. Not a rewind, and nothing to show.
    expect(feed.take({ ...report(1, 0, 50), particleCount: 0 })).toBe(false);
    expect(feed.take(report(1, 168, 60))).toBe(true);
    expect(history.steps).toEqual([0, 114, 168]);
    expect(history.rewinds).toEqual([]);
  });

  it('shows the bar while booting and building, and hides it at the first frame', () => {
    const bar = indicator();
    const feed = new ReportFeed(new StatsHistory(), bar, () => 100);
    feed.booting();
    expect(bar.shown).toBe(true);
    // A notice before anything is built: still starting.
    feed.take({ ...report(0, 0, null), particleCount: 0 });
    expect(bar.shown).toBe(true);
    feed.take(report(1, 0, 0, { phase: 'upload', progress: 0.8 }));
    expect(bar.shown).toBe(true);
    feed.take(report(1, 0, 0));
    expect(bar.shown).toBe(false);
    feed.take(report(2, 0, null, { phase: 'layout', progress: 0 }));
    expect(bar.shown).toBe(true);
    feed.failed();
    expect(bar.shown).toBe(false);
    // After a failed start, a report from a worker with nothing built does not bring it back.
    feed.take({ ...report(2, 0, null), particleCount: 0 });
    expect(bar.shown).toBe(false);
  });
});
