/**
 * `npm run soak -- --minutes N [--every S] [--seed K]`: the built app left open in headless
 * Chromium with SwiftShader's WebGPU while a seeded random hand changes something through the UI
 * every S seconds (2 by default): landscapes, ball counts up to 1,048,576, typed and broken
 * formulas, group texts, models, backend switches, view toggles, keys, clicks on the canvas,
 * window sizes. Every sample (eight per run, at least every 10 s) it prints the page's and the
 * worker's JavaScript heap after a full collection, the worker's live GPU buffers, steps/s and the
 * errors seen.
 *
 * It fails (exit 1) on: page heap or worker heap grown over 50 % from the first sample after
 * warm-up to the last; live GPU buffers growing from sample to sample through the second half;
 * any uncaught error or console error; any internal message shown to the person (the worker's
 * own words, e.g. "no simulation yet"); or a dead page (the step counter stuck while playing).
 */
import { parseArgs } from 'node:util';
import { type CDPSession, chromium, type Page, type Worker } from 'playwright';
import { createRng } from '../src/core/rng.ts';
import { openPage, serveBuild } from '../tests/e2e/harness.ts';
import { CHROMIUM_BASE_ARGS, CHROMIUM_PATH, CHROMIUM_WEBGPU_ARGS } from '../vitest.config.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    every: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
  },
});
const minutes = Number(values.minutes);
const everyMs = Number(values.every) * 1000;
if (!(minutes > 0) || !(everyMs > 0)) throw new Error('soak: --minutes and --every need numbers above 0');
const rng = createRng(Number(values.seed) >>> 0);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;

/** The worker's words that must never reach a person (they name our internals). */
const INTERNAL = /sim worker|no simulation yet|init\(\)|undefined|TypeError|ReferenceError|\[object /i;
/** Heap growth from the first sample after warm-up to the last that fails the soak. */
const MAX_HEAP_GROWTH = 0.5;

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
  { width: 1024, height: 700 },
] as const;
const LANDSCAPES = ['Round bowl', 'Rosenbrock', 'Himmelblau', 'Rastrigin', 'Ackley', 'Ravine', 'Saddle'];
const FORMULAS = ['x^2 + 3*sin(y)', 'sin(x)*cos(y)', '(x - 1)^2 + 10*(y - x^2)^2', 'x^2 +', 'foo(x)', 'x^2'];
const GROUPS = ['gd:0.01, adam:0.05', 'momentum:0.01:beta=0.9', 'gd:0.1:noise=0.5', 'lion:0.001', 'adam:abc'];
const COUNTS = ['1000', '20000', '100000', '1048576', '0'];

/** The DevTools session to the simulation worker, once attached (workerHeapBytes). */
let workerSession: { call(method: string): Promise<Record<string, unknown>> } | null = null;

interface Sample {
  readonly minute: number;
  readonly pageHeapMb: number;
  readonly workerHeapMb: number;
  readonly gpuBuffers: number;
  /** Balls times steps per second, as the performance section shows it. */
  readonly particleStepsPerSecond: number;
  readonly errors: number;
}

const served = await serveBuild();
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_BASE_ARGS, ...CHROMIUM_WEBGPU_ARGS],
});
const browserCdp = await browser.newBrowserCDPSession();
const failures: string[] = [];
try {
  const { page, errors } = await openPage(browser, `${served.origin}/?n=20000`, SIZES[0]);
  const worker = await firstWorker(page);
  await worker.evaluate(countGpuBuffers);
  await page.evaluate(() => (window as unknown as { slope: { ready: Promise<void> } }).slope.ready);
  const cdp = await page.context().newCDPSession(page);
  const samples: Sample[] = [];
  const sampleEveryMs = Math.max(10_000, (minutes * 60_000) / 8);
  const start = Date.now();
  let nextSample = start + sampleEveryMs;
  let actions = 0;
  let lastStep = await stepOf(page);
  let lastStepAt = Date.now();
  console.log(
    `soak: ${minutes} min, an action every ${everyMs / 1000} s, a sample every ${(sampleEveryMs / 1000).toFixed(0)} s, seed ${values.seed}`,
  );
  console.log('minute  page heap  worker heap  GPU buffers  M steps/s  errors  last action');
  while (Date.now() - start < minutes * 60_000) {
    // A step (→) or space pauses the run: play again first, so the soak is mostly of a moving run.
    const action = (await pausedNow(page)) ? await play(page) : await act(page);
    actions++;
    await page.waitForTimeout(everyMs);
    await checkMessages(page, action);
    const step = await stepOf(page);
    if (step !== lastStep) {
      lastStep = step;
      lastStepAt = Date.now();
    } else if (Date.now() - lastStepAt > 30_000 && !(await pausedNow(page))) {
      failures.push(`the page stopped stepping at ${step} (for 30 s, playing)`);
      break;
    }
    if (Date.now() >= nextSample) {
      nextSample += sampleEveryMs;
      const sample = await takeSample(page, cdp, worker, errors.length, (Date.now() - start) / 60_000);
      samples.push(sample);
      console.log(
        [
          sample.minute.toFixed(1).padStart(6),
          `${sample.pageHeapMb.toFixed(1)} MB`.padStart(10),
          `${sample.workerHeapMb.toFixed(1)} MB`.padStart(12),
          String(sample.gpuBuffers).padStart(12),
          (sample.particleStepsPerSecond / 1e6).toFixed(1).padStart(10),
          String(sample.errors).padStart(7),
          ` ${action}`,
        ].join(' '),
      );
    }
  }
  failures.push(...errors.map((error) => `error: ${error}`));
  // Which buffers are alive at the end, by label: where to look if their number grows.
  const live = await worker
    .evaluate(() =>
      [...((globalThis as unknown as { slopeLiveLabels?: Map<string, number> }).slopeLiveLabels ?? [])]
        .filter(([, count]) => count > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8),
    )
    .catch(() => []);
  console.log(`live GPU buffers by label: ${live.map(([label, count]) => `${label} ${count}`).join(', ')}`);
  judge(samples, failures);
  console.log(`${actions} actions, ${samples.length} samples`);
} finally {
  await browser.close();
  await served.close();
}
if (failures.length > 0) {
  console.log(`soak FAILED:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('soak passed');

/** One random change through the UI; returns what it did. */
async function act(page: Page): Promise<string> {
  const control = (name: string) => page.locator('.lil-controller', { hasText: name });
  const drawer = page.locator('.drawer-toggle');
  // On a phone the controls are in the drawer: open it for a panel action, close it after.
  const withPanel = async (what: () => Promise<void>): Promise<void> => {
    const phone = await drawer.isVisible();
    if (phone && (await drawer.getAttribute('aria-expanded')) !== 'true') await drawer.click();
    await what();
    if (phone && (await drawer.getAttribute('aria-expanded')) === 'true') await drawer.click();
  };
  const choose = async (name: string, option: { label: string } | { index: number }) =>
    withPanel(async () => {
      await control(name).locator('select').selectOption(option);
    });
  const fill = async (name: string, text: string) =>
    withPanel(async () => {
      const input = control(name).locator('input').first();
      await input.fill(text);
      await input.press('Enter');
    });
  const kind = pick([
    'landscape',
    'balls',
    'formula',
    'groups',
    'rates',
    'backend',
    'view',
    'key',
    'click',
    'size',
    'model',
  ]);
  try {
    switch (kind) {
      case 'landscape': {
        const name = pick(LANDSCAPES);
        await choose('landscape', { label: name });
        return `landscape ${name}`;
      }
      case 'balls': {
        const count = pick(COUNTS);
        await fill('balls', count);
        return `balls ${count}`;
      }
      case 'formula': {
        const text = pick(FORMULAS);
        await withPanel(async () => {
          await page.getByTestId('formula').fill(text);
          await page.getByTestId('formula').press('Enter');
        });
        return `formula ${text}`;
      }
      case 'groups': {
        const text = pick(GROUPS);
        await fill('optimizers & rates', text);
        return `groups ${text}`;
      }
      case 'rates': {
        const text = pick(['0.01', '0.001, 0.1', '0.5', '2']);
        await fill('learning rates', text);
        return `rates ${text}`;
      }
      case 'backend': {
        const index = pick([0, 1, 2]);
        await choose('compute on', { index });
        return `backend ${['auto', 'webgpu', 'cpu'][index]}`;
      }
      case 'view': {
        const name = pick(['wireframe', 'contours', 'trails', 'log height']);
        await withPanel(() => control(name).locator('input').click());
        return `toggle ${name}`;
      }
      case 'key': {
        const key = pick(['Space', 'ArrowRight', 'r']);
        await page.locator('#view').focus();
        await page.keyboard.press(key);
        return `key ${key}`;
      }
      case 'click': {
        const box = await page.locator('#view').boundingBox();
        if (!box) return 'click (no view)';
        const x = box.x + box.width * (0.3 + 0.4 * rng.next());
        const y = box.y + box.height * (0.3 + 0.4 * rng.next());
        await page.mouse.click(x, y);
        return `click ${x.toFixed(0)},${y.toFixed(0)}`;
      }
      case 'size': {
        const size = pick(SIZES);
        await page.setViewportSize(size);
        return `size ${size.width}x${size.height}`;
      }
      default: {
        const model = pick(['y = w·x + b (a line)', 'logistic regression', 'none (a formula)']);
        await choose('learn from data', { label: model });
        return `model ${model}`;
      }
    }
  } catch (error) {
    // A control hidden at this size or moment: nothing was done, which is no failure of the app.
    return `${kind} skipped (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

async function play(page: Page): Promise<string> {
  await page.locator('#view').focus();
  await page.keyboard.press('Space');
  return 'key Space (play)';
}

/** Messages shown to the person must be in their words, never ours. */
async function checkMessages(page: Page, action: string): Promise<void> {
  const items = await page.getByTestId('error').locator('li').allTextContents();
  for (const item of items) {
    if (INTERNAL.test(item)) failures.push(`internal message after "${action}": ${item}`);
  }
}

async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step').textContent());
}

async function pausedNow(page: Page): Promise<boolean> {
  return new URL(page.url()).searchParams.get('paused') === '1';
}

/** The simulation worker (not one of the CPU's frame threads). */
async function firstWorker(page: Page): Promise<Worker> {
  const isSim = (worker: Worker) => /sim/.test(worker.url());
  return page.workers().find(isSim) ?? page.waitForEvent('worker', { predicate: isSim });
}

/**
 * (Run in the worker: no named inner functions, which the TypeScript loader would wrap in a helper
 * the worker does not have.)
 * Counts the worker's GPU buffers from here on: created minus destroyed, by wrapping the device's
 * createBuffer and each buffer's destroy (run in the worker).
 */
function countGpuBuffers(): void {
  const scope = globalThis as unknown as {
    slopeLiveBuffers?: number;
    slopeLiveLabels?: Map<string, number>;
    GPUDevice?: { prototype: GPUDevice };
  };
  if (scope.slopeLiveBuffers !== undefined || !scope.GPUDevice) return;
  scope.slopeLiveBuffers = 0;
  const labels = new Map<string, number>();
  scope.slopeLiveLabels = labels;
  const proto = scope.GPUDevice.prototype;
  const create = proto.createBuffer;
  proto.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = create.call(this, descriptor);
    scope.slopeLiveBuffers! += 1;
    const label = descriptor.label || `(no label, ${descriptor.usage})`;
    labels.set(label, (labels.get(label) ?? 0) + 1);
    const destroy = buffer.destroy.bind(buffer);
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) {
        scope.slopeLiveBuffers! -= 1;
        labels.set(label, (labels.get(label) ?? 0) - 1);
      }
      destroyed = true;
      destroy();
    };
    return buffer;
  };
}

async function takeSample(
  page: Page,
  cdp: CDPSession,
  worker: Worker,
  errors: number,
  minute: number,
): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const workerHeap = await workerHeapBytes();
  const gpuBuffers = await worker
    .evaluate(() => (globalThis as unknown as { slopeLiveBuffers?: number }).slopeLiveBuffers ?? 0)
    .catch(() => Number.NaN);
  const particleStepsPerSecond = Number(await page.getByTestId('rate').getAttribute('data-value')) || 0;
  return {
    minute,
    pageHeapMb: heap.usedSize / 2 ** 20,
    workerHeapMb: workerHeap / 2 ** 20,
    gpuBuffers,
    particleStepsPerSecond,
    errors,
  };
}

/**
 * The simulation worker's JavaScript heap after a full collection (the balls' typed arrays are
 * outside it: a million balls is no leak), through the browser's DevTools protocol: the worker
 * is attached as a target and spoken to through its session.
 */
async function workerHeapBytes(): Promise<number> {
  if (!workerSession) {
    const { targetInfos } = (await browserCdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const target = targetInfos.find((info) => info.type === 'worker' && /sim/.test(info.url));
    if (!target) return Number.NaN;
    const { sessionId } = (await browserCdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as { sessionId: string };
    let id = 0;
    const waiting = new Map<number, (result: Record<string, unknown>) => void>();
    browserCdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown> };
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result ?? {});
    });
    workerSession = {
      call: (method) =>
        new Promise((resolve) => {
          const callId = ++id;
          waiting.set(callId, resolve);
          void browserCdp.send('Target.sendMessageToTarget', {
            sessionId,
            message: JSON.stringify({ id: callId, method }),
          });
        }),
    };
  }
  await workerSession.call('HeapProfiler.collectGarbage');
  const usage = await workerSession.call('Runtime.getHeapUsage');
  return Number(usage.usedSize);
}

/** The soak's verdict on its samples (see the module comment). */
function judge(samples: readonly Sample[], out: string[]): void {
  if (samples.length < 3) return;
  // The first sample is the warm-up (code compiled, caches filled): growth is measured after it.
  const [, warm, ...rest] = samples;
  const last = rest.at(-1) ?? warm!;
  for (const [name, key] of [
    ['page heap', 'pageHeapMb'],
    ['worker heap', 'workerHeapMb'],
  ] as const) {
    const from = warm![key];
    const to = last[key];
    if (Number.isFinite(from) && Number.isFinite(to) && to > from * (1 + MAX_HEAP_GROWTH))
      out.push(
        `${name} grew ${(((to - from) / from) * 100).toFixed(0)} % after warm-up (${from.toFixed(1)} → ${to.toFixed(1)} MB)`,
      );
  }
  const second = samples.slice(Math.floor(samples.length / 2)).map((sample) => sample.gpuBuffers);
  if (second.length >= 3 && second.every((count, i) => i === 0 || count > second[i - 1]!))
    out.push(`live GPU buffers grew at every sample of the second half: ${second.join(' → ')}`);
}
