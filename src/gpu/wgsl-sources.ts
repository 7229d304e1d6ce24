/**
 * The WebGPU backend's shader sources: how a pass's module is put together (the landscape's WGSL,
 * the limits, common.wgsl, the pass's own file and the parts generated here from the landscape's
 * minima and the schedules' polynomial), and its compilation with errors that name their part.
 */
import commonSource from '../../shaders/common.wgsl?raw';
import type { Domain, Landscape } from '../core/landscape.ts';
import { basinRadiusSq, minimaCoordinates } from '../core/stats.ts';
import { turnSinOverRWgsl } from '../core/turn-trig.ts';
import { wgslDeclarations } from './layout.ts';

/**
 * Compiles landscape WGSL + the generated limits + common.wgsl + the pass's own parts. Compiler
 * errors are thrown (with the part of the source each points into, e.g. `landscape "x" WGSL line
 * 3:7: ...`) instead of surfacing as uncaptured device errors.
 */
export async function compileModule(
  device: GPUDevice,
  pass: 'step' | 'stats',
  landscape: Landscape,
  passParts: readonly { readonly name: string; readonly code: string }[],
): Promise<GPUShaderModule> {
  const parts = [
    { name: `landscape "${landscape.id}" WGSL`, code: landscape.wgsl },
    { name: 'the limits and structs of src/gpu/layout.ts', code: wgslDeclarations() },
    { name: 'shaders/common.wgsl', code: commonSource },
    ...passParts,
  ];
  device.pushErrorScope('validation');
  const module = device.createShaderModule({
    label: `slope ${pass} shader (${landscape.id})`,
    code: parts.map((part) => part.code).join('\n'),
  });
  // Popped before any await, so concurrent compiles cannot pop each other's scope.
  const scope = device.popErrorScope();
  const [info, scopeError] = await Promise.all([module.getCompilationInfo(), scope]);
  const errors = info.messages.filter((message) => message.type === 'error');
  if (errors.length === 0 && !scopeError) return module;
  const where = (line: number): string => {
    let first = 1;
    for (const part of parts) {
      const lines = part.code.split('\n').length;
      if (line < first + lines) return `${part.name} line ${line - first + 1}`;
      first += lines;
    }
    return `line ${line}`;
  };
  const text = errors.map((error) => `${where(error.lineNum)}:${error.linePos}: ${error.message}`);
  if (text.length === 0) text.push(scopeError!.message);
  throw new Error(`webgpu: the ${pass} shader for "${landscape.id}" does not compile:\n${text.join('\n')}`);
}

/**
 * `slopeCosineFactor(step, period, quarterTurns)` for step.wgsl: cosineFactor of schedule.ts in
 * f32, the same form (one sine, of at most π/4, from the turn polynomial of turn-trig.ts, so no
 * argument reduction), `quarterTurns` = 1 / (4 period). f32(step) is exact: step < period <= 2^24
 * (MAX_SCHEDULE_STEPS) wherever it matters. Generated for the polynomial's coefficients; cheaper on
 * SwiftShader than a per-step table of rates (a load inside the step loop halved its throughput).
 */
export function cosineFactorWgsl(): string {
  return `fn slopeCosineFactor(step: u32, period: u32, quarterTurns: f32) -> f32 {
  let done = f32(step);
  let left = f32(period) - done;
  let r = min(done, left) * quarterTurns;
  let r2 = r * r;
  let sine = r * (${turnSinOverRWgsl('r2')});
  let sineSq = sine * sine;
  return select(select(sineSq, 1.0 - sineSq, done <= left), 0.0, step >= period);
}
`;
}

/**
 * `slopeNearestMinimum(position)` and `SLOPE_BASIN_COUNT` for stats.wgsl: the index of the known
 * minimum nearest to the ball, the first on a tie, or SLOPE_BASIN_COUNT when that one is out of
 * reach (nearestMinimum and basinRadiusSq of src/core/stats.ts), with the minima as float32
 * constants. SLOPE_BASIN_COUNT is 0 when the landscape lists none (then nothing is counted).
 */
export function nearestMinimumWgsl(landscape: Landscape, domain: Domain): string {
  const reachSq = basinRadiusSq(minimaCoordinates(landscape.minima), domain);
  const lines = [
    `// Generated from the known minima of "${landscape.id}" (nearestMinimumWgsl, wgsl-sources.ts).`,
    `const SLOPE_BASIN_COUNT: u32 = ${landscape.minima.length}u;`,
    `const SLOPE_BASIN_REACH_SQ: f32 = ${wgslFloat(reachSq)};`,
    'fn slopeNearestMinimum(position: vec2f) -> u32 {',
    '  var best = 0u;',
  ];
  landscape.minima.forEach((minimum, k) => {
    const distance = `slopeDistanceSq(position, vec2f(${wgslFloat(minimum.x)}, ${wgslFloat(minimum.y)}))`;
    if (k === 0) {
      lines.push(`  var bestSq = ${distance};`);
      return;
    }
    lines.push(
      `  let distanceSq${k} = ${distance};`,
      `  if (distanceSq${k} < bestSq) {`,
      `    best = ${k}u;`,
      `    bestSq = distanceSq${k};`,
      '  }',
    );
  });
  lines.push(
    landscape.minima.length > 0
      ? '  return select(SLOPE_BASIN_COUNT, best, bestSq <= SLOPE_BASIN_REACH_SQ);'
      : '  return SLOPE_BASIN_COUNT;',
    '}',
    '',
  );
  return lines.join('\n');
}

/** A float32 WGSL literal of `value` (always with a `.` or an exponent, so it types as f32). */
function wgslFloat(value: number): string {
  const text = String(Math.fround(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * `slopeNearKnownMinimum(position, toleranceSq)` for step.wgsl: whether the ball is within the
 * tolerance of one of the landscape's known minima (the loop of looksSettled, status.ts), with
 * the minima as float32 constants. Every term is evaluated (`|`, not `||`): no branches.
 */
export function knownMinimaWgsl(landscape: Landscape): string {
  const terms = landscape.minima.map(
    (minimum) =>
      `slopeWithin(position, vec2f(${wgslFloat(minimum.x)}, ${wgslFloat(minimum.y)}), toleranceSq)`,
  );
  return [
    `// Generated from the known minima of "${landscape.id}" (knownMinimaWgsl, wgsl-sources.ts).`,
    'fn slopeNearKnownMinimum(position: vec2f, toleranceSq: f32) -> bool {',
    `  return ${terms.length > 0 ? terms.join(' |\n    ') : 'false'};`,
    '}',
    '',
  ].join('\n');
}
