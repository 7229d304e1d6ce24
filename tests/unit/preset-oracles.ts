/**
 * The presets' f and gradients as they were written by hand before the presets became formulas
 * (src/core/landscapes/define.ts): kept only as the oracle tests/unit/expr-presets.test.ts checks
 * the compiled ones against.
 */
import type { GradientFn, LossFn } from '../../src/core/landscape.ts';
import { findPreset } from '../../src/core/landscapes/index.ts';

const TWO_PI = 2 * Math.PI;

export const PRESET_ORACLES: Readonly<Record<string, { readonly f: LossFn; readonly gradient: GradientFn }>> =
  {
    curve: {
      f: (x) => (x - 3) * (x - 3) + 2,
      gradient: (x, _y, out) => {
        out[0] = 2 * (x - 3);
        out[1] = 0;
      },
    },
    bowl: {
      f: (x, y) => x * x + y * y,
      gradient: (x, y, out) => {
        out[0] = 2 * x;
        out[1] = 2 * y;
      },
    },
    ravine: {
      f: (x, y) => 0.5 * x * x + 25 * y * y,
      gradient: (x, y, out) => {
        out[0] = x;
        out[1] = 50 * y;
      },
    },
    saddle: {
      f: (x, y) => x * x - y * y,
      gradient: (x, y, out) => {
        out[0] = 2 * x;
        out[1] = -2 * y;
      },
    },
    rosenbrock: {
      f: (x, y) => {
        const a = 1 - x;
        const b = y - x * x;
        return a * a + 100 * b * b;
      },
      gradient: (x, y, out) => {
        const b = y - x * x;
        out[0] = -2 * (1 - x) - 400 * x * b;
        out[1] = 200 * b;
      },
    },
    himmelblau: {
      f: (x, y) => {
        const a = x * x + y - 11;
        const b = x + y * y - 7;
        return a * a + b * b;
      },
      gradient: (x, y, out) => {
        const a = x * x + y - 11;
        const b = x + y * y - 7;
        out[0] = 4 * x * a + 2 * b;
        out[1] = 2 * a + 4 * y * b;
      },
    },
    rastrigin: {
      f: (x, y) => 20 + x * x - 10 * Math.cos(TWO_PI * x) + y * y - 10 * Math.cos(TWO_PI * y),
      gradient: (x, y, out) => {
        out[0] = 2 * x + 10 * TWO_PI * Math.sin(TWO_PI * x);
        out[1] = 2 * y + 10 * TWO_PI * Math.sin(TWO_PI * y);
      },
    },
    beale: {
      f: (x, y) => {
        const y2 = y * y;
        const a = 1.5 - x + x * y;
        const b = 2.25 - x + x * y2;
        const c = 2.625 - x + x * y2 * y;
        return a * a + b * b + c * c;
      },
      gradient: (x, y, out) => {
        const y2 = y * y;
        const y3 = y2 * y;
        const a = 1.5 - x + x * y;
        const b = 2.25 - x + x * y2;
        const c = 2.625 - x + x * y3;
        out[0] = 2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1));
        out[1] = 2 * x * (a + 2 * b * y + 3 * c * y2);
      },
    },
    booth: {
      f: (x, y) => {
        const a = x + 2 * y - 7;
        const b = 2 * x + y - 5;
        return a * a + b * b;
      },
      gradient: (x, y, out) => {
        out[0] = 10 * x + 8 * y - 34;
        out[1] = 8 * x + 10 * y - 38;
      },
    },
    sixhump: {
      f: (x, y) => {
        const x2 = x * x;
        const y2 = y * y;
        return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (4 * y2 - 4) * y2;
      },
      gradient: (x, y, out) => {
        const x2 = x * x;
        out[0] = x * (8 - 8.4 * x2 + 2 * x2 * x2) + y;
        out[1] = x + y * (16 * y * y - 8);
      },
    },
    styblinski: {
      f: (x, y) => {
        const x2 = x * x;
        const y2 = y * y;
        return 0.5 * (x2 * x2 - 16 * x2 + 5 * x + y2 * y2 - 16 * y2 + 5 * y);
      },
      gradient: (x, y, out) => {
        out[0] = x * (2 * x * x - 16) + 2.5;
        out[1] = y * (2 * y * y - 16) + 2.5;
      },
    },
    goldstein: {
      f: (x, y) => {
        const s = x + y;
        const v = 2 * x - 3 * y;
        const u = s + 1;
        return (1 + u * u * (3 * s * s - 14 * s + 19)) * (30 + v * v * (3 * v * v - 16 * v + 18));
      },
      gradient: (x, y, out) => {
        const s = x + y;
        const v = 2 * x - 3 * y;
        const u = s + 1;
        const a = 1 + u * u * (3 * s * s - 14 * s + 19);
        const b = 30 + v * v * (3 * v * v - 16 * v + 18);
        const da = 12 * u * (s - 1) * (s - 2);
        const db = 12 * v * (v - 1) * (v - 3);
        const bda = b * da;
        const adb = a * db;
        out[0] = bda + 2 * adb;
        out[1] = bda - 3 * adb;
      },
    },
    // Ackley's module is still written by hand: it is its own oracle.
    ackley: findPreset('ackley')!,
  };
