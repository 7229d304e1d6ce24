/**
 * A preset is its formula: `definePreset` compiles the formula with the expression compiler
 * (src/core/expr), which derives the gradient and prints f and the gradient as JavaScript for the
 * CPU and as WGSL for the GPU, exactly as for a typed formula. What the compiler cannot know (the
 * domain, the known minima, a good rate, the tolerances) the preset's module says.
 * tests/unit/expr-presets.test.ts checks every preset against hand-written f and gradients.
 */
import { compileExpression } from '../expr/index.ts';
import type { Landscape } from '../landscape.ts';

export type PresetSpec = Omit<Landscape, 'f' | 'gradient' | 'wgsl' | 'dimensions'> & {
  /** The formula in the compiler's syntax (`formula` is how it is shown). */
  readonly expression: string;
};

export function definePreset(spec: PresetSpec): Landscape {
  const result = compileExpression(spec.expression);
  if (!result.ok) {
    throw new Error(
      `preset ${spec.id}: "${spec.expression}" does not compile (${result.error.message.code})`,
    );
  }
  const { f, gradient, wgsl, dimensions } = result.expression;
  return { ...spec, dimensions, f, gradient, wgsl };
}
