/**
 * The worker's request queue (issue 15): requests that arrive while an earlier one is still being
 * built — a new setup, a learning rate, steps, a reset, a backend switch, an inspection — are taken
 * in the order they came, none of them fails unless it asks for the impossible, and the run they
 * leave is the one the same requests leave when each waits for the last.
 *
 * Property-based and seeded: random sequences of requests, each sent after a random gap (none, a
 * microtask, a timer) without waiting for the one before, as the page sends them to its worker.
 * The runtime runs in Node without a canvas, on the CPU (paused, so only the requests step it).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitRequest, Report, WireConfig } from '../../src/engine/protocol.ts';
import { SimRuntime } from '../../src/worker/runtime.ts';

type Request =
  | { readonly kind: 'configure'; readonly config: WireConfig; readonly valid: boolean }
  | { readonly kind: 'rate'; readonly learningRate: number }
  | { readonly kind: 'step'; readonly steps: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'backend'; readonly choice: 'cpu' | 'auto' | 'webgpu' }
  | { readonly kind: 'inspect'; readonly index: number | null };

type Gap = 'none' | 'microtask' | 'timer';

const FIRST: WireConfig = {
  landscape: 'bowl',
  particleCount: 300,
  groups: [{ optimizer: 'gd', learningRate: 0.1 }],
  seed: 1,
};

const configArbitrary: fc.Arbitrary<Request> = fc
  .record({
    landscape: fc.constantFrom('bowl', 'rosenbrock', 'himmelblau', 'saddle'),
    particleCount: fc.constantFrom(100, 300, 600),
    optimizer: fc.constantFrom('gd', 'momentum', 'adam'),
    learningRate: fc.constantFrom(0.001, 0.01, 0.05),
    twoGroups: fc.boolean(),
    seed: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ twoGroups, optimizer, learningRate, ...rest }) => ({
    kind: 'configure' as const,
    valid: true,
    config: {
      ...rest,
      groups: [{ optimizer, learningRate }, ...(twoGroups ? [{ optimizer: 'gd', learningRate: 0.02 }] : [])],
    },
  }));

/** Setups the worker refuses: the old run must go on, and the refusal is the only failure. */
const badConfigArbitrary: fc.Arbitrary<Request> = fc
  .constantFrom<WireConfig>(
    { ...FIRST, landscape: 'no-such-landscape' },
    { ...FIRST, groups: [{ optimizer: 'no-such-optimizer', learningRate: 0.1 }] },
  )
  .map((config) => ({ kind: 'configure' as const, valid: false, config }));

const requestArbitrary: fc.Arbitrary<Request> = fc.oneof(
  { weight: 3, arbitrary: configArbitrary },
  { weight: 1, arbitrary: badConfigArbitrary },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(0.002, 0.02, 0.2)
      .map((learningRate) => ({ kind: 'rate' as const, learningRate })),
  },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map((steps) => ({ kind: 'step' as const, steps })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('cpu', 'auto', 'webgpu')
      .map((choice) => ({ kind: 'backend' as const, choice })),
  },
  { weight: 1, arbitrary: fc.constantFrom(0, 7, null).map((index) => ({ kind: 'inspect' as const, index })) },
);

const gapArbitrary: fc.Arbitrary<Gap> = fc.constantFrom('none', 'microtask', 'timer');

const runtimes: SimRuntime[] = [];
afterEach(() => {
  for (const runtime of runtimes.splice(0)) runtime.dispose();
});

/** A runtime as the page starts one, paused; `init` is not awaited (the first requests may race it). */
function start(notices: string[]): { runtime: SimRuntime; ready: Promise<unknown> } {
  const runtime = new SimRuntime();
  runtimes.push(runtime);
  const request: InitRequest = {
    size: { width: 1, height: 1, pixelRatio: 1 },
    config: FIRST,
    speed: 1,
    paused: true,
    backend: 'cpu',
  };
  const ready = runtime.init(request, (report: Report) => {
    if (report.notice && !notices.includes(report.notice.text)) notices.push(report.notice.text);
  });
  return { runtime, ready };
}

function send(runtime: SimRuntime, request: Request): Promise<unknown> {
  switch (request.kind) {
    case 'configure':
      return runtime.configure(request.config);
    case 'rate':
      return runtime.setLearningRate(0, request.learningRate);
    case 'step':
      return runtime.step(request.steps);
    case 'reset':
      return runtime.reset();
    case 'backend':
      return runtime.setBackend(request.choice);
    case 'inspect':
      return runtime.inspect(request.index);
  }
}

/** 'ok', or the refusal's text: handled at once, so a refusal is never an unhandled rejection. */
function outcome(request: Promise<unknown>): Promise<string> {
  return request.then(
    () => 'ok',
    (error: unknown) => String(error),
  );
}

async function wait(gap: Gap): Promise<void> {
  if (gap === 'microtask') await Promise.resolve();
  else if (gap === 'timer') await new Promise((resolve) => setTimeout(resolve, 0));
}

/** What the requests ask for, read in order: the setup, group 0's rate and the step. */
function lastWord(requests: readonly Request[]): { config: WireConfig; learningRate: number; step: number } {
  let config = FIRST;
  let learningRate = FIRST.groups![0]!.learningRate;
  let step = 0;
  for (const request of requests) {
    if (request.kind === 'configure' && request.valid) {
      config = request.config;
      learningRate = config.groups![0]!.learningRate;
      step = 0;
    } else if (request.kind === 'rate') learningRate = request.learningRate;
    else if (request.kind === 'step') step += request.steps;
    else if (request.kind === 'reset') step = 0;
  }
  return { config, learningRate, step };
}

/** The run's state as the page can see it: step, balls, statistics and ball 0 up close. */
async function observe(runtime: SimRuntime): Promise<unknown> {
  await runtime.inspect(0);
  const report = runtime.report();
  const ball = report.inspected;
  return {
    step: report.step,
    backend: report.backend,
    particleCount: report.particleCount,
    groups: report.groups.map((group) => [group.count, group.meanLoss, group.convergedPercent]),
    ball: ball && [ball.x, ball.y, ball.optimizer, ball.learningRate],
  };
}

describe('the worker takes requests in the order they came', () => {
  it('random requests sent without waiting leave the run the same requests leave one by one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(requestArbitrary, gapArbitrary), { minLength: 1, maxLength: 12 }),
        async (sequence) => {
          const requests = sequence.map(([request]) => request);

          // All at once: init is not awaited either.
          const raceNotices: string[] = [];
          const race = start(raceNotices);
          const sent: Promise<string>[] = [outcome(race.ready)];
          for (const [request, gap] of sequence) {
            await wait(gap);
            sent.push(outcome(send(race.runtime, request)));
          }
          const outcomes = await Promise.all(sent);

          // One by one.
          const calm = start([]);
          const calmOutcomes = [await outcome(calm.ready)];
          for (const request of requests) calmOutcomes.push(await outcome(send(calm.runtime, request)));

          // Only the impossible fails, and it fails the same way both times.
          const expected = [
            'ok',
            ...requests.map((r) => (r.kind === 'configure' && !r.valid ? 'refused' : 'ok')),
          ];
          expect(outcomes.map((o) => (o === 'ok' ? o : 'refused'))).toEqual(expected);
          expect(outcomes).toEqual(calmOutcomes);
          for (const notice of raceNotices) expect(notice).not.toMatch(/sim worker|no simulation|init\(\)/);

          // The last word wins, and the run is the one the calm requests made.
          const word = lastWord(requests);
          const seen = (await observe(race.runtime)) as {
            step: number;
            particleCount: number;
            ball: unknown[];
          };
          expect(seen.step).toBe(word.step);
          expect(seen.particleCount).toBe(word.config.particleCount);
          expect(seen.ball[3]).toBe(word.learningRate);
          expect(seen).toEqual(await observe(calm.runtime));
        },
      ),
      { seed: 15, numRuns: 40 },
    );
  }, 60_000);
});
