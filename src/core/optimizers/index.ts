/**
 * Every optimizer the engine knows, each defined once in its own module (define.ts says what a
 * definition holds). The order is the panel's and the GPU's codes (an optimizer's index here).
 */
import { adagrad } from './adagrad.ts';
import { adam } from './adam.ts';
import { adamw } from './adamw.ts';
import type { Optimizer } from './define.ts';
import { gradientDescent } from './gd.ts';
import { lion } from './lion.ts';
import { momentum } from './momentum.ts';
import { nesterov } from './nesterov.ts';
import { rmsprop } from './rmsprop.ts';

export {
  type BallNow,
  compileUpdate,
  type HyperParameters,
  isInRange,
  MAX_COUNTERS,
  MAX_STATE_ARRAYS,
  MAX_VALUE_SLOTS,
  nextStep,
  type Optimizer,
  type ParameterSpec,
} from './define.ts';
export {
  type AdvanceKernel,
  advanceBlock,
  type BallBlock,
  type FloatArray,
  type GroupUpdate,
  type StepEnvironment,
  specializeKernel,
  stepEnvironment,
} from './frame.ts';

export const OPTIMIZERS: readonly Optimizer[] = [
  gradientDescent,
  momentum,
  nesterov,
  adagrad,
  rmsprop,
  adam,
  adamw,
  lion,
];

export function findOptimizer(id: string): Optimizer | undefined {
  return OPTIMIZERS.find((optimizer) => optimizer.id === id);
}
