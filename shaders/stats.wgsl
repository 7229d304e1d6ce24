// The statistics pass: per-group counts and loss sums reduced per workgroup (the CPU finishes the
// sum in f64 from these few partials), plus a fixed sample of balls per group for the medians.
// Dispatch: x = stats.partialsPerGroup workgroups per group, y = the group. The rules are those of
// groupStats in src/core/stats.ts: a diverged ball, or one whose loss is not finite, counts as
// diverged and leaves the loss; a converged ball with a finite loss counts as converged.

@group(0) @binding(0) var<uniform> stats: StatsParams;
@group(0) @binding(1) var<storage, read> state: array<vec4f>;
@group(0) @binding(2) var<storage, read> aux: array<vec2u>;
@group(0) @binding(3) var<storage, read_write> partials: array<StatsPartial>;
@group(0) @binding(4) var<storage, read_write> samples: array<StatsSample>;

var<workgroup> lossSums: array<f32, WORKGROUP_SIZE>;
// kept, converged, diverged
var<workgroup> counts: array<vec3u, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(
  @builtin(local_invocation_index) lane: u32,
  @builtin(workgroup_id) workgroup: vec3u,
) {
  let group = workgroup.y;
  let first = group * stats.perGroup;
  let stride = WORKGROUP_SIZE * stats.partialsPerGroup;

  // Each lane sums a strided share of its group (a few hundred balls at most at 4M balls).
  var lossSum = 0.0;
  var tally = vec3u(0u);
  for (var j = workgroup.x * WORKGROUP_SIZE + lane; j < stats.perGroup; j += stride) {
    let index = first + j;
    let status = aux[index].x & 0xffu;
    if (status == STATUS_DIVERGED) {
      tally.z++;
      continue;
    }
    let position = state[index].xy;
    let loss = f(position.x, position.y);
    if (!slopeIsFinite(loss)) {
      tally.z++;
      continue;
    }
    if (status == STATUS_CONVERGED) {
      tally.y++;
    }
    tally.x++;
    lossSum += loss;
  }

  // The same lanes also write this group's sample, spread over its workgroups.
  for (var k = workgroup.x * WORKGROUP_SIZE + lane; k < stats.sampleSize; k += stride) {
    let index = first + slopeSampleIndex(k, stats.perGroup, stats.sampleSize);
    let flags = aux[index];
    let position = state[index].xy;
    let status = flags.x & 0xffu;
    var loss = 0.0;
    if (status != STATUS_DIVERGED) {
      loss = f(position.x, position.y);
    }
    samples[group * stats.sampleSize + k] = StatsSample(loss, status, flags.y);
  }

  lossSums[lane] = lossSum;
  counts[lane] = tally;
  workgroupBarrier();
  // Tree reduction; WORKGROUP_SIZE is a power of two (checked in layout.ts).
  for (var half = WORKGROUP_SIZE / 2u; half > 0u; half /= 2u) {
    if (lane < half) {
      lossSums[lane] += lossSums[lane + half];
      counts[lane] += counts[lane + half];
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    let total = counts[0];
    partials[group * stats.partialsPerGroup + workgroup.x] =
      StatsPartial(lossSums[0], total.x, total.y, total.z);
  }
}
