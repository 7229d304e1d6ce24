/**
 * Every optimizer's first steps against values worked out from its published update rule, on the
 * chapter's curve f(x) = (x - 3)^2 + 2 (slope 2(x - 3)) from x = -1 at learning rate 0.1, in
 * float64. Defaults: beta 0.9; rho 0.9; beta1 0.9, beta2 0.999; epsilon 1e-8; AdamW's wd 0.01;
 * Lion's beta1 0.9, beta2 0.99.
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { createSimulation } from '../../src/core/simulation.ts';

/** x after steps 1, 2, 3, by hand from each rule (the first step written out in the comment). */
const EXPECTED: Record<string, readonly number[]> = {
  // x1 = -1 - 0.1 * (-8) = -0.2 (the chapter's own numbers)
  gd: [-0.2, 0.44, 0.952],
  // Polyak: v1 = 0.9 * 0 - 0.1 * (-8) = 0.8, x1 = -1 + 0.8 = -0.2; v2 = 0.72 + 0.64 = 1.36, x2 = 1.16
  momentum: [-0.2, 1.16, 2.752],
  // v1 = 0.8, x1 = -1 + 0.9 * 0.8 + 0.8 = 0.52; v2 = 0.72 + 0.496 = 1.216, x2 = 0.52 + 1.0944 + 0.496
  nesterov: [0.52, 2.1104, 3.433408],
  // G1 = 64, x1 = -1 + 0.8 / (8 + 1e-8)
  adagrad: [-0.900000000125, -0.830189986573379, -0.7736433302221081],
  // E1 = 0.1 * 64 = 6.4, x1 = -1 + 0.8 / (sqrt(6.4) + 1e-8)
  rmsprop: [-0.6837722352331621, -0.4635074069949868, -0.2838581496787507],
  // m1 = -0.8, v1 = 0.064; m^ = -8, v^ = 64; x1 = -1 + 0.1 * 8 / (8 + 1e-8)
  adam: [-0.9000000001249999, -0.800073995080272, -0.7002738443431912],
  // Adam's step plus the decay: x1 = -1 - 0.1 * 0.01 * (-1) + 0.1 * 8 / (8 + 1e-8)
  adamw: [-0.899000000125, -0.7981758263190767, -0.6975796601160275],
  // sign(0.9 * 0 + 0.1 * (-8)) = -1: x1 = -1 + 0.1; m1 = 0.01 * (-8) = -0.08, and the sign stays -1
  lion: [-0.9, -0.8, -0.7000000000000001],
};

describe('optimizers: first steps by hand', () => {
  it('covers every optimizer the engine has', () => {
    expect(OPTIMIZERS.map((optimizer) => optimizer.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [id, steps] of Object.entries(EXPECTED)) {
    it(`${id}: x after steps 1, 2, 3`, () => {
      const sim = createSimulation({
        landscape: 'curve',
        particleCount: 1,
        start: 'point',
        at: [-1, 0],
        groups: [{ optimizer: id, learningRate: 0.1 }],
        precision: 'float64',
      });
      for (const expected of steps) {
        sim.step(1);
        expect(Math.abs(sim.x[0]! - expected)).toBeLessThan(1e-9);
      }
    });
  }

  // Each call starts the correction at 1 - beta^stepsDone and advances it step by step (as the GPU
  // does per dispatch), so 30 calls of one step and one call of 30 agree to float64 rounding; a
  // correction restarted at step 0 would put the balls elsewhere altogether.
  it('adam uses the global step number for its bias correction across step() calls', () => {
    const config = {
      landscape: 'himmelblau',
      particleCount: 50,
      seed: 4,
      groups: [{ optimizer: 'adam', learningRate: 0.05 }],
      precision: 'float64',
    } as const;
    const once = createSimulation(config);
    once.step(30);
    const split = createSimulation(config);
    for (let i = 0; i < 30; i++) split.step(1);
    split.x.forEach((x, i) => {
      expect(Math.abs(x - once.x[i]!)).toBeLessThan(1e-12);
    });
  });
});
