/**
 * What Adam and AdamW share: the moments' hyper-parameters, their 1 - beta constants, their bias
 * corrections and the moments' update (each adds its own move of x).
 */
import { type CounterSpec, decayRate, type ParameterSpec } from './define.ts';

type MomentParameter = 'beta1' | 'beta2' | 'epsilon';

export const ADAM_PARAMS: Readonly<Record<MomentParameter, ParameterSpec>> = {
  beta1: decayRate(0.9),
  beta2: decayRate(0.999),
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

/**
 * 1 - beta1 and 1 - beta2 (Adam's, AdamW's and Lion's), in float64 on the host: in float32,
 * 1 - 0.999 would lose four digits.
 */
export const ONE_MINUS_BETAS = {
  oneMinusBeta1: (p: Readonly<Record<'beta1' | 'beta2', number>>) => 1 - p.beta1,
  oneMinusBeta2: (p: Readonly<Record<'beta1' | 'beta2', number>>) => 1 - p.beta2,
};

/** The moments' update: a fading mean of the slope (m) and of its square (v). */
export const ADAM_MOMENTS = `
  m = beta1 * m + oneMinusBeta1 * g
  v = beta2 * v + oneMinusBeta2 * g * g
`;
