/**
 * A landscape's f and gradient as a WebAssembly SIMD module, four balls at a time: the first
 * piece of the WebAssembly CPU path (issue 13). `evaluate` fills f and the gradient for a run of
 * balls (what the parity tests compare with the JavaScript and WGSL code); `descend` takes plain
 * gradient-descent steps with no statuses, the floor a full kernel is measured against.
 */
import type { IrValue } from '../expr/ir.ts';
import { buildModule, Code, F32, I32, Locals, V128, type ValueType } from './binary.ts';
import { emitSimd } from './simd-ir.ts';

export interface GradientKernel {
  /** For n balls (a multiple of 4) at byte offsets: f(x, y), df/dx and df/dy. */
  evaluate(x: number, y: number, f: number, gx: number, gy: number, n: number): void;
  /** `steps` steps of x -= lr * gradient for n balls (a multiple of 4), in place. */
  descend(x: number, y: number, n: number, steps: number, learningRate: number): void;
}

/** Pages of 64 KiB the module's memory may grow to (4 GiB, wasm32's limit). */
export const MAX_PAGES = 65_536;

/** The module for `ir` = [f, d/dx, d/dy] (see CompiledExpression.float32Ir). Throws WasmUnsupported. */
export function gradientModule(
  ir: readonly [IrValue, IrValue, IrValue],
  shared: boolean,
): Uint8Array<ArrayBuffer> {
  return buildModule({ initial: 1, maximum: MAX_PAGES, shared }, [
    { ...evaluateFunction(ir), export: 'evaluate' },
    { ...descendFunction(ir), export: 'descend' },
  ]);
}

/** Runs `body(i)` with local `i` stepping by 16 bytes from 0 while below local `end`. */
function forEachQuad(code: Code, i: number, end: number, body: () => void): void {
  code.i32(0).set(i).block().loop();
  code.get(i).get(end).op('i32.ge_u').brIf(1);
  body();
  code.get(i).i32(16).op('i32.add').set(i).br(0).end().end();
}

function evaluateFunction(ir: readonly [IrValue, IrValue, IrValue]) {
  // Params: 0 x, 1 y, 2 f, 3 gx, 4 gy, 5 n.
  const params: ValueType[] = [I32, I32, I32, I32, I32, I32];
  const locals = new Locals(params);
  const i = locals.add(I32);
  const end = locals.add(I32);
  const x = locals.add(V128);
  const y = locals.add(V128);
  const code = new Code();
  code.get(5).i32(4).op('i32.mul').set(end);
  forEachQuad(code, i, end, () => {
    code.get(0).get(i).op('i32.add').vector('v128.load').set(x);
    code.get(1).get(i).op('i32.add').vector('v128.load').set(y);
    const [f, gx, gy] = emitSimd(ir, code, locals, { x, y });
    for (const [pointer, value] of [
      [2, f],
      [3, gx],
      [4, gy],
    ] as const) {
      code.get(pointer).get(i).op('i32.add').get(value!).vector('v128.store');
    }
  });
  return { params, results: [], locals: locals.extra, code };
}

function descendFunction(ir: readonly [IrValue, IrValue, IrValue]) {
  // Params: 0 x, 1 y, 2 n, 3 steps, 4 learning rate.
  const params: ValueType[] = [I32, I32, I32, I32, F32];
  const locals = new Locals(params);
  const i = locals.add(I32);
  const end = locals.add(I32);
  const k = locals.add(I32);
  const rate = locals.add(V128);
  const x = locals.add(V128);
  const y = locals.add(V128);
  const code = new Code();
  code.get(2).i32(4).op('i32.mul').set(end);
  code.get(4).simd('f32x4.splat').set(rate);
  forEachQuad(code, i, end, () => {
    code.get(0).get(i).op('i32.add').vector('v128.load').set(x);
    code.get(1).get(i).op('i32.add').vector('v128.load').set(y);
    // The steps of these four balls, kept in registers.
    code.i32(0).set(k).block().loop();
    code.get(k).get(3).op('i32.ge_s').brIf(1);
    const [, gx, gy] = emitSimd(ir, code, locals, { x, y });
    code.get(x).get(rate).get(gx!).simd('f32x4.mul').simd('f32x4.sub').set(x);
    code.get(y).get(rate).get(gy!).simd('f32x4.mul').simd('f32x4.sub').set(y);
    code.get(k).i32(1).op('i32.add').set(k).br(0).end().end();
    code.get(0).get(i).op('i32.add').get(x).vector('v128.store');
    code.get(1).get(i).op('i32.add').get(y).vector('v128.store');
  });
  return { params, results: [], locals: locals.extra, code };
}

/** Instantiates the module on `memory` (synchronously: the modules are small). */
export function gradientKernel(
  ir: readonly [IrValue, IrValue, IrValue],
  memory: WebAssembly.Memory,
  shared = false,
): GradientKernel {
  const module = new WebAssembly.Module(gradientModule(ir, shared));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as GradientKernel;
}
