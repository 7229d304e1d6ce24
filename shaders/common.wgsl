// Slope's WebGPU backend: declarations shared by step.wgsl and stats.wgsl. The module of each
// pass is: the landscape's WGSL (fn f, fn gradient) + this file + the pass's own file (+ for the
// step pass, slopeNearKnownMinimum, generated from the landscape's minima by gpu-simulation.ts).
// Names here carry a prefix or are spelled out, so they cannot clash with a landscape's helpers.
//
// Buffer layouts: the one table. src/gpu/layout.ts mirrors it for the TypeScript side.
// Ball i of group g is at index g * perGroup + i, as on the CPU (src/core/simulation.ts).
//
// | buffer   | WGSL type              | bytes            | per entry                                     |
// |----------|------------------------|------------------|-----------------------------------------------|
// | balls    | array<vec4f>           | 16 per ball      | x, y, f(x, y), ballFlags(group, status) of    |
// |          |                        |                  | core/group-limit.ts: what                     |
// |          |                        |                  | three.js draws; written, never read here;     |
// |          |                        |                  | diverged balls clamped to the domain with     |
// |          |                        |                  | f = params.floorLoss (as writeRenderData)     |
// | state    | array<vec4f>           | 16 per ball      | x, y, optimizer state s0, s1 (momentum and    |
// |          |                        |                  | nesterov: vx, vy; adagrad: gx2, gy2; rmsprop: |
// |          |                        |                  | ex, ey; adam: mx, my; gd: unused); x, y of a  |
// |          |                        |                  | diverged ball stay at its last in-bounds      |
// |          |                        |                  | position                                      |
// | extra    | array<vec2f>           | 8 per ball if a  | optimizer state s2, s3 (adam: vx, vy); one    |
// |          |                        | group runs adam, | unused entry when no group needs it (bound    |
// |          |                        | else 8 in all    | always, read by the step pass only)           |
// | aux      | array<vec2u>           | 8 per ball       | status | calm << CALM_SHIFT, convergedAt       |
// | params   | uniform StepParams     | 576              | see StepParams; rewritten before each         |
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
// GroupParams.optimizer codes (GPU_OPTIMIZERS of layout.ts); any other code runs plain gradient
// descent.
override OPTIMIZER_MOMENTUM: u32;
override OPTIMIZER_NESTEROV: u32;
override OPTIMIZER_ADAGRAD: u32;
override OPTIMIZER_RMSPROP: u32;
override OPTIMIZER_ADAM: u32;
// GroupParams.schedule codes (GPU_SCHEDULES of layout.ts); any other code is a constant rate.
override SCHEDULE_STEP: u32;
override SCHEDULE_COSINE: u32;
override SCHEDULE_WARMUP: u32;
// Whether any group of the simulation runs each optimizer (set per pipeline): the step pass then
// compiles only the updates it needs. SwiftShader paid for every branch of the update each step,
// taken or not: 2.5x slower plain gradient descent once six optimizers were in the shader.
override USES_MOMENTUM: bool = true;
override USES_NESTEROV: bool = true;
override USES_ADAGRAD: bool = true;
override USES_RMSPROP: bool = true;
override USES_ADAM: bool = true;
// Whether any group adds gradient noise, or follows each kind of learning-rate schedule: as with
// the optimizers, SwiftShader runs every branch compiled in, so only those in use are.
override USES_NOISE: bool = true;
override USES_STEP_DECAY: bool = true;
override USES_COSINE: bool = true;
override USES_WARMUP: bool = true;

// PARAMS_MAX_GROUPS (MAX_GROUPS of src/core/group-limit.ts) and STATS_MAX_BASINS (MAX_BASINS of
// src/core/stats.ts: known minima counted per group) size arrays, which needs a constant, not an
// override: src/gpu/layout.ts `wgslConstants` declares them before this file.

// One group's optimizer: 64 bytes (a multiple of 16, the stride a uniform array needs). The
// hyper-parameters are those of {...optimizer.defaults, ...group.params}, 0 where the optimizer
// has none. The 1 - x values are computed in f64 on the CPU and rounded once: in f32, 1 - 0.999
// would lose 4 digits.
struct GroupParams {
  optimizer: u32,
  learningRate: f32,
  // Momentum's and Nesterov's beta.
  beta: f32,
  // RMSprop's rho.
  rho: f32,
  // Adam's beta1, beta2.
  beta1: f32,
  beta2: f32,
  // Adagrad's, RMSprop's and Adam's epsilon.
  epsilon: f32,
  oneMinusRho: f32,
  oneMinusBeta1: f32,
  oneMinusBeta2: f32,
  // Adam: 1 - beta1^stepsDone and 1 - beta2^stepsDone, in f64 on the CPU, rewritten before each
  // dispatch; the step pass advances them by c <- (1 - beta) + beta * c, step by step.
  biasCorrection1: f32,
  biasCorrection2: f32,
  // Standard deviation of the Gaussian noise added to each gradient component; 0 for none.
  noise: f32,
  // Learning-rate schedule (schedule.ts): a GPU_SCHEDULES code; its steps (step decay's `every`,
  // cosine's `period`, warm-up's `steps`); and a number: step decay's factor, cosine's
  // 1 / (4 period), warm-up's 1 / steps. A step-decay group's learningRate is its rate at the
  // dispatch's first step (in f64 on the CPU), which the loop multiplies by the factor at each
  // later multiple of `every`; cosine and warm-up scale learningRate at every step.
  schedule: u32,
  scheduleSteps: u32,
  scheduleFactor: f32,
}

struct StepParams {
  // Balls in all groups.
  count: u32,
  perGroup: u32,
  // Steps done before this dispatch; a ball converging at local step t gets stepsDone + t.
  stepsDone: u32,
  // K: steps this dispatch advances each ball by.
  steps: u32,
  gradientTolSq: f32,
  minimumTolSq: f32,
  // What a diverged ball shows as its height (the CPU's landscape floor).
  floorLoss: f32,
  // The simulation's seed (as u32), which the gradient noise is drawn from.
  noiseSeed: u32,
  // xLo, xHi, yLo, yHi: the box outside which a ball has diverged (settleCriteria).
  escape: vec4f,
  // xMin, xMax, yMin, yMax: the domain diverged balls are clamped to for drawing.
  domain: vec4f,
  groups: array<GroupParams, PARAMS_MAX_GROUPS>,
}

struct StatsParams {
  perGroup: u32,
  // Balls sampled per group: min(perGroup, SAMPLES_PER_GROUP of layout.ts).
  sampleSize: u32,
  // Stats workgroups per group (dispatch x); dispatch y is the group.
  partialsPerGroup: u32,
  // Entries of trackedIndices in use; the stats pass's first workgroup gathers them.
  trackedCount: u32,
}

struct StatsPartial {
  lossSum: f32,
  kept: u32,
  converged: u32,
  diverged: u32,
  // Converged balls (those counted in `converged`) by their nearest known minimum.
  basins: array<u32, STATS_MAX_BASINS>,
}

struct StatsSample {
  loss: f32,
  status: u32,
  convergedAt: u32,
}

// 32 bytes: the vec4f sets the struct's alignment, so 12 bytes of padding follow status.
struct TrackedBall {
  state: vec4f,
  status: u32,
}

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
