/**
 * Where an optimizer's counters stand at a step (define.ts `CounterSpec`): the recurrence run from
 * step 0, remembered, so that asking in step order costs one recurrence step per step. A run split
 * into calls anywhere (step(1) thirty times, a schedule's runs, a snapshot moved to the GPU)
 * starts every call from the same numbers; a closed form such as 1 - beta^k would differ from the
 * recurrence in its last bits.
 */
import type { HyperParameters, Optimizer } from './define.ts';
import { advanceCounters } from './rule.ts';

export interface CounterClock {
  /** Writes each counter's value at `stepsDone` into `out`. */
  at(stepsDone: number, out: Float64Array): void;
}

export function counterClock(optimizer: Optimizer, params: HyperParameters): CounterClock {
  const values = optimizer.values(params);
  const current = Float64Array.from(optimizer.counterInitials);
  let step = 0;
  return {
    at(stepsDone, out) {
      if (stepsDone < step) {
        current.set(optimizer.counterInitials);
        step = 0;
      }
      if (current.length > 0) {
        for (; step < stepsDone; step++) advanceCounters(optimizer.rule, values, current);
      }
      step = Math.max(step, stepsDone);
      out.set(current);
    },
  };
}
