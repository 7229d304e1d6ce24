/**
 * How a simulation's groups advance on the CPU: the WebAssembly SIMD frame (wasm/descent-frame.ts)
 * where it can run, the JavaScript kernel (optimizers/frame.ts) where it cannot, on arrays that
 * live in one buffer either way (ball-memory.ts). The choice is made once per simulation and says
 * why when it falls back, so a page or a script can tell which engine ran.
 */
import { type BallLayout, ballArrays, ballLayout, ballMemory } from './ball-memory.ts';
import { DRAWN_STRIDE } from './drawn-balls.ts';
import { compileExpression } from './expr/index.ts';
import type { Domain, Landscape } from './landscape.ts';
import { counterClock } from './optimizers/counter-clock.ts';
import {
  type AdvanceKernel,
  type BallBlock,
  compileUpdate,
  type FloatArray,
  type GroupUpdate,
  type HyperParameters,
  type Optimizer,
  type StepEnvironment,
  specializeKernel,
  stepEnvironment,
} from './optimizers/index.ts';
import type { SettleCriteria } from './status.ts';
import { type DescentFrame, descentFrameModule } from './wasm/descent-frame.ts';
import { drawKernel, drawModule } from './wasm/draw-kernel.ts';
import { advanceRun, type FrameRun } from './wasm/frame-runs.ts';
import { WasmUnsupported } from './wasm/simd-ir.ts';
import { wasmSupport } from './wasm/support.ts';

/** `auto`: WebAssembly where it can run, JavaScript elsewhere; `js`: the reference kernel. */
export type KernelChoice = 'auto' | 'js';

/** Why a float32 simulation runs the JavaScript kernel. */
export type KernelFallback =
  | 'asked'
  | 'float64'
  | 'no-webassembly'
  | 'no-simd'
  | 'blocked'
  | 'no-formula'
  | 'unsupported-function';

export interface KernelGroup {
  readonly optimizer: Optimizer;
  /** Defaults filled in. */
  readonly params: HyperParameters;
  readonly noise: number;
  /** Points per mini-batch (a landscape made from data); 0: the landscape's own gradient. */
  readonly batch: number;
}

export interface KernelInput {
  readonly landscape: Landscape;
  readonly criteria: SettleCriteria;
  readonly groups: readonly KernelGroup[];
  readonly perGroup: number;
  readonly seed: number;
  readonly precision: 'float32' | 'float64';
  readonly choice: KernelChoice;
  /** Arrays in memory other threads can share (WebAssembly only). */
  readonly shared: boolean;
  /** Keep the balls as drawn too (drawn-balls.ts), and what they are drawn with; null: no. */
  readonly draw: { readonly domain: Domain; readonly floorLoss: number } | null;
}

/** What a pool of threads needs to run the WebAssembly frames on the same balls. */
export interface WasmKernels {
  readonly memory: WebAssembly.Memory;
  readonly layout: BallLayout;
  readonly perGroup: number;
  /** One compiled frame per group. */
  readonly modules: readonly WebAssembly.Module[];
  /** The writer of the balls as drawn, when asked for. */
  readonly draw: WebAssembly.Module | null;
}

export interface Kernels {
  readonly kind: 'wasm' | 'js';
  /** Why JavaScript, when it is; null on WebAssembly. */
  readonly fallback: KernelFallback | null;
  readonly x: FloatArray;
  readonly y: FloatArray;
  readonly status: Uint8Array;
  readonly calm: Uint8Array;
  readonly convergedAt: Uint32Array;
  /** Per group, its balls and its optimizer's state arrays. */
  readonly blocks: readonly BallBlock[];
  /** Present on WebAssembly. */
  readonly wasm: WasmKernels | null;
  /** The balls as drawn (DRAWN_STRIDE floats each), when asked for (KernelInput.draw). */
  readonly drawn: Float32Array | null;
  /** Fills `drawn` on this thread, in WebAssembly; null where JavaScript writes it. */
  readonly drawHere: (() => void) | null;
  /** Each counter's value at `stepsDone` for `group` (asked in step order; see counter-clock.ts). */
  counters(group: number, stepsDone: number, out: Float64Array): void;
  /** Runs `run` on all of its group's balls, on this thread. */
  runHere(run: FrameRun): void;
}

/** The kernels for `input`: WebAssembly unless it cannot run here (then `fallback` says why). */
export function createKernels(input: KernelInput): Kernels {
  const wasm = wasmFrames(input);
  return wasm.ok ? wasmKernels(input, wasm.modules, wasm.draw) : jsKernels(input, wasm.fallback);
}

type FramesResult =
  | {
      readonly ok: true;
      readonly modules: readonly WebAssembly.Module[];
      readonly draw: WebAssembly.Module | null;
    }
  | { readonly ok: false; readonly fallback: KernelFallback };

function wasmFrames(input: KernelInput): FramesResult {
  if (input.choice === 'js') return { ok: false, fallback: 'asked' };
  if (input.precision === 'float64') return { ok: false, fallback: 'float64' };
  const support = wasmSupport();
  if (!support.ok) return { ok: false, fallback: support.reason };
  const text = input.landscape.expression;
  const compiled = text === undefined ? null : compileExpression(text);
  if (!compiled?.ok) return { ok: false, fallback: 'no-formula' };
  try {
    const modules = input.groups.map(
      (group) =>
        new WebAssembly.Module(
          descentFrameModule(
            {
              ir: compiled.expression.float32Ir,
              criteria: input.criteria,
              optimizer: group.optimizer,
              params: group.params,
              noise: group.noise > 0 ? { deviation: group.noise, seed: input.seed } : undefined,
            },
            input.shared,
          ),
        ),
    );
    const draw = input.draw
      ? new WebAssembly.Module(
          drawModule({ f: compiled.expression.float32Ir[0], ...input.draw }, input.shared),
        )
      : null;
    return { ok: true, modules, draw };
  } catch (error) {
    if (error instanceof WasmUnsupported) return { ok: false, fallback: 'unsupported-function' };
    throw error;
  }
}

/** The frames of `modules` on `memory`, one per group. */
export function instantiateFrames(
  modules: readonly WebAssembly.Module[],
  memory: WebAssembly.Memory,
): DescentFrame[] {
  return modules.map(
    (module) => new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DescentFrame,
  );
}

function groupClocks(groups: readonly KernelGroup[]): Kernels['counters'] {
  const clocks = groups.map((group) => counterClock(group.optimizer, group.params));
  return (group, stepsDone, out) => clocks[group]!.at(stepsDone, out);
}

function wasmKernels(
  input: KernelInput,
  modules: readonly WebAssembly.Module[],
  draw: WebAssembly.Module | null,
): Kernels {
  const { perGroup, groups } = input;
  const stateCounts = groups.map((group) => group.optimizer.stateNames.length);
  const layout = ballLayout(perGroup, stateCounts, draw !== null);
  const memory = ballMemory(layout, input.shared);
  const arrays = ballArrays(memory.buffer, layout, perGroup, stateCounts);
  const frames = instantiateFrames(modules, memory);
  const drawer = draw && drawKernel(draw, memory);
  return {
    kind: 'wasm',
    fallback: null,
    ...arrays,
    drawHere:
      drawer &&
      (() => {
        for (let g = 0; g < groups.length; g++) {
          const first = g * perGroup;
          drawer.draw(
            layout.x + 4 * first,
            layout.y + 4 * first,
            layout.status + first,
            layout.drawn! + 16 * first,
            perGroup,
            g,
          );
        }
      }),
    blocks: blocksOf(arrays, perGroup, arrays.state),
    wasm: { memory, layout, perGroup, modules, draw },
    counters: groupClocks(groups),
    runHere: (run) => advanceRun(frames[run.group]!, layout, perGroup, run, 0, perGroup),
  };
}

function jsKernels(input: KernelInput, fallback: KernelFallback): Kernels {
  const { perGroup, groups, landscape, criteria, seed } = input;
  const count = perGroup * groups.length;
  const ArrayType = input.precision === 'float64' ? Float64Array : Float32Array;
  const arrays = {
    x: new ArrayType(count),
    y: new ArrayType(count),
    status: new Uint8Array(count),
    calm: new Uint8Array(count),
    convergedAt: new Uint32Array(count),
  };
  const state = groups.map((group) => group.optimizer.stateNames.map(() => new ArrayType(perGroup)));
  const blocks = blocksOf(arrays, perGroup, state);
  const environment: { -readonly [K in keyof StepEnvironment]: StepEnvironment[K] } = stepEnvironment(
    landscape.gradient,
    criteria,
    0,
    0,
    seed,
  );
  const runners = groups.map((group, g) => {
    const advance: AdvanceKernel = specializeKernel();
    const update: GroupUpdate = {
      update: compileUpdate(group.optimizer, group.params),
      counterStarts: counterClock(group.optimizer, group.params).at,
    };
    const block = blocks[g]!;
    const gradient =
      group.batch > 0 && landscape.batchGradient
        ? landscape.batchGradient(group.batch, seed)
        : landscape.gradient;
    return (run: FrameRun): void => {
      environment.gradient = gradient;
      environment.noise = group.noise;
      environment.stepsDone = run.stepsDone;
      advance(block, run.steps, run.learningRate, update, environment);
    };
  });
  return {
    kind: 'js',
    fallback,
    ...arrays,
    drawn: input.draw ? new Float32Array(DRAWN_STRIDE * count) : null,
    drawHere: null,
    blocks,
    wasm: null,
    counters: groupClocks(groups),
    runHere: (run) => runners[run.group]!(run),
  };
}

/** Each group's block: views of its run of the shared arrays, and its state. */
function blocksOf(
  arrays: Pick<Kernels, 'x' | 'y' | 'status' | 'calm' | 'convergedAt'>,
  perGroup: number,
  state: readonly (readonly FloatArray[])[],
): BallBlock[] {
  return state.map((groupState, g) => {
    const begin = g * perGroup;
    const end = begin + perGroup;
    return {
      count: perGroup,
      x: arrays.x.subarray(begin, end),
      y: arrays.y.subarray(begin, end),
      status: arrays.status.subarray(begin, end),
      calm: arrays.calm.subarray(begin, end),
      convergedAt: arrays.convergedAt.subarray(begin, end),
      state: groupState,
    };
  });
}
