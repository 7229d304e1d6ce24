// Slope's WebGPU backend: declarations shared by step.wgsl and stats.wgsl. The module of each
// pass is: the landscape's WGSL (fn f, fn gradient) + the generated limits and structs + this file
// + the pass's own file + its generated parts (wgsl-sources.ts and optimizer-wgsl.ts: the known
// minima, the optimizers in use, the cosine schedule).
// Names here carry a prefix or are spelled out, so they cannot clash with a landscape's helpers.
//
// Buffer layouts: the one table of the buffers. Their structs are printed from src/gpu/structs.ts,
// which gives the TypeScript side its offsets; the per-ball entries are BYTES of src/gpu/layout.ts.
// Ball i of group g is at index g * perGroup + i, as on the CPU (src/core/simulation.ts).
//
// | buffer   | WGSL type              | bytes            | per entry                                     |
// |----------|------------------------|------------------|-----------------------------------------------|
// | balls    | array<vec4f>           | 16 per ball      | x, y, f(x, y), ballFlags(group, status) of    |
// |          |                        |                  | core/group-limit.ts: what                     |
// |          |                        |                  | three.js draws; written, never read here;     |
// |          |                        |                  | diverged balls clamped to the domain with     |
// |          |                        |                  | f = params.floorLoss (as writeRenderData)     |
// | state    | array<vec4f>           | 16 per ball      | x, y, optimizer state s0, s1 (the x and y of  |
// |          |                        |                  | the optimizer's first state: momentum's v,    |
// |          |                        |                  | Adam's m; unused by gd); x, y of a diverged   |
// |          |                        |                  | ball stay at its last in-bounds position      |
// | extra    | array<vec2f>           | 8 per ball if a  | optimizer state s2, s3 (its second state:     |
// |          |                        | group keeps two  | Adam's v); one unused entry when no group     |
// |          |                        | states, else 8   | needs it (bound always, step pass only)       |
// | aux      | array<vec2u>           | 8 per ball       | status | calm << CALM_SHIFT, convergedAt       |
// | params   | uniform StepParams     | 576 (structs.ts) | see StepParams; rewritten before each         |
// |          |                        |                  | dispatch of the step pass                     |
// | stats    | uniform StatsParams    | 16               | see StatsParams; written once                 |
// | partials | array<StatsPartial>    | 48 per (group,   | f32 loss sum, kept, converged, diverged       |
// |          |                        |   workgroup)     | counts of one stats workgroup, and its        |
// |          |                        |                  | converged balls per nearest known minimum     |
// | samples  | array<StatsSample>     | 12 per sample    | loss, status, convergedAt of ball             |
// |          |                        |                  | sampleIndex(k) of its group                   |
// | trackedIndices | array<u32>       | 4 per tracked    | global indices of the tracked balls (at most  |
// |          |                        |   ball           | MAX_TRACKED of backend.ts), written by        |
// |          |                        |                  | setTracked                                    |
// | tracked  | array<TrackedBall>     | 32 per tracked   | state (x, y, s0, s1) and status of each       |
// |          |                        |   ball           | tracked ball, gathered by the stats pass      |

// Set by src/gpu/gpu-simulation.ts from src/core/status.ts and src/gpu/layout.ts, so every value
// has one source of truth.
override WORKGROUP_SIZE: u32;
override STATUS_ACTIVE: u32;
override STATUS_CONVERGED: u32;
override STATUS_DIVERGED: u32;
override SETTLE_STEPS: u32;
// aux word 0: status in the bits of STATUS_MASK, the calm count shifted up by CALM_SHIFT.
override CALM_SHIFT: u32;
override STATUS_MASK: u32;
// GroupParams.schedule codes (GPU_SCHEDULES of layout.ts); any other code is a constant rate.
override SCHEDULE_STEP: u32;
override SCHEDULE_COSINE: u32;
override SCHEDULE_WARMUP: u32;
// Whether any group adds gradient noise, or follows each kind of learning-rate schedule (set per
// pipeline): SwiftShader runs every branch compiled in, taken or not, so only those in use are.
// (The optimizers in use are chosen the same way, in the generated slopeOptimizerStep.)
override USES_NOISE: bool = true;
override USES_STEP_DECAY: bool = true;
override USES_COSINE: bool = true;
override USES_WARMUP: bool = true;

// PARAMS_MAX_GROUPS (MAX_GROUPS of src/core/group-limit.ts), STATS_MAX_BASINS (MAX_BASINS of
// src/core/stats.ts: known minima counted per group) and the structs GroupParams, StepParams,
// StatsParams, StatsPartial, StatsSample and TrackedBall are declared before this file, from
// src/gpu/layout.ts `wgslDeclarations` and the tables of src/gpu/structs.ts.

// Whether v is neither infinite nor NaN. WGSL lets a compiler assume floats are finite, so
// `v != v` may be folded away; the exponent bits cannot be.
fn slopeIsFinite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

// Index of the k-th of sampleSize evenly spaced balls among perGroup: floor(k * perGroup /
// sampleSize) without the 32-bit overflow of k * perGroup (2048 * 4M > 2^32).
fn slopeSampleIndex(k: u32, perGroup: u32, sampleSize: u32) -> u32 {
  let whole = perGroup / sampleSize;
  let rest = perGroup % sampleSize;
  return k * whole + (k * rest) / sampleSize;
}
