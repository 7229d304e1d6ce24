// Gradient noise for the step pass: the WGSL twin of src/core/noise.ts, with the same constants and
// the same names prefixed `slope`. Integer hashing wraps in u32 exactly as Math.imul and `>>> 0`
// do there, and the uniforms hold 24 bits (exact in f32), so both backends draw the same samples;
// only Box–Muller's log, sqrt and the turn polynomial (slopeSinCosTurn, generated from
// src/core/turn-trig.ts) round in f32.

// pcgHash of noise.ts: the PCG hash of Jarzynski and Olano.
fn slopePcgHash(value: u32) -> u32 {
  let state = value * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// noiseHash of noise.ts: (seed, ball index within its group, global step, component).
fn slopeNoiseHash(seed: u32, ball: u32, step: u32, component: u32) -> u32 {
  let h = slopePcgHash(ball + slopePcgHash(seed));
  return slopePcgHash(component + slopePcgHash(step + h));
}

// hashToUniform of noise.ts: the top 24 bits, in (0, 1]. A multiplication by 2^-24, exact, where a
// division could be off by 2.5 ulps in WGSL.
fn slopeHashToUniform(hash: u32) -> f32 {
  return f32((hash >> 8u) + 1u) * 0x1p-24f;
}

// gaussianPair of noise.ts: two standard normals (x, y) by Box–Muller.
fn slopeGaussianPair(seed: u32, ball: u32, step: u32) -> vec2f {
  let u1 = slopeHashToUniform(slopeNoiseHash(seed, ball, step, 0u));
  let u2 = slopeHashToUniform(slopeNoiseHash(seed, ball, step, 1u));
  // WGSL's log is only within 2^-21 absolute near 1, so for u1 just below 1 it may come out
  // positive: clamp, or sqrt would make a NaN. (The radius is tiny there; the error is harmless.)
  let radius = sqrt(max(0.0, -2.0 * log(u1)));
  // slopeSinCosTurn gives (sin, cos); x takes the cosine, as on the CPU.
  return radius * slopeSinCosTurn(u2).yx;
}
