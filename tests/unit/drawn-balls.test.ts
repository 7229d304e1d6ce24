/**
 * The balls as drawn (src/core/drawn-balls.ts): the WebAssembly writer (wasm/draw-kernel.ts), which
 * fills the buffer in the balls' own memory, against the JavaScript one, on every preset, with
 * several groups of a size that is no multiple of 4 and balls that diverged in every way (far
 * off, infinite, NaN); and it never writes outside its buffer.
 */
import { describe, expect, it } from 'vitest';
import { DRAWN_STRIDE, writeDrawnBalls } from '../../src/core/drawn-balls.ts';
import { ballFlags } from '../../src/core/group-limit.ts';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { createSimulationEngine, type SimulationEngine } from '../../src/core/simulation.ts';
import { DIVERGED } from '../../src/core/status.ts';

/** Three groups of 1,001 balls: each group's last quad has one ball. */
const PER_GROUP = 1001;

function engine(landscape: string, drawn = true): SimulationEngine {
  return createSimulationEngine(
    {
      landscape,
      particleCount: 3 * PER_GROUP,
      seed: 3,
      groups: [
        { optimizer: 'gd', learningRate: 1e-3 },
        { optimizer: 'adam', learningRate: 1e-2 },
        { optimizer: 'momentum', learningRate: 1e-3 },
      ],
    },
    { drawn },
  );
}

/** Balls that left in every way a ball can: far off, infinite, NaN. */
function scatter(sim: SimulationEngine['simulation']): void {
  const lost = [
    [1e6, -1e6],
    [Number.POSITIVE_INFINITY, 0],
    [0, Number.NEGATIVE_INFINITY],
    [Number.NaN, 1],
    [Number.NaN, Number.NaN],
  ] as const;
  lost.forEach(([px, py], k) => {
    const ball = 7 * k + 2 * PER_GROUP - 3;
    sim.x[ball] = px;
    sim.y[ball] = py;
    sim.status[ball] = DIVERGED;
  });
}

describe('the balls as drawn', () => {
  for (const preset of PRESETS.filter((p) => p.expression !== undefined)) {
    it(`WebAssembly writes what JavaScript writes: ${preset.id}`, () => {
      const { simulation: sim, kernels } = engine(preset.id);
      expect(kernels.kind).toBe('wasm');
      expect(kernels.drawHere).not.toBeNull();
      sim.step(30);
      scatter(sim);
      const drawn = kernels.drawn!;
      expect(drawn.length).toBe(DRAWN_STRIDE * sim.particleCount);
      expect(drawn.buffer).toBe(kernels.wasm!.memory.buffer);
      sim.writeRenderData(drawn);
      const expected = new Float32Array(drawn.length);
      // Any other buffer takes the JavaScript writer.
      sim.writeRenderData(expected);
      const span = Math.max(preset.domain.xMax - preset.domain.xMin, preset.domain.yMax - preset.domain.yMin);
      let worstLoss = 0;
      for (let i = 0; i < sim.particleCount; i++) {
        const o = DRAWN_STRIDE * i;
        expect(drawn[o], `x of ball ${i}`).toBe(expected[o]);
        expect(drawn[o + 1], `y of ball ${i}`).toBe(expected[o + 1]);
        expect(drawn[o + 3], `flags of ball ${i}`).toBe(expected[o + 3]);
        expect(Number.isFinite(drawn[o + 2]), `loss of ball ${i}`).toBe(true);
        const scale = Math.max(1, Math.abs(expected[o + 2]!));
        worstLoss = Math.max(worstLoss, Math.abs(drawn[o + 2]! - expected[o + 2]!) / scale);
      }
      // float32 against float64: a few ulps of the loss (more where f subtracts large terms).
      expect(worstLoss, `worst loss error, span ${span}`).toBeLessThan(2e-4);
      const lostBall = 2 * PER_GROUP - 3;
      expect(drawn[DRAWN_STRIDE * lostBall + 3]).toBe(ballFlags(1, DIVERGED));
    });
  }

  it('never writes outside its buffer', () => {
    const { simulation: sim, kernels } = engine('himmelblau');
    const bytes = new Uint8Array(kernels.wasm!.memory.buffer);
    const end = kernels.drawn!.byteOffset + kernels.drawn!.byteLength;
    bytes.fill(0xab, end);
    sim.writeRenderData(kernels.drawn!);
    expect(bytes.subarray(end).every((b) => b === 0xab)).toBe(true);
  });

  it('is the JavaScript writer, in its own array, where the kernel is JavaScript', () => {
    const { simulation: sim, kernels } = createSimulationEngine(
      { landscape: 'bowl', particleCount: 10, kernel: 'js' },
      { drawn: true },
    );
    expect(kernels.drawHere).toBeNull();
    sim.writeRenderData(kernels.drawn!);
    const expected = new Float32Array(DRAWN_STRIDE * 10);
    writeDrawnBalls(
      {
        x: sim.x,
        y: sim.y,
        status: sim.status,
        perGroup: sim.perGroup,
        particleCount: 10,
        f: sim.landscape.f,
        domain: sim.domain,
        floorLoss: 0,
      },
      expected,
    );
    expect([...kernels.drawn!]).toEqual([...expected]);
  });

  it('takes no room unless asked for', () => {
    expect(engine('bowl', false).kernels.drawn).toBeNull();
  });
});
