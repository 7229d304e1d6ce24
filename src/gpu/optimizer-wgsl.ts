/**
 * The step pass's optimizers, generated from their definitions (src/core/optimizers): for the
 * optimizers a simulation's groups use, `slopeOptimizerStep` runs the update rule of the group's
 * optimizer (rule.ts `ruleToWgsl`) and `slopeKeepsSecondState` says whether it keeps state slots 2
 * and 3 (the `extra` buffer). Only the optimizers in use are compiled in: SwiftShader pays for
 * every branch of the update at every step, taken or not (2.5x slower plain gradient descent with
 * six optimizers in the shader).
 */
import { MAX_VALUE_SLOTS, OPTIMIZERS, type Optimizer } from '../core/optimizers/index.ts';

/** An optimizer's code in GroupParams.optimizer: its index in OPTIMIZERS. */
export function optimizerCode(id: string): number {
  return OPTIMIZERS.findIndex((optimizer) => optimizer.id === id);
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** The WGSL of `slopeOptimizerStep` and `slopeKeepsSecondState` for the optimizers `ids`. */
export function optimizerWgsl(ids: readonly string[]): string {
  const used = OPTIMIZERS.filter((optimizer) => ids.includes(optimizer.id));
  if (used.length === 0) throw new Error('webgpu: no optimizer to compile');
  const branch = (optimizer: Optimizer, last: boolean): string => {
    const body = indent(optimizer.wgsl, '    ');
    const head = `  // ${optimizer.name}`;
    // The last branch takes any other code too: every function path must return.
    if (last) return `${head}\n  {\n${body}\n  }`;
    return `${head}\n  if (optimizer == ${optimizerCode(optimizer.id)}u) {\n${body}\n  }`;
  };
  const second = used.filter((optimizer) => optimizer.stateNames.length > 2).map((o) => optimizerCode(o.id));
  return [
    `// Generated from src/core/optimizers for ${used.map((o) => o.id).join(', ')} (optimizer-wgsl.ts).`,
    "// One step of the group's optimizer: updates its state and returns the new position.",
    `fn slopeOptimizerStep(optimizer: u32, values: array<vec4f, ${MAX_VALUE_SLOTS / 4}>, learningRate: f32, slope: vec2f,`,
    '    position: vec2f, first: ptr<function, vec2f>, second: ptr<function, vec2f>,',
    '    counters: ptr<function, vec2f>) -> vec2f {',
    ...used.map((optimizer, k) => branch(optimizer, k === used.length - 1)),
    '}',
    '',
    '// Whether the optimizer keeps state slots 2 and 3 (in the extra buffer).',
    'fn slopeKeepsSecondState(optimizer: u32) -> bool {',
    `  return ${second.length > 0 ? second.map((code) => `optimizer == ${code}u`).join(' || ') : 'false'};`,
    '}',
    '',
  ].join('\n');
}
