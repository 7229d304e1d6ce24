/**
 * Gradient noise (stochastic gradient descent): a Gaussian sample per ball, step and coordinate,
 * from a counter-based hash rather than a generator with state, so that
 * - a run is reproducible from its seed, however it is split into step() calls or dispatches;
 * - both backends draw the very same numbers: the hash is integer arithmetic on u32 (Math.imul and
 *   `>>> 0` here, wrapping u32 in shaders/noise.wgsl), and the uniforms hold 24 bits, exact in f32;
 * - every group sees the same noise (the ball's index within its group goes into the hash), so
 *   groups compare as fairly with noise as without.
 * The WGSL twin (shaders/noise.wgsl) uses the same names with a `slope` prefix and the same
 * constants; tests/browser/gpu-parity.test.ts compares the two.
 */

/**
 * The PCG hash of Jarzynski and Olano ("Hash Functions for GPU Rendering", JCGT 2020): one LCG step
 * then PCG's output permutation. Good avalanche for its cost, and plain u32 arithmetic.
 */
export function pcgHash(value: number): number {
  const state = (Math.imul(value, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Hash of (seed, ball, step, component), each a u32: nested, so each input moves every bit. */
export function noiseHash(seed: number, ball: number, step: number, component: number): number {
  const h = pcgHash((ball + pcgHash(seed >>> 0)) >>> 0);
  return pcgHash((component + pcgHash((step + h) >>> 0)) >>> 0);
}

/** The top 24 bits of a hash as a uniform in (0, 1]: never 0, so its logarithm is finite. */
export function hashToUniform(hash: number): number {
  return ((hash >>> 8) + 1) / 16_777_216;
}

/** Where gaussianPair writes: two numbers. */
export type PairOut = { [index: number]: number };

/**
 * Two independent standard normal samples for ball `ball` (index within its group) at global step
 * `step`, by Box–Muller from the uniforms of components 0 and 1: out[0] for x, out[1] for y.
 * Computed in f64; the GPU's f32 version agrees to float32 (its sin and cos are the polynomial of
 * turn-trig.ts, not the device's).
 */
export function gaussianPair(seed: number, ball: number, step: number, out: PairOut): void {
  const u1 = hashToUniform(noiseHash(seed, ball, step, 0));
  const u2 = hashToUniform(noiseHash(seed, ball, step, 1));
  const radius = Math.sqrt(-2 * Math.log(u1));
  const angle = 2 * Math.PI * u2;
  out[0] = radius * Math.cos(angle);
  out[1] = radius * Math.sin(angle);
}
