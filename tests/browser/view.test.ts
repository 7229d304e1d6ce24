/**
 * LandscapeView in a real Chromium (WebGPU on SwiftShader, and three's WebGL2 fallback): the
 * canvas must show the surface and the balls, not just the background. Set VITE_VIEW_SCREENSHOTS=1
 * to also save a PNG per case under tests/browser/__screenshots__/ (git-ignored) to look at.
 */

import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import type { Landscape } from '../../src/core/landscape.ts';
import { findPreset } from '../../src/core/landscapes/index.ts';
import { forwardPointerEvents } from '../../src/engine/forward-events.ts';
import { ElementProxy } from '../../src/render/element-proxy.ts';
import { LandscapeView, type LandscapeViewSettings, PARTICLE_STRIDE } from '../../src/render/view.ts';
import { gpuAdapter } from './gpu-required.ts';

const WIDTH = 640;
const HEIGHT = 400;
const SAVE_SCREENSHOTS = Boolean(import.meta.env.VITE_VIEW_SCREENSHOTS);
/** Magenta and cyan: hues the viridis surface never takes, so ball pixels can be told apart. */
const GROUP_COLORS = ['#ff3fd2', '#4cc9f0'] as const;

// The presets themselves: the view is tested on what the app shows.
const bowl = findPreset('bowl')!;
const seedCurve = findPreset('curve')!;
const rosenbrock = findPreset('rosenbrock')!;
const himmelblau = findPreset('himmelblau')!;

interface Harness {
  canvas: HTMLCanvasElement;
  view: LandscapeView;
  stopForwarding: () => void;
  /** Set if the GPU device was lost; a lost device draws nothing, so say why up front. */
  deviceLost: string | null;
}

const harnesses: Harness[] = [];
/** SwiftShader draws on the CPU of a shared machine: frames take a while. */
const TIMEOUT = 60_000;

beforeAll(async () => {
  // The test iframe is narrower than the canvas by default; element screenshots would be cut.
  await page.viewport(WIDTH + 40, HEIGHT + 40);
});

afterEach(() => {
  for (const h of harnesses.splice(0)) {
    h.stopForwarding();
    h.view.dispose();
    h.view.dispose(); // must be harmless
    h.canvas.remove();
  }
});

/** A view on a page canvas, fed through the same proxy + forwarding the worker setup uses. */
async function createHarness(settings: LandscapeViewSettings = {}): Promise<Harness> {
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `display:block;width:${WIDTH}px;height:${HEIGHT}px`;
  document.body.style.margin = '0';
  document.body.append(canvas);
  const proxy = new ElementProxy();
  const stopForwarding = forwardPointerEvents(canvas, (event) => proxy.handleEvent(event));
  const harness: Harness = {
    canvas,
    view: null as unknown as LandscapeView,
    stopForwarding,
    deviceLost: null,
  };
  harness.view = new LandscapeView(canvas, proxy, {
    ...settings,
    onDeviceLost: (message) => {
      harness.deviceLost = message;
    },
  });
  const { view } = harness;
  await view.init();
  view.resize(WIDTH, HEIGHT, 1);
  harnesses.push(harness);
  return harness;
}

/** Fills the ball buffer with a grid of balls over the domain, alternating groups and statuses. */
function fillBalls(view: LandscapeView, landscape: Landscape, count: number): void {
  view.setParticles(count, GROUP_COLORS);
  const data = view.particleData();
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const side = Math.ceil(Math.sqrt(count));
  for (let i = 0; i < count; i++) {
    const u = ((i % side) + 0.5) / side;
    const v = (Math.floor(i / side) + 0.5) / side;
    const x =
      landscape.dimensions === 1 ? xMin + ((i + 0.5) / count) * (xMax - xMin) : xMin + u * (xMax - xMin);
    const y = landscape.dimensions === 1 ? 0 : yMin + v * (yMax - yMin);
    const group = i % 2;
    const status = i % 7 === 0 ? 1 : i % 23 === 0 ? 2 : 0;
    data.set([x, y, landscape.f(x, y), group + 8 * status], i * PARTICLE_STRIDE);
  }
  view.markParticlesDirty();
}

/**
 * Moves every ball (already in the buffer) to one point, in place: a view that does not pick up
 * new data keeps showing the old spread.
 */
function gatherBalls(view: LandscapeView, landscape: Landscape, x: number, y: number): void {
  const data = view.particleData();
  for (let o = 0; o < data.length; o += PARTICLE_STRIDE) {
    data[o] = x;
    data[o + 1] = y;
    data[o + 2] = landscape.f(x, y);
  }
  view.markParticlesDirty();
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Renders a few frames and reads the canvas back as the page shows it (a screenshot of the
 * element): unlike drawImage, that does not depend on when a WebGPU canvas's texture expires.
 */
async function capture(h: Harness, name: string, frames = 3): Promise<ImageData> {
  for (let i = 0; i < frames; i++) {
    h.view.render();
    await nextFrame();
  }
  expect(h.deviceLost, 'the GPU device was lost while drawing').toBeNull();
  const base64 = SAVE_SCREENSHOTS
    ? (await page.screenshot({ element: h.canvas, path: `__screenshots__/view-${name}.png`, base64: true }))
        .base64
    : await page.screenshot({ element: h.canvas, save: false });
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const copy = document.createElement('canvas');
  copy.width = bitmap.width;
  copy.height = bitmap.height;
  const context = copy.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('no 2d context');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, copy.width, copy.height);
}

interface PixelSummary {
  /** Distinct colours after quantising each channel to 5 bits. */
  distinctColors: number;
  /** Share of pixels that differ visibly from the background #0b0f17. */
  foreground: number;
  /** Share of pixels with the magenta group's hue (red and blue high, green low). */
  magenta: number;
}

function summarise(image: ImageData): PixelSummary {
  const colors = new Set<number>();
  let foreground = 0;
  let magenta = 0;
  const { data } = image;
  const pixels = data.length / 4;
  for (let p = 0; p < data.length; p += 4) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    colors.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    if (Math.abs(r - 0x0b) + Math.abs(g - 0x0f) + Math.abs(b - 0x17) > 24) foreground++;
    if (r > 150 && b > 110 && g < 0.6 * Math.min(r, b)) magenta++;
  }
  return { distinctColors: colors.size, foreground: foreground / pixels, magenta: magenta / pixels };
}

/** Whether a magenta-ish pixel lies within `radius` px of (x, y). */
function magentaNear(image: ImageData, x: number, y: number, radius: number): boolean {
  for (let py = Math.round(y) - radius; py <= Math.round(y) + radius; py++) {
    for (let px = Math.round(x) - radius; px <= Math.round(x) + radius; px++) {
      if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
      const p = (py * image.width + px) * 4;
      const r = image.data[p] ?? 0;
      const g = image.data[p + 1] ?? 0;
      const b = image.data[p + 2] ?? 0;
      if (r > 150 && b > 90 && g < 0.6 * Math.min(r, b)) return true;
    }
  }
  return false;
}

function imageDifference(a: ImageData, b: ImageData): number {
  let changed = 0;
  for (let p = 0; p < a.data.length; p += 4) {
    const d =
      Math.abs((a.data[p] ?? 0) - (b.data[p] ?? 0)) +
      Math.abs((a.data[p + 1] ?? 0) - (b.data[p + 1] ?? 0)) +
      Math.abs((a.data[p + 2] ?? 0) - (b.data[p + 2] ?? 0));
    if (d > 30) changed++;
  }
  return changed / (a.data.length / 4);
}

describe('LandscapeView (WebGPU where available)', { timeout: TIMEOUT }, () => {
  test('bowl with 2,000 spheres: surface and balls are drawn, orbit and pick work', async () => {
    const h = await createHarness();
    expect(['webgpu', 'webgl2']).toContain(h.view.backendName);
    h.view.setLandscape(bowl, bowl.domain);
    fillBalls(h.view, bowl, 2000);
    const before = await capture(h, 'bowl');
    const summary = summarise(before);
    expect(summary.foreground).toBeGreaterThan(0.25);
    // A single colour means nothing was presented. Known trap: headless Chromium launched with
    // --use-angle=vulkan on a machine without a Vulkan surface extension silently breaks WebGPU
    // canvases (the instance drops at the first present); --use-angle=swiftshader works.
    expect(summary.distinctColors, 'the canvas shows one flat colour').toBeGreaterThan(200);
    expect(summary.magenta).toBeGreaterThan(0.002);

    // The surface under the middle of the canvas is near the bowl's bottom, inside the domain.
    const hit = h.view.pick(WIDTH / 2, HEIGHT / 2);
    expect(hit).not.toBeNull();
    expect(Math.abs(hit?.x ?? 99)).toBeLessThan(5);
    expect(Math.abs(hit?.y ?? 99)).toBeLessThan(5);
    expect(h.view.pick(2, 2)).toBeNull(); // sky

    // A left-drag forwarded through forwardPointerEvents -> ElementProxy orbits the camera.
    const pointer = { pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, bubbles: true };
    h.canvas.dispatchEvent(
      new PointerEvent('pointerdown', { ...pointer, buttons: 1, clientX: 300, clientY: 200 }),
    );
    h.canvas.dispatchEvent(
      new PointerEvent('pointermove', { ...pointer, buttons: 1, clientX: 420, clientY: 230 }),
    );
    await nextFrame();
    h.canvas.dispatchEvent(
      new PointerEvent('pointerup', { ...pointer, buttons: 0, clientX: 420, clientY: 230 }),
    );
    const after = await capture(h, 'bowl-orbited', 8);
    expect(imageDifference(before, after)).toBeGreaterThan(0.05);
  });

  test('on WebGPU, changing labels again and again leaves no GPU buffer behind', async () => {
    const adapter = await gpuAdapter('view.test.ts');
    if (!adapter) return;
    const device = await adapter.requestDevice();
    // Live buffers on this device: created minus destroyed.
    let live = 0;
    const create = device.createBuffer.bind(device);
    device.createBuffer = (descriptor: GPUBufferDescriptor) => {
      const buffer = create(descriptor);
      live++;
      const destroy = buffer.destroy.bind(buffer);
      let gone = false;
      buffer.destroy = () => {
        if (!gone) live--;
        gone = true;
        destroy();
      };
      return buffer;
    };
    const h = await createHarness({ device });
    h.view.setLandscape(bowl, bowl.domain);
    fillBalls(h.view, bowl, 200);
    const draw = async () => {
      h.view.render();
      await device.queue.onSubmittedWorkDone();
    };
    h.view.setBallLabels([{ index: 0, text: 'rate 0.1', color: '#ff7b00' }]);
    await draw();
    const before = live;
    // Each change of labels used to leave its three instance buffers behind (found by the soak).
    for (let k = 0; k < 20; k++) {
      h.view.setBallLabels([{ index: k % 2, text: `rate ${k}`, color: '#ff7b00' }]);
      await draw();
    }
    expect(live - before).toBeLessThan(6);
    expect(h.deviceLost).toBeNull();
  });

  test('on WebGPU, balls are drawn from a buffer only a compute pass would write', async () => {
    // Without WebGPU there is no shared buffer (and under CI=true that is a failure).
    const adapter = await gpuAdapter('view.test.ts');
    if (!adapter) return;
    const device = await adapter.requestDevice();
    const h = await createHarness({ device });
    expect(h.view.backendName).toBe('webgpu');
    h.view.setLandscape(bowl, bowl.domain);
    const count = 2000;
    const shared = device.createBuffer({
      label: 'test ball buffer',
      size: count * PARTICLE_STRIDE * 4,
      usage:
        GPUBufferUsage.STORAGE | GPUBufferUsage.VERTEX | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    h.view.setParticles(count, GROUP_COLORS, shared);
    // The balls exist only on the GPU: particleData() stays zero and is never uploaded.
    const balls = new Float32Array(count * PARTICLE_STRIDE);
    for (let i = 0; i < count; i++) {
      const x = -3 + 6 * ((i % 50) / 49);
      const y = -3 + 6 * (Math.floor(i / 50) / 39);
      balls.set([x, y, bowl.f(x, y), 0], i * PARTICLE_STRIDE);
    }
    device.queue.writeBuffer(shared, 0, balls);
    expect(summarise(await capture(h, 'shared-buffer')).magenta).toBeGreaterThan(0.002);
    // Moved on the GPU to one corner: the drawing follows with no upload from JavaScript.
    for (let i = 0; i < count; i++) balls.set([3, 3, bowl.f(3, 3), 0], i * PARTICLE_STRIDE);
    device.queue.writeBuffer(shared, 0, balls);
    const at = h.view.project(3, 3);
    const image = await capture(h, 'shared-buffer-moved');
    expect(magentaNear(image, at?.offsetX ?? -99, at?.offsetY ?? -99, 6)).toBe(true);
    expect(summarise(image).magenta).toBeLessThan(0.002);
    // A buffer too small for the balls is refused, not drawn out of bounds.
    const small = device.createBuffer({ size: 64, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.VERTEX });
    expect(() => h.view.setParticles(count, GROUP_COLORS, small)).toThrow(/holds 64 bytes/);
    small.destroy();
  });

  test('options toggle without errors; Rosenbrock on a log scale stays readable', async () => {
    const h = await createHarness();
    h.view.setLandscape(rosenbrock, rosenbrock.domain);
    h.view.setOptions({ logHeight: true, wireframe: true, contours: true });
    fillBalls(h.view, rosenbrock, 3000);
    const logImage = await capture(h, 'rosenbrock-log');
    expect(summarise(logImage).distinctColors).toBeGreaterThan(200);
    h.view.setOptions({ logHeight: false, wireframe: false, contours: false, showMinima: false });
    const linearImage = await capture(h, 'rosenbrock-linear');
    expect(imageDifference(logImage, linearImage)).toBeGreaterThan(0.05);

    // One ball: the GPU's height mapping must put it where the JS mirror (project/pick) says.
    for (const logHeight of [true, false]) {
      h.view.setOptions({ logHeight });
      h.view.setParticles(1, GROUP_COLORS);
      h.view.particleData().set([-1, 1, rosenbrock.f(-1, 1), 0]);
      h.view.markParticlesDirty();
      const at = h.view.project(-1, 1);
      expect(at).not.toBeNull();
      const image = await capture(h, `rosenbrock-one-ball-${logHeight ? 'log' : 'linear'}`);
      expect(magentaNear(image, at?.offsetX ?? -99, at?.offsetY ?? -99, 6)).toBe(true);
      const back = h.view.pick(at?.offsetX ?? 0, at?.offsetY ?? 0);
      expect(back?.x ?? 99).toBeCloseTo(-1, 1);
      expect(back?.y ?? 99).toBeCloseTo(1, 1);
    }

    h.view.setLandscape(himmelblau, himmelblau.domain);
    h.view.setOptions({ logHeight: true, contours: true, showMinima: true });
    fillBalls(h.view, himmelblau, 4000);
    expect(summarise(await capture(h, 'himmelblau-log')).foreground).toBeGreaterThan(0.25);
    h.view.resetCamera('top');
    expect(summarise(await capture(h, 'himmelblau-top')).foreground).toBeGreaterThan(0.25);
  });

  test('1D landscape: the curve and its balls are drawn', async () => {
    const h = await createHarness();
    h.view.setLandscape(seedCurve, seedCurve.domain);
    fillBalls(h.view, seedCurve, 24);
    const summary = summarise(await capture(h, 'curve'));
    expect(summary.foreground).toBeGreaterThan(0.03);
    expect(summary.distinctColors).toBeGreaterThan(50);
    expect(summary.magenta).toBeGreaterThan(0.0005);
  });

  test('50,000 balls use the sprite path and are drawn', async () => {
    const h = await createHarness();
    h.view.setLandscape(bowl, bowl.domain);
    fillBalls(h.view, bowl, 50_000);
    const summary = summarise(await capture(h, 'sprites'));
    expect(summary.foreground).toBeGreaterThan(0.25);
    expect(summary.magenta).toBeGreaterThan(0.01);
    gatherBalls(h.view, bowl, 0, 0);
    expect(summarise(await capture(h, 'sprites-gathered')).magenta).toBeLessThan(summary.magenta / 5);
  });
});

describe.each([
  ['WebGPU where available', false],
  ['the WebGL2 fallback', true],
])('LandscapeView overlays (%s)', { timeout: TIMEOUT }, (_renderer, forceWebGL) => {
  test('the inspected ball gets a ring, a slope arrow and a velocity arrow; trails fade behind balls', async () => {
    const h = await createHarness({ forceWebGL });
    h.view.setLandscape(himmelblau, himmelblau.domain);
    fillBalls(h.view, himmelblau, 400);
    h.view.setOptions({ trails: true });
    const plain = await capture(h, 'overlays-none');
    // A ball on an ordinary slope (|∇f| about 31); the arrows are drawn over everything.
    const gradient: [number, number] = [0, 0];
    himmelblau.gradient(-1, 0, gradient);
    h.view.setInspected({ x: -1, y: 0, gradient, velocityPerRate: [-40, 10], diverged: false });
    // Two trails: one along x, one along y, in the two group colours.
    const ring = (group: number, along: 'x' | 'y') => {
      const x = new Float32Array(32);
      const y = new Float32Array(32);
      for (let k = 0; k < 32; k++) {
        x[k] = along === 'x' ? -4 + k * 0.2 : -2;
        y[k] = along === 'y' ? -4 + k * 0.2 : -2;
      }
      return { group, x, y, head: 0, length: 32 };
    };
    h.view.setTrails([ring(0, 'x'), ring(1, 'y')]);
    const marked = await capture(h, 'overlays-inspected');
    const orange = shareOf(marked, 0xff, 0x7b, 0x00);
    const lime = shareOf(marked, 0xb5, 0xff, 0x2e);
    // Some hundred pixels each (the landscape leaves room for its axes' numbers); none of either
    // colour before (markers are gold, balls pink/cyan).
    expect(orange, 'orange slope arrow').toBeGreaterThan(0.0001);
    expect(lime, 'lime velocity arrow').toBeGreaterThan(0.00005);
    expect(shareOf(plain, 0xff, 0x7b, 0x00)).toBeLessThan(orange / 4);
    expect(shareOf(plain, 0xb5, 0xff, 0x2e)).toBeLessThan(lime / 4);
    expect(imageDifference(plain, marked)).toBeGreaterThan(0.002);
    const at = h.view.project(0, 3);
    expect(at).not.toBeNull();

    h.view.setInspected(null);
    h.view.setOptions({ trails: false });
    const cleared = await capture(h, 'overlays-cleared');
    expect(shareOf(cleared, 0xff, 0x7b, 0x00)).toBeLessThan(orange / 4);
  });
});

describe.each([
  ['WebGPU where available', false],
  ['the WebGL2 fallback', true],
])('LandscapeView labels and marks (%s)', { timeout: TIMEOUT }, (_renderer, forceWebGL) => {
  test('the axes number the domain with light labels', async () => {
    const h = await createHarness({ forceWebGL });
    h.view.setLandscape(bowl, bowl.domain);
    // No markers: their white is close to the labels'.
    h.view.setOptions({ showMinima: false });
    const image = await capture(h, 'axes');
    // The labels' fill (#dbe4f5): a dozen numbers and the axis names, some hundreds of pixels.
    expect(shareOf(image, 0xdb, 0xe4, 0xf5)).toBeGreaterThan(0.001);
  });

  test('diverged balls keep their group colour, drawn as rings', async () => {
    const h = await createHarness({ forceWebGL });
    h.view.setLandscape(bowl, bowl.domain);
    h.view.setOptions({ showMinima: false, trails: false });
    h.view.setParticles(64, GROUP_COLORS);
    const data = h.view.particleData();
    for (let i = 0; i < 64; i++) {
      const x = -3 + (i % 8) * 0.8;
      const y = -3 + Math.floor(i / 8) * 0.8;
      // Group 1 (cyan), diverged.
      data.set([x, y, bowl.f(x, y), 1 + 8 * 2], i * PARTICLE_STRIDE);
    }
    h.view.markParticlesDirty();
    const image = await capture(h, 'diverged');
    // Lit, so judged by hue: cyan (blue and green high, red low) and no red at all.
    const share = (test: (r: number, g: number, b: number) => boolean) => {
      let hits = 0;
      for (let p = 0; p < image.data.length; p += 4) {
        if (test(image.data[p] ?? 0, image.data[p + 1] ?? 0, image.data[p + 2] ?? 0)) hits++;
      }
      return hits / (image.data.length / 4);
    };
    expect(
      share((r, g, b) => b > 120 && g > 100 && r < 0.6 * g),
      'cyan rings',
    ).toBeGreaterThan(0.0005);
    expect(
      share((r, g, b) => r > 150 && g < 0.45 * r && b < 0.45 * r),
      'no red',
    ).toBeLessThan(0.00005);
  });

  test('ball labels follow their balls', async () => {
    const h = await createHarness({ forceWebGL });
    h.view.setLandscape(bowl, bowl.domain);
    h.view.setOptions({ showMinima: false, trails: false });
    h.view.setParticles(2, GROUP_COLORS);
    const place = (x: number, y: number) => {
      const data = h.view.particleData();
      data.set([x, y, bowl.f(x, y), 0], 0);
      data.set([-x, -y, bowl.f(-x, -y), 1], PARTICLE_STRIDE);
      h.view.markParticlesDirty();
    };
    place(-2, 0);
    const plain = await capture(h, 'ball-labels-none');
    h.view.setBallLabels([{ index: 0, text: 'rate 0.1', color: '#ff7b00' }]);
    const first = await capture(h, 'ball-labels-left');
    expect(shareOf(plain, 0xff, 0x7b, 0x00)).toBe(0);
    const left = centroidOf(first, 0xff, 0x7b, 0x00);
    place(2, 0);
    const right = centroidOf(await capture(h, 'ball-labels-right'), 0xff, 0x7b, 0x00);
    // Beside the ball, to its right, wherever it goes.
    for (const [label, x] of [
      [left, -2],
      [right, 2],
    ] as const) {
      const ball = h.view.project(x, 0);
      expect(label).not.toBeNull();
      expect(ball).not.toBeNull();
      expect(label!.x - ball!.offsetX).toBeGreaterThan(5);
      expect(label!.x - ball!.offsetX).toBeLessThan(80);
      expect(Math.abs(label!.y - ball!.offsetY)).toBeLessThan(30);
    }
    h.view.setBallLabels([]);
    expect(shareOf(await capture(h, 'ball-labels-cleared'), 0xff, 0x7b, 0x00)).toBe(0);
  });
});

/** The mean position (CSS px of the canvas) of pixels close to a colour; null if there are none. */
function centroidOf(image: ImageData, r: number, g: number, b: number): { x: number; y: number } | null {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let p = 0; p < image.data.length; p += 4) {
    const d =
      Math.abs((image.data[p] ?? 0) - r) +
      Math.abs((image.data[p + 1] ?? 0) - g) +
      Math.abs((image.data[p + 2] ?? 0) - b);
    if (d >= 40) continue;
    const pixel = p / 4;
    sx += pixel % image.width;
    sy += Math.floor(pixel / image.width);
    n++;
  }
  // Screenshots are in device pixels; the view's coordinates in CSS pixels.
  const scale = image.width / WIDTH;
  return n === 0 ? null : { x: sx / n / scale, y: sy / n / scale };
}

/** Share of pixels within a small distance of an exact colour (unlit overlays keep theirs). */
function shareOf(image: ImageData, r: number, g: number, b: number): number {
  let hits = 0;
  for (let p = 0; p < image.data.length; p += 4) {
    const d =
      Math.abs((image.data[p] ?? 0) - r) +
      Math.abs((image.data[p + 1] ?? 0) - g) +
      Math.abs((image.data[p + 2] ?? 0) - b);
    if (d < 40) hits++;
  }
  return hits / (image.data.length / 4);
}

describe('LandscapeView on the WebGL2 fallback', { timeout: TIMEOUT }, () => {
  test('forceWebGL draws spheres and sprites from the same ball buffer layout', async () => {
    const h = await createHarness({ forceWebGL: true });
    expect(h.view.backendName).toBe('webgl2');
    h.view.setLandscape(bowl, bowl.domain);
    fillBalls(h.view, bowl, 2000);
    const spheres = summarise(await capture(h, 'webgl-spheres'));
    expect(spheres.foreground).toBeGreaterThan(0.25);
    expect(spheres.magenta).toBeGreaterThan(0.002);
    gatherBalls(h.view, bowl, 0, 0);
    expect(summarise(await capture(h, 'webgl-spheres-gathered')).magenta).toBeLessThan(spheres.magenta / 5);
    fillBalls(h.view, bowl, 50_000);
    const sprites = summarise(await capture(h, 'webgl-sprites'));
    expect(sprites.magenta).toBeGreaterThan(0.01);
    gatherBalls(h.view, bowl, 0, 0);
    expect(summarise(await capture(h, 'webgl-sprites-gathered')).magenta).toBeLessThan(sprites.magenta / 5);
    h.view.setLandscape(seedCurve, seedCurve.domain);
    fillBalls(h.view, seedCurve, 12);
    expect(summarise(await capture(h, 'webgl-curve')).foreground).toBeGreaterThan(0.03);
  });
});
