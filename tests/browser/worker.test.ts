/**
 * The simulation worker in a real browser: it starts, takes a config through comlink, steps and
 * returns statistics. No canvas here: the view has its own test.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report, SimWorkerApi } from '../../src/engine/protocol.ts';
import { gpuAdapter } from './gpu-required.ts';

let worker: Worker | null = null;

afterEach(() => {
  worker?.terminate();
  worker = null;
});

function start(): Comlink.Remote<SimWorkerApi> {
  worker = new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), { type: 'module' });
  return Comlink.wrap<SimWorkerApi>(worker);
}

const size = { width: 1, height: 1, pixelRatio: 1 };

describe('sim worker', () => {
  it('takes a config, steps, and returns statistics', async () => {
    const api = start();
    const reports: Report[] = [];
    const info = await api.init(
      {
        size,
        config: {
          landscape: 'bowl',
          particleCount: 2000,
          groups: [
            { optimizer: 'gd', learningRate: 0.1 },
            { optimizer: 'gd', learningRate: 1.5 },
          ],
          seed: 4,
        },
        speed: 1,
        paused: true,
        backend: 'cpu',
      },
      Comlink.proxy((report: Report) => void reports.push(report)),
    );
    expect(info).toEqual({
      backend: 'cpu',
      backendLabel: expect.stringMatching(/^CPU · WebAssembly · \d+$/),
      renderer: null,
      particleCount: 2000,
      groupCount: 2,
      heightScale: null,
    });

    const before = await api.report();
    expect(before.step).toBe(0);
    expect(before.cpuEngine?.kernel).toBe('wasm');
    expect(before.groups).toHaveLength(2);

    const after = await api.step(200);
    expect(after.step).toBe(200);
    expect(after.groups[0]!.convergedPercent).toBe(100);
    expect(after.groups[1]!.divergedPercent).toBe(100);
    expect(after.groups[1]!.meanLoss).toBeNull();
    expect(reports.length).toBeGreaterThan(0);
  });

  it('plays on its own and stops when paused', async () => {
    const api = start();
    let reports = 0;
    await api.init(
      // 100 steps a second (without a view there is no first look to hold).
      { size, config: { landscape: 'himmelblau', particleCount: 500 }, speed: 100, paused: false },
      Comlink.proxy(() => {
        reports++;
      }),
    );
    // It steps by itself: waited for, not slept on.
    await expect.poll(async () => (await api.report()).step, { timeout: 15_000 }).toBeGreaterThan(0);
    const playing = await api.report();
    await api.setPlaying(false);
    const stopped = (await api.report()).step;
    expect(stopped).toBeGreaterThan(0);
    // Two more reports (the loop goes on while paused): the step has not moved.
    const seen = reports;
    await expect.poll(() => reports, { timeout: 15_000 }).toBeGreaterThanOrEqual(seen + 2);
    expect((await api.report()).step).toBe(stopped);
    expect(playing.playing).toBe(true);
  });

  it('rebuilds on configure and rejects a bad config with a message', async () => {
    const api = start();
    await api.init(
      { size, config: { landscape: 'bowl', particleCount: 100 }, speed: 1, paused: true },
      Comlink.proxy(() => undefined),
    );
    const info = await api.configure({ landscape: 'curve', particleCount: 10, start: 'point', at: [-1, 0] });
    expect(info.particleCount).toBe(10);
    await expect(api.configure({ landscape: 'nope', particleCount: 10 })).rejects.toThrow(/no preset/);
    // The previous simulation keeps running after a rejected one.
    expect((await api.step(1)).step).toBe(1);
  });
});

const hasAdapter = (await gpuAdapter('worker')) !== null;

describe.skipIf(!hasAdapter)('sim worker on WebGPU', () => {
  it('runs on the GPU by default and moves a run to the CPU and back without losing it', async () => {
    const api = start();
    const info = await api.init(
      {
        size,
        config: {
          landscape: 'ravine',
          particleCount: 4096,
          seed: 2,
          groups: [{ optimizer: 'momentum', learningRate: 0.01 }],
        },
        speed: 1,
        paused: true,
      },
      Comlink.proxy(() => undefined),
    );
    expect(info.backend).toBe('webgpu');
    expect(info.backendLabel).toMatch(/^WebGPU · /);
    const onGpu = await api.step(60);
    expect(onGpu.step).toBe(60);

    const toCpu = await api.setBackend('cpu');
    expect(toCpu.backend).toBe('cpu');
    const cpuReport = await api.report();
    expect(cpuReport.step).toBe(60);
    // Same balls, same state: the statistics carry over.
    expect(cpuReport.groups[0]!.convergedPercent).toBeCloseTo(onGpu.groups[0]!.convergedPercent, 5);
    expect(cpuReport.groups[0]!.meanLoss!).toBeCloseTo(onGpu.groups[0]!.meanLoss!, 3);

    await api.step(40);
    const back = await api.setBackend('webgpu');
    expect(back.backend).toBe('webgpu');
    expect((await api.step(1)).step).toBe(101);
  });

  it('without a view, record() rejects with a clear Error and recordSupport() says why', async () => {
    const api = start();
    await api.init(
      {
        size,
        config: { landscape: 'bowl', particleCount: 100, seed: 1 },
        speed: 1,
        paused: true,
        backend: 'cpu',
      },
      Comlink.proxy(() => undefined),
    );
    expect(await api.recordSupport()).toEqual({ problem: 'no-view' });
    await expect(api.record(1)).rejects.toThrow(/no view to record/);
    // A bad length is refused first, whatever else is wrong.
    await expect(api.record(0)).rejects.toThrow(/0 is not a recording length/);
    await expect(api.record(Number.NaN)).rejects.toThrow(/NaN is not a recording length/);
  });
});
