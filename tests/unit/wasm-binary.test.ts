/**
 * The WebAssembly writer (src/core/wasm/binary.ts): LEB128 as the specification's examples, and
 * modules that validate and run in Node, with SIMD on a plain and on a shared memory.
 */
import { describe, expect, it } from 'vitest';
import { buildModule, Code, F32, I32, V128, writeSigned, writeUnsigned } from '../../src/core/wasm/binary.ts';

const leb = (write: (out: number[], value: number) => void, value: number): number[] => {
  const out: number[] = [];
  write(out, value);
  return out;
};

describe('LEB128', () => {
  it('writes the specification’s and DWARF’s examples', () => {
    expect(leb(writeUnsigned, 0)).toEqual([0x00]);
    expect(leb(writeUnsigned, 127)).toEqual([0x7f]);
    expect(leb(writeUnsigned, 128)).toEqual([0x80, 0x01]);
    expect(leb(writeUnsigned, 624_485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(leb(writeUnsigned, 0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(leb(writeSigned, -1)).toEqual([0x7f]);
    expect(leb(writeSigned, 63)).toEqual([0x3f]);
    expect(leb(writeSigned, 64)).toEqual([0xc0, 0x00]);
    expect(leb(writeSigned, -64)).toEqual([0x40]);
    expect(leb(writeSigned, -65)).toEqual([0xbf, 0x7f]);
    expect(leb(writeSigned, -123_456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(leb(writeSigned, -0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('refuses what does not fit', () => {
    expect(() => leb(writeUnsigned, -1)).toThrow(/not a u32/);
    expect(() => leb(writeUnsigned, 2 ** 32)).toThrow(/not a u32/);
    expect(() => leb(writeSigned, 2 ** 31)).toThrow(/not an i32/);
    expect(() => leb(writeSigned, 0.5)).toThrow(/not an i32/);
  });
});

/**
 * `fma4(a, b, out, n)`: out[i] = a[i] * b[i] + 0.5 for n floats (a multiple of 4) at byte offsets
 * a, b and out, four at a time; and `sum(a, n)`, a scalar loop, for the f32 instructions.
 */
function kernelModule(shared: boolean): Uint8Array<ArrayBuffer> {
  // Locals: 0 a, 1 b, 2 out, 3 n (params), 4 i (bytes done), 5 end (bytes).
  const fma = new Code()
    .get(3)
    .i32(4)
    .op('i32.mul')
    .set(5)
    .block()
    .loop()
    .get(4)
    .get(5)
    .op('i32.ge_u')
    .brIf(1)
    // out + i  <-  (a + i) * (b + i) + 0.5
    .get(2)
    .get(4)
    .op('i32.add')
    .get(0)
    .get(4)
    .op('i32.add')
    .vector('v128.load')
    .get(1)
    .get(4)
    .op('i32.add')
    .vector('v128.load')
    .simd('f32x4.mul')
    .f32x4(0.5)
    .simd('f32x4.add')
    .vector('v128.store')
    .get(4)
    .i32(16)
    .op('i32.add')
    .set(4)
    .br(0)
    .end()
    .end();
  // Locals: 0 a, 1 n, 2 i (bytes), 3 total.
  const sum = new Code()
    .get(1)
    .i32(4)
    .op('i32.mul')
    .set(1)
    .block()
    .loop()
    .get(2)
    .get(1)
    .op('i32.ge_u')
    .brIf(1)
    .get(3)
    .get(0)
    .get(2)
    .op('i32.add')
    .memory('f32.load')
    .op('f32.add')
    .set(3)
    .get(2)
    .i32(4)
    .op('i32.add')
    .set(2)
    .br(0)
    .end()
    .end()
    .get(3);
  return buildModule({ initial: 1, maximum: 16, shared }, [
    { params: [I32, I32, I32, I32], results: [], locals: [I32, I32], code: fma, export: 'fma4' },
    { params: [I32, I32], results: [F32], locals: [I32, F32], code: sum, export: 'sum' },
    // Not exported, never called: a v128 local must still validate.
    { params: [], results: [], locals: [V128], code: new Code() },
  ]);
}

describe('buildModule', () => {
  for (const shared of [false, true]) {
    it(`builds a SIMD kernel that validates and runs (${shared ? 'shared' : 'plain'} memory)`, async () => {
      const bytes = kernelModule(shared);
      expect(WebAssembly.validate(bytes)).toBe(true);
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared });
      const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
      const { fma4, sum } = instance.exports as {
        fma4(a: number, b: number, out: number, n: number): void;
        sum(a: number, n: number): number;
      };
      const n = 64;
      const heap = new Float32Array(memory.buffer);
      for (let i = 0; i < n; i++) {
        heap[i] = i / 3;
        heap[n + i] = 1.5 - i;
      }
      fma4(0, n * 4, 2 * n * 4, n);
      for (let i = 0; i < n; i++) {
        expect(heap[2 * n + i]).toBe(Math.fround(Math.fround(Math.fround(i / 3) * (1.5 - i)) + 0.5));
      }
      let total = 0;
      for (let i = 0; i < n; i++) total = Math.fround(total + heap[i]!);
      expect(sum(0, n)).toBe(total);
    });
  }

  it('writes a constant the way Float32Array stores it', () => {
    const code = new Code().f32(0.1);
    expect([...new Uint8Array(new Float32Array([0.1]).buffer)]).toEqual(code.bytes.slice(1));
  });
});
