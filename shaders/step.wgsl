// The step pass: each invocation advances one ball by params.steps steps, in a loop, then writes
// what three.js draws. The port of the CPU kernel (src/core/optimizers/frame.ts) and
// src/core/status.ts: same rules and the same order of operations, so the two backends agree to
// float32; the update itself is each optimizer's rule, generated (slopeOptimizerStep,
// src/gpu/optimizer-wgsl.ts). With a schedule, a group's rate changes inside the loop
// (scheduleFactor of src/core/schedule.ts, in f32); with noise, the slope the update follows is the
// gradient plus a Gaussian sample (shaders/noise.wgsl), while the settle check looks at the
// gradient itself, as on the CPU.
//
// Speed notes (SwiftShader, 1M balls): everything the loop needs from the uniform is read into
// locals first, and the known minima are constants in generated code (slopeNearKnownMinimum) rather
// than a loop over a buffer: the inner loop alone halved the throughput.

@group(0) @binding(0) var<uniform> params: StepParams;
@group(0) @binding(1) var<storage, read_write> state: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> aux: array<vec2u>;
@group(0) @binding(3) var<storage, read_write> balls: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> extra: array<vec2f>;

// Whether a ball at position is within the minimum tolerance of minimum (one term of
// slopeNearKnownMinimum).
fn slopeWithin(position: vec2f, minimum: vec2f, toleranceSq: f32) -> bool {
  let offset = position - minimum;
  return dot(offset, offset) < toleranceSq;
}

// isInBounds of status.ts. NaN fails the finiteness test (not only the comparisons, see
// slopeIsFinite); an infinity fails the box (xLo, xHi, yLo, yHi).
fn slopeIsInBounds(position: vec2f, box: vec4f) -> bool {
  return slopeIsFinite(position.x) && slopeIsFinite(position.y) && position.x >= box.x &&
    position.x <= box.y && position.y >= box.z && position.y <= box.w;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn advance(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) workgroups: vec3u) {
  // Large counts need a 2D dispatch (at most 65,535 workgroups per dimension): rows of x.
  let index = id.x + id.y * workgroups.x * WORKGROUP_SIZE;
  if (index >= params.count) {
    return;
  }
  let group = index / params.perGroup;
  let settings = params.groups[group];
  let optimizer = settings.optimizer;
  let keepsSecond = slopeKeepsSecondState(optimizer);
  let stepsDone = params.stepsDone;
  // A step-decay group's learningRate is already its rate at stepsDone (see GroupParams).
  let baseRate = settings.learningRate;
  var learningRate = baseRate;
  let schedule = settings.schedule;
  let scheduleSteps = settings.scheduleSteps;
  // Step decay's factor, the cosine's 1 / (4 period), or the warm-up's 1 / steps.
  let decay = settings.scheduleFactor;
  let quarterTurns = settings.scheduleFactor;
  let warmupShare = settings.scheduleFactor;
  // Steps since step decay's last decay: (stepsDone + t) % every, counted up in the loop (an
  // integer division per step cost SwiftShader a third of its throughput).
  var sinceDecay = 0u;
  if (USES_STEP_DECAY && schedule == SCHEDULE_STEP) {
    sinceDecay = stepsDone % scheduleSteps;
  }
  let noise = settings.noise;
  let noisy = USES_NOISE && noise != 0.0;
  // The noise follows the ball's index within its group, so every group sees the same samples.
  let ballInGroup = index - group * params.perGroup;
  let noiseSeed = params.noiseSeed;
  let values = settings.values;
  // The optimizer's counters (Adam's bias corrections), advanced by its rule at every step.
  var counters = settings.counters;
  let steps = params.steps;
  let gradientTolSq = params.gradientTolSq;
  let minimumTolSq = params.minimumTolSq;
  let escape = params.escape;

  let ball = state[index];
  var position = ball.xy;
  // State slots 0, 1 (the optimizer's first state, e.g. momentum's v or Adam's m) and 2, 3 (its
  // second, Adam's v), in the order of the optimizer's stateNames.
  var first = ball.zw;
  var second = vec2f(0.0);
  if (keepsSecond) {
    second = extra[index];
  }
  let flags = aux[index];
  var status = flags.x & STATUS_MASK;
  var calm = flags.x >> CALM_SHIFT;
  var convergedAt = flags.y;

  if (status == STATUS_ACTIVE) {
    for (var t = 0u; t < steps; t++) {
      // The landscape's gradient, or a group's mini-batch of its data (slopeStepGradient, generated).
      let exactSlope = slopeStepGradient(position.x, position.y, group, ballInGroup, stepsDone + t, noiseSeed);
      // looksSettled of status.ts, on the gradient before the move, as on the CPU.
      if ((dot(exactSlope, exactSlope) < gradientTolSq) | slopeNearKnownMinimum(position, minimumTolSq)) {
        calm++;
        if (calm >= SETTLE_STEPS) {
          status = STATUS_CONVERGED;
          convergedAt = stepsDone + t;
          break;
        }
      } else {
        calm = 0u;
      }
      // The rate is computed here rather than read from a per-step table: a load inside this loop
      // halved SwiftShader's throughput (measured on the bowl), this arithmetic costs less.
      let step = stepsDone + t;
      if (USES_STEP_DECAY && schedule == SCHEDULE_STEP) {
        if (t > 0u) {
          sinceDecay++;
          if (sinceDecay == scheduleSteps) {
            sinceDecay = 0u;
            learningRate *= decay;
          }
        }
      } else if (USES_COSINE && schedule == SCHEDULE_COSINE) {
        learningRate = baseRate * slopeCosineFactor(step, scheduleSteps, quarterTurns);
      } else if (USES_WARMUP && schedule == SCHEDULE_WARMUP) {
        learningRate = baseRate * select(f32(step + 1u) * warmupShare, 1.0, step >= scheduleSteps);
      }
      var slope = exactSlope;
      if (noisy) {
        slope += noise * slopeGaussianPair(noiseSeed, ballInGroup, step);
      }
      let next = slopeOptimizerStep(optimizer, values, learningRate, slope, position, &first, &second,
        &counters);
      // A diverged ball keeps its last in-bounds position (and, as on the CPU, the updated
      // optimizer state).
      if (!slopeIsInBounds(next, escape)) {
        status = STATUS_DIVERGED;
        break;
      }
      position = next;
    }
    state[index] = vec4f(position, first);
    if (keepsSecond) {
      extra[index] = second;
    }
    aux[index] = vec2u(status | (calm << CALM_SHIFT), convergedAt);
  }

  // writeRenderData of simulation.ts: never a non-finite number in the draw buffer.
  var shown = position;
  var loss = f(position.x, position.y);
  var shownStatus = status;
  if (status == STATUS_DIVERGED || !slopeIsFinite(loss)) {
    let domain = params.domain;
    let x = select(domain.x, position.x, slopeIsFinite(position.x));
    let y = select(domain.z, position.y, slopeIsFinite(position.y));
    shown = vec2f(min(domain.y, max(domain.x, x)), min(domain.w, max(domain.z, y)));
    loss = params.floorLoss;
    shownStatus = STATUS_DIVERGED;
  }
  balls[index] = vec4f(shown, loss, f32(group + PARAMS_MAX_GROUPS * shownStatus));
}
