/**
 * A landscape's f and gradient as a WebAssembly SIMD module, four balls at a time: `evaluate`
 * fills f and the gradient for a run of balls, what the tests compare with the JavaScript and the
 * WGSL's float32 model (tests/unit/wasm-gradient.test.ts, wasm-math.test.ts). The steps
 * themselves are descent-frame.ts's.
 */
import type { IrValue } from '../expr/ir.ts';
import { buildModule, Code, I32, Locals, MAX_PAGES, V128, type ValueType } from './binary.ts';
import { emitSimd } from './simd-ir.ts';

export interface GradientKernel {
  /** For n balls (a multiple of 4) at byte offsets: f(x, y), df/dx and df/dy. */
  evaluate(x: number, y: number, f: number, gx: number, gy: number, n: number): void;
}

/** The module for `ir` = [f, d/dx, d/dy] (see CompiledExpression.float32Ir). Throws WasmUnsupported. */
export function gradientModule(
  ir: readonly [IrValue, IrValue, IrValue],
  shared: boolean,
): Uint8Array<ArrayBuffer> {
  return buildModule({ initial: 1, maximum: MAX_PAGES, shared }, [
    { ...evaluateFunction(ir), export: 'evaluate' },
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
