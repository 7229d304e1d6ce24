// The step pass: each invocation advances one ball by params.steps steps, in a loop, then writes
// what three.js draws. The port of src/core/optimizers.ts (gradientDescentKernel, momentumKernel)
// and src/core/status.ts: same rules in the same order, so the two backends agree to float32.
//
// Speed notes (SwiftShader, 1M balls): everything the loop needs from the uniform is read into
// locals first, and the known minima are constants in generated code (slopeNearKnownMinimum) rather
// than a loop over a buffer: the inner loop alone halved the throughput.

@group(0) @binding(0) var<uniform> params: StepParams;
@group(0) @binding(1) var<storage, read_write> state: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> aux: array<vec2u>;
@group(0) @binding(3) var<storage, read_write> balls: array<vec4f>;

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
  let momentum = settings.optimizer == OPTIMIZER_MOMENTUM;
  let learningRate = settings.learningRate;
  let beta = settings.beta;
  let steps = params.steps;
  let gradientTolSq = params.gradientTolSq;
  let minimumTolSq = params.minimumTolSq;
  let escape = params.escape;

  let ball = state[index];
  var position = ball.xy;
  var velocity = ball.zw;
  let flags = aux[index];
  var status = flags.x & 0xffu;
  var calm = flags.x >> 8u;
  var convergedAt = flags.y;

  if (status == STATUS_ACTIVE) {
    for (var t = 0u; t < steps; t++) {
      let slope = gradient(position.x, position.y);
      // looksSettled of status.ts, on the gradient before the move, as on the CPU.
      if ((dot(slope, slope) < gradientTolSq) | slopeNearKnownMinimum(position, minimumTolSq)) {
        calm++;
        if (calm >= SETTLE_STEPS) {
          status = STATUS_CONVERGED;
          convergedAt = params.stepsDone + t;
          break;
        }
      } else {
        calm = 0u;
      }
      var next: vec2f;
      if (momentum) {
        velocity = beta * velocity - learningRate * slope;
        next = position + velocity;
      } else {
        next = position - learningRate * slope;
      }
      // A diverged ball keeps its last in-bounds position (and, as on the CPU, the updated
      // velocity).
      if (!slopeIsInBounds(next, escape)) {
        status = STATUS_DIVERGED;
        break;
      }
      position = next;
    }
    state[index] = vec4f(position, velocity);
    aux[index] = vec2u(status | (calm << 8u), convergedAt);
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
  balls[index] = vec4f(shown, loss, f32(group + 8u * shownStatus));
}
