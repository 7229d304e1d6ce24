/**
 * The named data sets of `data=`, each made from the run's seed (so a seed reproduces its data),
 * with `points` and `noise` where they apply:
 * - `chapter`: the chapter's four points, x = ±1, y = 3x ± √2, on which y = w·x has the squared
 *   error (w − 3)² + 2 exactly, the chapter's curve;
 * - `linear`: a noisy line, y = 2x − 1, x in [−1, 1];
 * - `far`: the same line with x around 100: the loss of y = w·x + b is a long thin valley (w and b
 *   trade off against each other), which normalising x turns round;
 * - `classes`: two overlapping classes (labels 0 and 1) on either side of x = 0;
 * - `separable`: two classes with a gap between them, so the logistic loss has its minimum at
 *   infinity and the balls keep rolling;
 * - `wave`: y = 2·tanh(1.5·x) with noise, what the one-neuron model v·tanh(w·x) fits.
 */
import { createRng, type Rng } from '../rng.ts';
import { type DataSet, dataSet } from './data-set.ts';

export interface GeneratorOptions {
  /** How many points (ignored by `chapter`). */
  readonly points: number;
  /** Standard deviation of the noise added to the targets, or the classes' spread. */
  readonly noise: number;
  readonly seed: number;
}

export interface DataGenerator {
  readonly id: string;
  /** Defaults for `points` and `noise`. */
  readonly points: number;
  readonly noise: number;
  /** Whether its targets are labels (0 or 1). */
  readonly labels: boolean;
  make(options: GeneratorOptions): DataSet;
}

/** The line `linear` and `far` scatter around. */
export const LINE = { slope: 2, intercept: -1 } as const;

function points(count: number, make: (rng: Rng, i: number) => [number, number], seed: number): DataSet {
  const rng = createRng(seed);
  return dataSet(Array.from({ length: count }, (_, i) => make(rng, i)));
}

const line = (x: number): number => LINE.slope * x + LINE.intercept;

/** LINE with noise, x within 1 of `centre`. */
function noisyLine(id: string, centre: number): DataGenerator {
  return {
    id,
    points: 50,
    noise: 0.3,
    labels: false,
    make: ({ points: count, noise, seed }) =>
      points(
        count,
        (rng) => {
          const x = centre + rng.range(-1, 1);
          return [x, line(x) + noise * rng.normal()];
        },
        seed,
      ),
  };
}

export const GENERATORS: readonly DataGenerator[] = [
  {
    id: 'chapter',
    points: 4,
    noise: 0,
    labels: false,
    make: () =>
      dataSet([
        [1, 3 + Math.SQRT2],
        [1, 3 - Math.SQRT2],
        [-1, -3 + Math.SQRT2],
        [-1, -3 - Math.SQRT2],
      ]),
  },
  noisyLine('linear', 0),
  noisyLine('far', 100),
  {
    id: 'classes',
    points: 100,
    noise: 1,
    labels: true,
    make: ({ points: count, noise, seed }) =>
      points(
        count,
        (rng, i) => {
          const label = i % 2;
          return [(label === 1 ? 1 : -1) + noise * rng.normal(), label];
        },
        seed,
      ),
  },
  {
    id: 'separable',
    points: 40,
    noise: 0.5,
    labels: true,
    make: ({ points: count, noise, seed }) =>
      points(
        count,
        (rng, i) => {
          const label = i % 2;
          // Each class at least 0.5 from 0 on its own side, whatever the spread.
          const distance = 0.5 + Math.abs(noise * rng.normal());
          return [label === 1 ? distance : -distance, label];
        },
        seed,
      ),
  },
  {
    id: 'wave',
    points: 60,
    noise: 0.1,
    labels: false,
    make: ({ points: count, noise, seed }) =>
      points(
        count,
        (rng) => {
          const x = rng.range(-2, 2);
          return [x, 2 * Math.tanh(1.5 * x) + noise * rng.normal()];
        },
        seed,
      ),
  },
];

export function findGenerator(id: string): DataGenerator | undefined {
  return GENERATORS.find((generator) => generator.id === id);
}
