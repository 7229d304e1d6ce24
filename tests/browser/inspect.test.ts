/**
 * The worker with a view, in a real browser, on the CPU and (when there is an adapter) WebGPU:
 * inspecting a ball (by index and by a click), the trail sample's trajectories, the PNG capture
 * and the basin map. Set VITE_VIEW_SCREENSHOTS=1 to save what the canvas shows under test-results/.
 */
import * as Comlink from 'comlink';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { findPreset } from '../../src/core/landscapes/index.ts';
import type { InspectedBall, Report, SimWorkerApi, WireConfig } from '../../src/engine/protocol.ts';
import { basinColor } from '../../src/render/basin-colors.ts';
import type { ForwardedPointerEvent } from '../../src/render/element-proxy.ts';
import { GRADIENT_ARROW_COLOR, VELOCITY_ARROW_COLOR } from '../../src/render/inspect-colors.ts';
import { gpuAdapter } from './gpu-required.ts';
import { blobToImage, distinctColors, pictureWhere, screenshotImage, shareOfColor } from './pixels.ts';

const WIDTH = 640;
const HEIGHT = 400;
const SAVE = Boolean(import.meta.env.VITE_VIEW_SCREENSHOTS);
/** SwiftShader draws (and on the GPU path, computes) on the CPU of a shared machine. */
const TIMEOUT = 120_000;
const himmelblau = findPreset('himmelblau')!;

const hasAdapter = (await gpuAdapter('inspect')) !== null;
const BACKENDS = hasAdapter ? (['cpu', 'webgpu'] as const) : (['cpu'] as const);

let worker: Worker | null = null;
let canvas: HTMLCanvasElement | null = null;

beforeAll(async () => {
  await page.viewport(WIDTH + 40, HEIGHT + 40);
});

afterEach(() => {
  worker?.terminate();
  worker = null;
  canvas?.remove();
  canvas = null;
});

/** A worker drawing on a page canvas, as the app runs it. */
async function start(
  backend: 'cpu' | 'webgpu',
  config: WireConfig,
  paused = true,
): Promise<Comlink.Remote<SimWorkerApi>> {
  canvas = document.createElement('canvas');
  canvas.style.cssText = `display:block;width:${WIDTH}px;height:${HEIGHT}px`;
  document.body.style.margin = '0';
  document.body.append(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  worker = new Worker(new URL('../../workers/sim.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<SimWorkerApi>(worker);
  const request = {
    canvas: offscreen,
    size: { width: WIDTH, height: HEIGHT, pixelRatio: 1 },
    config,
    speed: 1,
    paused,
    backend,
  };
  const info = await api.init(
    Comlink.transfer(request, [offscreen]),
    Comlink.proxy(() => undefined),
  );
  expect(info.backend).toBe(backend);
  return api;
}

/** Polls the worker's report until `accept` says yes (the GPU answers with its next readback). */
async function reportWhere(
  api: Comlink.Remote<SimWorkerApi>,
  accept: (report: Report) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<Report> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const report = await api.report();
    if (accept(report)) return report;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function expectFinite(info: InspectedBall): void {
  const numbers = [
    info.x,
    info.y,
    info.loss,
    info.steepness,
    info.learningRate,
    ...info.gradient,
    ...info.nextStep,
    ...(info.velocity ?? []),
  ];
  expect(numbers.every(Number.isFinite), `finite: ${JSON.stringify(info)}`).toBe(true);
}

function pointer(type: ForwardedPointerEvent['type'], x: number, y: number): ForwardedPointerEvent {
  return {
    type,
    pointerId: 1,
    pointerType: 'mouse',
    isPrimary: true,
    button: 0,
    buttons: type === 'pointerdown' ? 1 : 0,
    clientX: x,
    clientY: y,
    pageX: x,
    pageY: y,
    offsetX: x,
    offsetY: y,
    ctrlKey: false,
    shiftKey: false,
    metaKey: false,
    altKey: false,
  };
}

async function click(api: Comlink.Remote<SimWorkerApi>, x: number, y: number): Promise<void> {
  await api.pointer(pointer('pointerdown', x, y));
  await api.pointer(pointer('pointerup', x, y));
}

describe.each(BACKENDS)('worker with a view on %s', (backend) => {
  test(
    'inspect(index) reports the ball, its slope and velocity; trajectories grow; PNG capture',
    async () => {
      const perGroup = 1000;
      const api = await start(backend, {
        landscape: 'himmelblau',
        particleCount: 2 * perGroup,
        seed: 5,
        groups: [
          { optimizer: 'gd', learningRate: 0.01 },
          { optimizer: 'momentum', learningRate: 0.002 },
        ],
      });
      expect((await api.report()).inspected).toBeNull();
      await api.inspect(perGroup + 7);
      await api.step(20);
      let info = (await reportWhere(api, (r) => r.inspected?.step === 20, 'the inspected ball at step 20'))
        .inspected!;
      expect(info).toMatchObject({ group: 1, ball: 7, index: perGroup + 7, optimizer: 'momentum' });
      expect(info.learningRate).toBe(0.002);
      expectFinite(info);
      const g = [0, 0];
      himmelblau.gradient(info.x, info.y, g);
      expect(info.gradient[0]).toBeCloseTo(g[0]!, 9);
      expect(info.gradient[1]).toBeCloseTo(g[1]!, 9);
      expect(info.steepness).toBeCloseTo(Math.hypot(g[0]!, g[1]!), 9);
      expect(info.loss).toBeCloseTo(himmelblau.f(info.x, info.y), 9);
      expect(info.velocity).not.toBeNull();
      expect(Math.hypot(...info.velocity!)).toBeGreaterThan(0);
      if (info.status === 'active') {
        // Momentum's next step: beta * v - lr * slope.
        expect(info.nextStep[0]).toBeCloseTo(0.9 * info.velocity![0] - 0.002 * g[0]!, 6);
      }
      if (SAVE) await screenshotImage(canvas!, `../../test-results/inspect-${backend}.png`);

      // Plain gradient descent: no velocity; its step is -lr * slope.
      await api.inspect(7);
      info = (await reportWhere(api, (r) => r.inspected?.index === 7, 'ball 7')).inspected!;
      expect(info).toMatchObject({ group: 0, ball: 7, optimizer: 'gd', velocity: null, step: 20 });
      expectFinite(info);
      himmelblau.gradient(info.x, info.y, g);
      if (info.status === 'active') expect(info.nextStep[0]).toBeCloseTo(-0.01 * g[0]!, 6);

      // Trajectories: 16 balls a group, growing with the steps, finite throughout.
      const early = await api.trajectories();
      expect(early).toHaveLength(32);
      await api.step(30);
      await reportWhere(api, (r) => r.inspected?.step === 50, 'step 50 read back');
      const later = await api.trajectories();
      expect(later).toHaveLength(32);
      const points = (samples: typeof later) => samples.reduce((sum, s) => sum + s.steps.length, 0);
      expect(points(later)).toBeGreaterThan(points(early));
      for (const sample of later) {
        expect(sample.steps[0]).toBe(0);
        expect(sample.x).toHaveLength(sample.steps.length);
        const all = [...sample.steps, ...sample.x, ...sample.y, ...sample.loss];
        expect(all.every(Number.isFinite)).toBe(true);
      }
      expect(new Set(later.map((s) => s.ball)).size).toBe(16);

      const png = await api.capturePng();
      expect(png.type).toBe('image/png');
      expect(png.size).toBeGreaterThan(1000);
      const image = await blobToImage(png);
      expect(image.width).toBe(WIDTH);
      expect(distinctColors(image), 'the captured PNG is blank').toBeGreaterThan(100);

      await api.inspect(null);
      expect((await api.report()).inspected).toBeNull();
      await expect(api.inspect(2 * perGroup)).rejects.toThrow(/no ball/);
    },
    TIMEOUT,
  );

  test(
    'a click on a ball inspects it, a click on empty space stops',
    async () => {
      // One ball at the bowl's centre, seen from straight above: it sits in the canvas's middle
      // (it starts at the minimum, but nothing steps while paused).
      const api = await start(backend, {
        landscape: 'bowl',
        particleCount: 1,
        start: 'point',
        at: [0, 0],
      });
      await api.resetCamera('top');
      // The click is picked with the camera the view last drew with: click until the top view's
      // frame is drawn and the ball is hit.
      const deadline = performance.now() + 20_000;
      let hit: Report | null = null;
      while (hit === null && performance.now() < deadline) {
        await click(api, WIDTH / 2 + 2, HEIGHT / 2 - 1);
        hit = await reportWhere(api, (r) => r.inspected !== null, 'the clicked ball', 1_000).catch(
          () => null,
        );
      }
      expect(hit, 'the clicked ball').not.toBeNull();
      const info = hit!.inspected!;
      expect(info.index).toBe(0);
      await click(api, 4, 4);
      await reportWhere(api, (r) => r.inspected === null, 'inspection to stop');
    },
    TIMEOUT,
  );

  test(
    'trails and the inspected ball’s ring and arrows are drawn',
    async () => {
      const api = await start(backend, {
        landscape: 'himmelblau',
        particleCount: 512,
        // A cluster on the steep western wall (|∇f| about 135 at its centre), slow rates: the
        // balls are still high on the slope after 8 steps.
        start: 'gaussian',
        at: [-4.2, 0],
        seed: 2,
        groups: [
          { optimizer: 'gd', learningRate: 0.0004 },
          { optimizer: 'momentum', learningRate: 0.00005 },
        ],
      });
      await api.inspect(256 + 40);
      // Step by step, so the trails get a point per step on both backends.
      for (let i = 0; i < 8; i++) await api.step(1);
      const report = await reportWhere(api, (r) => r.inspected?.step === 8, 'the ball at step 8');
      expect(report.inspected!.status).toBe('active');
      expect(report.inspected!.steepness).toBeGreaterThan(30);
      // Drawn once the view's next frames come: waited for, then looked at.
      await pictureWhere(
        canvas!,
        (image) =>
          shareOfColor(image, GRADIENT_ARROW_COLOR, 0.05) > 0.0002 &&
          shareOfColor(image, VELOCITY_ARROW_COLOR, 0.05) > 0.0002,
      );
      const image = await screenshotImage(
        canvas!,
        SAVE ? `../../test-results/inspect-arrows-${backend}.png` : undefined,
      );
      expect(distinctColors(image)).toBeGreaterThan(200);
      expect(shareOfColor(image, GRADIENT_ARROW_COLOR, 0.05), 'the orange slope arrow').toBeGreaterThan(
        0.0002,
      );
      expect(shareOfColor(image, VELOCITY_ARROW_COLOR, 0.05), 'the lime velocity arrow').toBeGreaterThan(
        0.0002,
      );
      const trajectories = await api.trajectories();
      // A point per step on the CPU; on the GPU one per statistics readback, which a step may
      // share with the loop's own (it does not ask for a second while one is under way).
      for (const t of trajectories) {
        if (backend === 'cpu') expect(t.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
        else {
          expect(t.steps.length).toBeGreaterThanOrEqual(2);
          expect(t.steps.at(-1)).toBe(8);
        }
      }
    },
    TIMEOUT,
  );

  test(
    'the basin map paints Himmelblau’s four basins',
    async () => {
      const api = await start(
        backend,
        {
          landscape: 'himmelblau',
          particleCount: 4096,
          start: 'grid',
          groups: [{ optimizer: 'gd', learningRate: 0.01 }],
        },
        false,
      );
      await api.setSpeed(40);
      await api.setViewOptions({ basinMap: 'minimum', basinGroup: 0 });
      await reportWhere(api, (r) => (r.groups[0]?.convergedPercent ?? 0) > 95, 'the balls to settle', 60_000);
      // The map is repainted from a snapshot about once a second: waited for, then looked at.
      await pictureWhere(
        canvas!,
        (image) => [0, 1, 2, 3].every((k) => shareOfColor(image, basinColor(k), 0.08) > 0.03),
        30_000,
      );
      const image = await screenshotImage(
        canvas!,
        SAVE ? `../../test-results/basin-${backend}.png` : undefined,
      );
      for (let k = 0; k < 4; k++) {
        expect(shareOfColor(image, basinColor(k), 0.08), `basin ${k}`).toBeGreaterThan(0.03);
      }
    },
    TIMEOUT,
  );
});
