import type { Landscape } from '../landscape.ts';
import { ackley } from './ackley.ts';
import { beale } from './beale.ts';
import { booth } from './booth.ts';
import { bowl } from './bowl.ts';
import { curve } from './curve.ts';
import { goldstein } from './goldstein.ts';
import { himmelblau } from './himmelblau.ts';
import { rastrigin } from './rastrigin.ts';
import { ravine } from './ravine.ts';
import { rosenbrock } from './rosenbrock.ts';
import { saddle } from './saddle.ts';
import { sixhump } from './sixhump.ts';
import { styblinski } from './styblinski.ts';

/** Every preset, in the order the panel lists them: gentle first, then the classic test functions. */
export const PRESETS: readonly Landscape[] = [
  curve,
  bowl,
  ravine,
  saddle,
  rosenbrock,
  himmelblau,
  rastrigin,
  ackley,
  beale,
  booth,
  sixhump,
  styblinski,
  goldstein,
];

/** Four minima make the first run show at once that where a ball ends depends on where it starts. */
export const DEFAULT_PRESET_ID = 'himmelblau';

/** The preset with this URL id, or undefined (the caller falls back to the default with a warning). */
export function findPreset(id: string): Landscape | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** The formula preset `id` is written as, in the compiler's syntax (for tests and benchmarks). */
export function presetExpression(id: string): string {
  const expression = findPreset(id)?.expression;
  if (expression === undefined) throw new RangeError(`no preset "${id}" with an expression`);
  return expression;
}
