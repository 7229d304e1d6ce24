/**
 * Every preset's WGSL twin against its TypeScript f and gradient, on a real WebGPU device
 * (SwiftShader here): a compute shader evaluates f and gradient at seeded points in the domain,
 * and each result must match the TypeScript evaluated in float64 at the same float32 points.
 *
 * Tolerance. Both sides see the same float32 inputs, so the difference is the GPU's own float32
 * rounding. For a straightforward evaluation that is bounded by (number of roundings on the longest
 * path) · u · (the same expression evaluated on absolute values, subtractions turned into
 * additions), u = 2^-24 the unit roundoff: the classic running error bound. That "absolute
 * evaluation" is `scale` below, per preset and per output; it is what makes the bound honest where
 * the terms cancel (Goldstein–Price, Beale, Styblinski–Tang, Rastrigin's cos terms, the saddle)
 * without being loose where they do not. The check is
 *
 *   |gpu - cpu| <= K · EPS32 · scale(x, y),   EPS32 = 2^-23 = 2u,
 *
 * with K per preset, justified next to it. For cos, sin and exp the scale also carries the error
 * of their float32 argument (2π·t rounded, t = x - round(x): at most 2u·π, times the function's
 * slope) and about one ulp of their value. sin and cos are much coarser than that on SwiftShader,
 * so they get an absolute allowance of their own, WGSL's (TRIG_ABS, weighted by `trig`):
 *
 *   |gpu - cpu| <= K · EPS32 · scale(x, y) + TRIG_ABS · trig(x, y).
 *
 * The worst error per preset and output, and the share of its allowance it used, are logged
 * (`console.info`) so the margin can be read off a run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Landscape } from '../../src/core/landscape.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { gpuAdapter, gpuRequired } from './gpu-required.ts';

const SAMPLES = 1000;
const EPS32 = 2 ** -23;
const WORKGROUP_SIZE = 64;

/** Magnitudes for f, d/dx and d/dy at (x, y): the "absolute evaluation" described above. */
type Scale = (x: number, y: number) => readonly [number, number, number];

interface Tolerance {
  /** Multiplier of EPS32 · scale: half the roundings on the longest path, with a margin. */
  readonly k: number;
  readonly scale: Scale;
  /** Sensitivity of f, d/dx, d/dy to an absolute error in each sin or cos value (times TRIG_ABS). */
  readonly trig?: Scale;
}

/**
 * WGSL's accuracy requirement for f32 sin and cos: absolute error at most 2^-11 for arguments in
 * [-π, π] (the presets' WGSL reduces arguments into that range). SwiftShader's are ~1.9e-4
 * everywhere (about 12 bits), so a float32-only bound would fail by three orders of magnitude.
 */
const TRIG_ABS = 2 ** -11;

const TWO_PI = 2 * Math.PI;
const abs = Math.abs;

/**
 * K = 8 allows 16 roundings of u along a path, more than any of these formulas has (the longest,
 * Goldstein–Price's gradient, has about 12); SwiftShader used at most 29% of it (Beale). Ackley
 * gets 16: WGSL's exp is only within 3 + 2|x| ulps, and its division and sqrt within 2.5.
 */
const TOLERANCES: Record<string, Tolerance> = {
  // (x - 3)^2 + 2: 3 roundings for f, 2 for the gradient; the gradient's y is exactly 0.
  curve: { k: 8, scale: (x) => [(abs(x) + 3) ** 2 + 2, 2 * (abs(x) + 3), 0] },
  // x^2 + y^2: 3 roundings; 2x is exact.
  bowl: { k: 8, scale: (x, y) => [x * x + y * y, 2 * abs(x), 2 * abs(y)] },
  // 0.5x^2 + 25y^2: 4 roundings; x exact, 50y one rounding.
  ravine: { k: 8, scale: (x, y) => [0.5 * x * x + 25 * y * y, abs(x), 50 * abs(y)] },
  // x^2 - y^2 cancels along |x| = |y|: scaled by x^2 + y^2, not by |f|.
  saddle: { k: 8, scale: (x, y) => [x * x + y * y, 2 * abs(x), 2 * abs(y)] },
  // (1 - x)^2 + 100(y - x^2)^2: b = y - x^2 cancels on the valley floor, hence |y| + x^2.
  rosenbrock: {
    k: 8,
    scale: (x, y) => {
      const a = 1 + abs(x);
      const b = abs(y) + x * x;
      return [a * a + 100 * b * b, 2 * a + 400 * abs(x) * b, 200 * b];
    },
  },
  // Both squares vanish at the four minima: scaled by their absolute evaluation.
  himmelblau: {
    k: 8,
    scale: (x, y) => {
      const a = x * x + abs(y) + 11;
      const b = abs(x) + y * y + 7;
      return [a * a + b * b, 4 * abs(x) * a + 2 * b, 2 * a + 4 * abs(y) * b];
    },
  },
  // 20 + x^2 - 10cos(2πx) + ...: the cos terms cancel the 20 near the integers. The WGSL takes cos
  // and sin at 2π·t, t = x - round(x) exact, so the argument is off by at most 2u·π (the f32
  // constant and the product); on top of that each cos or sin value is off by up to TRIG_ABS,
  // weighted by its coefficient: 10 in f (two of them), 10·2π in the gradient.
  rastrigin: {
    k: 8,
    scale: (x, y) => [
      40 + x * x + y * y + 2 * 10 * Math.PI,
      2 * abs(x) + 10 * TWO_PI * (1 + Math.PI),
      2 * abs(y) + 10 * TWO_PI * (1 + Math.PI),
    ],
    trig: () => [2 * 10, 10 * TWO_PI, 10 * TWO_PI],
  },
  // f = A(1 - e^(-Br)) + e(1 - e^(m - 1)), m = (cos Cx + cos Cy)/2, in expm1 form on both sides.
  // Besides the terms' own roundings, m is off by up to π·u (arguments, as for Rastrigin) and by
  // TRIG_ABS (the two cos values, averaged), which moves f by e·e^(m-1) ≤ e times that.
  // Gradient: radial·x is a product of sqrt, exp and a division, each a few ulps; wave = (C/2)e^m
  // carries m's error relatively (wave·TRIG_ABS) and sin(Cx) adds TRIG_ABS, times wave.
  ackley: {
    k: 16,
    scale: (x, y) => {
      const r = Math.sqrt(0.5 * (x * x + y * y));
      const m = 0.5 * (Math.cos(TWO_PI * x) + Math.cos(TWO_PI * y));
      const radial = r > 0 ? (20 * 0.2 * Math.exp(-0.2 * r)) / (2 * r) : 0;
      const wave = 0.5 * TWO_PI * Math.exp(m);
      return [
        20 * (1 - Math.exp(-0.2 * r)) +
          20 * 0.2 * r +
          Math.E * (1 - Math.exp(m - 1)) +
          Math.E * (1 + Math.PI),
        radial * abs(x) + wave * (2 + 2 * Math.PI),
        radial * abs(y) + wave * (2 + 2 * Math.PI),
      ];
    },
    trig: (x, y) => {
      const wave = 0.5 * TWO_PI * Math.exp(0.5 * (Math.cos(TWO_PI * x) + Math.cos(TWO_PI * y)));
      return [Math.E, wave * 2, wave * 2];
    },
  },
  // Three squares of cubic terms in y that cancel along the valleys (f reaches 0 at (3, 0.5)
  // while the terms are ~10): scaled by their absolute evaluation.
  beale: {
    k: 8,
    scale: (x, y) => {
      const ax = abs(x);
      const ay = abs(y);
      const a = 1.5 + ax + ax * ay;
      const b = 2.25 + ax + ax * y * y;
      const c = 2.625 + ax + ax * ay ** 3;
      return [
        a * a + b * b + c * c,
        2 * (a * (ay + 1) + b * (y * y + 1) + c * (ay ** 3 + 1)),
        2 * ax * (a + 2 * b * ay + 3 * c * y * y),
      ];
    },
  },
  // A tilted quadratic: the two residuals cancel near (1, 3).
  booth: {
    k: 8,
    scale: (x, y) => {
      const a = abs(x) + 2 * abs(y) + 7;
      const b = 2 * abs(x) + abs(y) + 5;
      return [a * a + b * b, 10 * abs(x) + 8 * abs(y) + 34, 8 * abs(x) + 10 * abs(y) + 38];
    },
  },
  // Degree-6 polynomial in x, the x^2, x^4 and x^6 terms cancel; 2.1 and 8.4 are not exact in
  // float32 (one more rounding each).
  sixhump: {
    k: 8,
    scale: (x, y) => {
      const x2 = x * x;
      const y2 = y * y;
      return [
        (4 + 2.1 * x2 + (x2 * x2) / 3) * x2 + abs(x * y) + (4 * y2 + 4) * y2,
        abs(x) * (8 + 8.4 * x2 + 2 * x2 * x2) + abs(y),
        abs(x) + abs(y) * (16 * y2 + 8),
      ];
    },
  },
  // x^4 - 16x^2 + 5x per axis: the minima (about -78) sit where x^4 and 16x^2 nearly cancel.
  styblinski: {
    k: 8,
    scale: (x, y) => {
      const x2 = x * x;
      const y2 = y * y;
      return [
        0.5 * (x2 * x2 + 16 * x2 + 5 * abs(x) + y2 * y2 + 16 * y2 + 5 * abs(y)),
        abs(x) * (2 * x2 + 16) + 2.5,
        abs(y) * (2 * y2 + 16) + 2.5,
      ];
    },
  },
  // A(s)·B(v): values from 3 to ~1e6 over the domain, with the factors' quartics cancelling near
  // the minima (f = 3 at (0, -1) while the absolute evaluation is ~1e5). The longest path is about
  // 12 roundings; the gradient's b·da ± a·db cancel too.
  goldstein: {
    k: 8,
    scale: (x, y) => {
      const s = abs(x) + abs(y);
      const v = 2 * abs(x) + 3 * abs(y);
      const u = s + 1;
      const a = 1 + u * u * (3 * s * s + 14 * s + 19);
      const b = 30 + v * v * (3 * v * v + 16 * v + 18);
      const da = 12 * u * (s + 1) * (s + 2);
      const db = 12 * v * (v + 1) * (v + 3);
      return [a * b, b * da + 2 * a * db, b * da + 3 * a * db];
    },
  },
};

/**
 * SAMPLES seeded points inside the domain, then the corners, the centre and every listed minimum
 * (and the origin when it is inside: Ackley's guarded cone tip), as float32 pairs.
 */
function samplePoints(landscape: Landscape, seed: number): Float32Array<ArrayBuffer> {
  const rng = createRng(seed);
  const { xMin, xMax, yMin, yMax } = landscape.domain;
  const oneD = landscape.dimensions === 1;
  const points: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    points.push(rng.range(xMin, xMax), oneD ? 0 : rng.range(yMin, yMax));
  }
  points.push(xMin, yMin, xMax, yMin, xMin, yMax, xMax, yMax, (xMin + xMax) / 2, (yMin + yMax) / 2);
  if (xMin <= 0 && xMax >= 0 && yMin <= 0 && yMax >= 0) points.push(0, 0);
  for (const minimum of landscape.minima) points.push(minimum.x, minimum.y);
  return new Float32Array(points);
}

let device: GPUDevice | null = null;
const adapter = await gpuAdapter('landscape-wgsl');
const uncaptured: string[] = [];

beforeAll(async () => {
  if (adapter === null) return;
  device = await adapter.requestDevice();
  device.addEventListener('uncapturederror', (event) => {
    uncaptured.push((event as GPUUncapturedErrorEvent).error.message);
  });
});

afterAll(() => {
  device?.destroy();
  device = null;
});

/** Runs `work` inside validation, internal and out-of-memory error scopes; fails on any error. */
async function scoped<T>(gpu: GPUDevice, label: string, work: () => T): Promise<T> {
  gpu.pushErrorScope('validation');
  gpu.pushErrorScope('internal');
  gpu.pushErrorScope('out-of-memory');
  const result = work();
  const errors = await Promise.all([gpu.popErrorScope(), gpu.popErrorScope(), gpu.popErrorScope()]);
  const messages = errors.filter((error) => error !== null).map((error) => error.message);
  expect(messages, `GPU errors during ${label}`).toEqual([]);
  return result;
}

const MAIN = /* wgsl */ `
@group(0) @binding(0) var<storage, read> points: array<vec2f>;
@group(0) @binding(1) var<storage, read_write> results: array<vec4f>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) invocation: vec3u) {
  let i = invocation.x;
  if (i >= arrayLength(&points)) {
    return;
  }
  let p = points[i];
  results[i] = vec4f(f(p.x, p.y), gradient(p.x, p.y), 0.0);
}
`;

/** (f, d/dx, d/dy, 0) per point, computed by the preset's WGSL. */
async function evaluateOnGpu(
  gpu: GPUDevice,
  landscape: Landscape,
  points: Float32Array<ArrayBuffer>,
): Promise<Float32Array> {
  const count = points.length / 2;
  const module = await scoped(gpu, `${landscape.id}: shader module`, () =>
    gpu.createShaderModule({ label: landscape.id, code: landscape.wgsl + MAIN }),
  );
  const info = await module.getCompilationInfo();
  const errors = info.messages
    .filter((message) => message.type === 'error')
    .map((message) => `${message.lineNum}:${message.linePos} ${message.message}`);
  expect(errors, `${landscape.id}: WGSL compilation errors`).toEqual([]);

  const pipeline = await scoped(gpu, `${landscape.id}: pipeline`, () =>
    gpu.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } }),
  );
  const { input, output, readback } = await scoped(gpu, `${landscape.id}: buffers`, () => {
    const input = gpu.createBuffer({
      size: points.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    gpu.queue.writeBuffer(input, 0, points);
    const output = gpu.createBuffer({
      size: count * 16,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    const readback = gpu.createBuffer({
      size: count * 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    return { input, output, readback };
  });
  try {
    await scoped(gpu, `${landscape.id}: dispatch`, () => {
      const bindGroup = gpu.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: input } },
          { binding: 1, resource: { buffer: output } },
        ],
      });
      const encoder = gpu.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP_SIZE));
      pass.end();
      encoder.copyBufferToBuffer(output, 0, readback, 0, count * 16);
      gpu.queue.submit([encoder.finish()]);
    });
    await scoped(gpu, `${landscape.id}: readback`, () => readback.mapAsync(GPUMapMode.READ));
    return await scoped(gpu, `${landscape.id}: copy out`, () => {
      const values = new Float32Array(readback.getMappedRange()).slice();
      readback.unmap();
      return values;
    });
  } finally {
    input.destroy();
    output.destroy();
    readback.destroy();
  }
}

const OUTPUTS = ['f', 'd/dx', 'd/dy'] as const;

describe('preset WGSL matches the TypeScript', () => {
  test('a WebGPU device where there is an adapter, and an adapter where CI requires one', () => {
    // Without an adapter the tests below skip, which only a run that does not require the GPU allows.
    expect(adapter !== null || !gpuRequired()).toBe(true);
    if (adapter !== null) expect(device).not.toBeNull();
  });

  test('every preset has a tolerance', () => {
    expect(Object.keys(TOLERANCES).sort()).toEqual(PRESETS.map((preset) => preset.id).sort());
  });

  test.skipIf(adapter === null).each(PRESETS.map((preset) => [preset.id, preset] as const))(
    '%s',
    async (id, landscape) => {
      const gpu = device!;
      const tolerance = TOLERANCES[id]!;
      const points = samplePoints(landscape, 20250 + landscape.id.length);
      const results = await evaluateOnGpu(gpu, landscape, points);
      const out = new Float64Array(2);
      const worstShare = [0, 0, 0];
      const worstAbs = [0, 0, 0];
      const failures: string[] = [];
      for (let i = 0; i < points.length / 2; i++) {
        const x = points[2 * i]!;
        const y = points[2 * i + 1]!;
        out.fill(Number.NaN);
        landscape.gradient(x, y, out);
        const cpu = [landscape.f(x, y), out[0]!, out[1]!];
        const scale = tolerance.scale(x, y);
        const trig = tolerance.trig?.(x, y);
        for (let c = 0; c < 3; c++) {
          const gpuValue = results[4 * i + c]!;
          const error = Math.abs(gpuValue - cpu[c]!);
          const allowed = tolerance.k * EPS32 * scale[c]! + TRIG_ABS * (trig?.[c] ?? 0);
          // NaN fails here too: only a finite error within the bound passes.
          if (!(error <= allowed)) {
            failures.push(
              `${OUTPUTS[c]} at (${x}, ${y}): gpu ${gpuValue}, cpu ${cpu[c]}, error ${error} > ${allowed}`,
            );
          }
          worstAbs[c] = Math.max(worstAbs[c]!, error);
          if (allowed > 0) worstShare[c] = Math.max(worstShare[c]!, error / allowed);
        }
      }
      console.info(
        `${id}: worst error (f, d/dx, d/dy) = ${worstAbs.map((e) => e.toExponential(2)).join(', ')}, ` +
          `${worstShare.map((share) => `${(100 * share).toFixed(1)}%`).join(', ')} of the allowance`,
      );
      expect(failures.slice(0, 10), `${failures.length} mismatches in ${id}`).toEqual([]);
      expect(uncaptured).toEqual([]);
    },
  );

  test.skipIf(adapter === null)('Ackley: exactly 0 at the cone tip, finite just beside it', async () => {
    const ackley = PRESETS.find((preset) => preset.id === 'ackley')!;
    const points = new Float32Array([0, 0, -0, 0, 1e-30, 1e-30, 3e-23, 0, 0, -5e-23, 1e-19, -1e-19, 1e-5, 0]);
    const results = await evaluateOnGpu(device!, ackley, points);
    // (0, 0) and (-0, 0): f and both gradient components exactly 0 (either sign), not NaN.
    for (const value of results.subarray(0, 3)) expect(value === 0, `${results.subarray(0, 3)}`).toBe(true);
    for (const value of results.subarray(4, 7)) expect(value === 0, `${results.subarray(4, 7)}`).toBe(true);
    for (let i = 0; i < points.length / 2; i++) {
      const [value, gx, gy] = results.subarray(4 * i, 4 * i + 3);
      for (const v of [value!, gx!, gy!]) expect(Number.isFinite(v), `at point ${i}`).toBe(true);
      // The cone's slope is A·B·e^(-Br)/√2 ≤ 2.83 near the tip, and the ripples' is ~0 there.
      expect(Math.hypot(gx!, gy!)).toBeLessThan(3);
    }
  });
});
