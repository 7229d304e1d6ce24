/**
 * The shared structs' layouts (src/gpu/structs.ts) follow WGSL's alignment rules: the sizes the
 * shaders have always had, offsets where WGSL puts them, and the WGSL printed from the same tables.
 */
import { describe, expect, it } from 'vitest';
import { MAX_GROUPS } from '../../src/core/group-limit.ts';
import { MAX_BASINS } from '../../src/core/stats.ts';
import {
  GROUP_PARAMS_STRUCT,
  STATS_PARTIAL_STRUCT,
  STATS_SAMPLE_STRUCT,
  STEP_PARAMS_STRUCT,
  structLayout,
  structsWgsl,
  TRACKED_BALL_STRUCT,
  wordOffsets,
} from '../../src/gpu/structs.ts';

describe('gpu structs', () => {
  it('lay out as WGSL does', () => {
    expect(structLayout(GROUP_PARAMS_STRUCT).size).toBe(64);
    // The vec2f of counters aligns to 8, the array of vec4f to 16.
    expect(wordOffsets(GROUP_PARAMS_STRUCT)).toMatchObject({ counters: 6, values: 8 });
    expect(structLayout(STEP_PARAMS_STRUCT).size).toBe(64 + 64 * MAX_GROUPS);
    expect(wordOffsets(STEP_PARAMS_STRUCT)).toMatchObject({ escape: 8, domain: 12, groups: 16 });
    expect(structLayout(STATS_PARTIAL_STRUCT).size).toBe(16 + 4 * MAX_BASINS);
    // A struct of three 4-byte fields: 12 bytes, stride 12.
    expect(structLayout(STATS_SAMPLE_STRUCT).size).toBe(12);
    // The vec4f sets the alignment: 12 bytes of padding after status.
    expect(structLayout(TRACKED_BALL_STRUCT)).toMatchObject({ size: 32, align: 16 });
  });

  it('prints every struct with its fields, each struct before its use', () => {
    const wgsl = structsWgsl();
    expect(wgsl).toContain('struct GroupParams {\n');
    expect(wgsl).toContain(`  groups: array<GroupParams, ${MAX_GROUPS}>,`);
    expect(wgsl.indexOf('struct GroupParams')).toBeLessThan(wgsl.indexOf('struct StepParams'));
    expect(wgsl).toContain('  values: array<vec4f, 2>,');
  });
});
