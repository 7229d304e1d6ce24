/**
 * Whether this environment can run the WebAssembly frame, checked once: WebAssembly itself, its
 * 128-bit SIMD, and permission to compile (a Content-Security-Policy without 'wasm-unsafe-eval'
 * forbids it); and, for threads, memory shared between them (a browser page only has it when
 * cross-origin isolated). Where the answer is no, the JavaScript kernel runs: the same results,
 * slower.
 */
import { buildModule, Code, Locals, V128 } from './binary.ts';

export type WasmSupport =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'no-webassembly' | 'no-simd' | 'blocked' };

let support: WasmSupport | undefined;

/** A module whose one function touches a v128: it compiles only where SIMD does. */
function simdProbe(): Uint8Array<ArrayBuffer> {
  const locals = new Locals([]);
  const vector = locals.add(V128);
  const code = new Code().i32x4(0).set(vector);
  return buildModule({ initial: 1, maximum: 1, shared: false }, [
    { params: [], results: [], locals: locals.extra, code },
  ]);
}

export function wasmSupport(): WasmSupport {
  support ??= probe();
  return support;
}

function probe(): WasmSupport {
  if (typeof WebAssembly !== 'object') return { ok: false, reason: 'no-webassembly' };
  const bytes = simdProbe();
  try {
    if (!WebAssembly.validate(bytes)) return { ok: false, reason: 'no-simd' };
    new WebAssembly.Module(bytes);
    return { ok: true };
  } catch {
    // validate passed, so compiling was refused: a policy, not the engine.
    return { ok: false, reason: 'blocked' };
  }
}

/** Whether memory can be shared between threads here (SharedArrayBuffer and shared wasm memory). */
export function sharedMemorySupport(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    return (
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer
    );
  } catch {
    return false;
  }
}
