/** What Adam and AdamW share: the moments' hyper-parameters and their bias corrections. */
import type { CounterSpec, ParameterSpec } from './define.ts';

type MomentParameter = 'beta1' | 'beta2' | 'epsilon';

export const ADAM_PARAMS: Readonly<Record<MomentParameter, ParameterSpec>> = {
  beta1: { default: 0.9, min: 0, max: 1, below: true },
  beta2: { default: 0.999, min: 0, max: 1, below: true },
  epsilon: { default: 1e-8, min: 0 },
};

/**
 * 1 - beta^k for the step about to be taken (k = the step's 1-based number): 0 at step 0, and
 * each step advances it by c <- (1 - beta) + beta * c, which never cancels (1 - pow(beta, k) in
 * float32 would, on the GPU).
 */
export const ADAM_COUNTERS: Readonly<Record<string, CounterSpec>> = {
  correction1: { initial: 0, next: 'oneMinusBeta1 + beta1 * correction1' },
  correction2: { initial: 0, next: 'oneMinusBeta2 + beta2 * correction2' },
};
