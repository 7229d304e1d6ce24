// The statistics pass: per-group counts and loss sums reduced per workgroup (the CPU finishes the
// sum in f64 from these few partials), plus a fixed sample of balls per group for the medians.
// Dispatch: x = stats.partialsPerGroup workgroups per group, y = the group. The rules are those of
// groupStats in src/core/stats.ts: a diverged ball, or one whose loss is not finite, counts as
// diverged and leaves the loss; a converged ball with a finite loss counts as converged, and in the
// basin of its nearest known minimum when it is within reach of it (slopeNearestMinimum and SLOPE_BASIN_COUNT are generated from
// the landscape's minima by gpu-simulation.ts, like the step pass's slopeNearKnownMinimum).
// The first workgroup also gathers the tracked balls, so they come back in the same readback.

@group(0) @binding(0) var<uniform> stats: StatsParams;
@group(0) @binding(1) var<storage, read> state: array<vec4f>;
@group(0) @binding(2) var<storage, read> aux: array<vec2u>;
@group(0) @binding(3) var<storage, read_write> partials: array<StatsPartial>;
@group(0) @binding(4) var<storage, read_write> samples: array<StatsSample>;
@group(0) @binding(5) var<storage, read> trackedIndices: array<u32>;
@group(0) @binding(6) var<storage, read_write> tracked: array<TrackedBall>;

var<workgroup> lossSums: array<f32, WORKGROUP_SIZE>;
// kept, converged, diverged
var<workgroup> counts: array<vec3u, WORKGROUP_SIZE>;
// Converged balls per basin, over the workgroup. Counts are exact, so atomics (one add per lane
// and basin) replace a tree of 8 more counters per lane; workgroup memory starts zeroed.
var<workgroup> basinCounts: array<atomic<u32>, STATS_MAX_BASINS>;

// Squared distance from position to minimum (one term of slopeNearestMinimum).
fn slopeDistanceSq(position: vec2f, minimum: vec2f) -> f32 {
  let offset = position - minimum;
  return dot(offset, offset);
}

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
  var basins: array<u32, STATS_MAX_BASINS>;
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
      // SLOPE_BASIN_COUNT itself means out of reach of every known minimum: settled elsewhere.
      let basin = slopeNearestMinimum(position);
      if (basin < SLOPE_BASIN_COUNT) {
        basins[basin]++;
      }
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

  for (var basin = 0u; basin < SLOPE_BASIN_COUNT; basin++) {
    if (basins[basin] > 0u) {
      atomicAdd(&basinCounts[basin], basins[basin]);
    }
  }
  if (workgroup.x == 0u && group == 0u) {
    for (var k = lane; k < stats.trackedCount; k += WORKGROUP_SIZE) {
      let index = trackedIndices[k];
      // setTracked checks the indices; this keeps a stale one from reading past the balls.
      if (index < arrayLength(&state)) {
        tracked[k] = TrackedBall(state[index], aux[index].x & 0xffu);
      }
    }
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
    var basinTotals: array<u32, STATS_MAX_BASINS>;
    for (var basin = 0u; basin < STATS_MAX_BASINS; basin++) {
      basinTotals[basin] = atomicLoad(&basinCounts[basin]);
    }
    partials[group * stats.partialsPerGroup + workgroup.x] =
      StatsPartial(lossSums[0], total.x, total.y, total.z, basinTotals);
  }
}
