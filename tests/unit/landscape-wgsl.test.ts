/**
 * Shape of every preset's WGSL, checked as text: it must define `f` and `gradient` once each with
 * the documented signatures, and nothing else at module scope except helpers named `<id>_...`
 * (written by hand) or `slopeExpr...` (the compiler's), so that it cannot clash with the shaders'
 * own names.
 * Whether the formulas agree with the TypeScript is checked on a GPU in
 * tests/browser/landscape-wgsl.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/landscapes/index.ts';

/** The source without comments (line and, possibly nested, block comments). */
function stripComments(source: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const two = source.slice(i, i + 2);
    if (two === '/*') {
      depth++;
      i++;
    } else if (depth > 0 && two === '*/') {
      depth--;
      i++;
    } else if (depth === 0 && two === '//') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
    } else if (depth === 0) {
      out += source[i];
    }
  }
  return out;
}

/** The text outside every brace pair: declarations' headers, never function bodies. */
function moduleScope(source: string): string {
  let out = '';
  let depth = 0;
  for (const char of source) {
    if (char === '{') depth++;
    if (depth === 0) out += char;
    else out += char === '\n' ? '\n' : ' ';
    if (char === '}') depth--;
    if (depth < 0) throw new Error('unbalanced braces');
  }
  if (depth !== 0) throw new Error('unbalanced braces');
  return out;
}

const DECLARATION = /\b(fn|const|var|let|override|struct|alias)\s+([A-Za-z_]\w*)/g;
const DIRECTIVE = /\b(enable|requires|diagnostic)\b/;

describe.each(PRESETS.map((preset) => [preset.id, preset] as const))('%s', (id, landscape) => {
  const source = stripComments(landscape.wgsl);

  it('defines f and gradient exactly once, with the documented signatures', () => {
    expect(source.match(/\bfn\s+f\s*\(/g)).toHaveLength(1);
    expect(source.match(/\bfn\s+gradient\s*\(/g)).toHaveLength(1);
    expect(source).toMatch(/\bfn\s+f\s*\(\s*\w+\s*:\s*f32\s*,\s*\w+\s*:\s*f32\s*,?\s*\)\s*->\s*f32\s*\{/);
    expect(source).toMatch(
      /\bfn\s+gradient\s*\(\s*\w+\s*:\s*f32\s*,\s*\w+\s*:\s*f32\s*,?\s*\)\s*->\s*vec2(f|<f32>)\s*\{/,
    );
  });

  it('declares nothing else at module scope but <id>_ helpers, and no directives', () => {
    const scope = moduleScope(source);
    const names = [...scope.matchAll(DECLARATION)].map((match) => match[2]!);
    expect(names.filter((name) => name === 'f' || name === 'gradient').sort()).toEqual(['f', 'gradient']);
    const prefix = `${id.replace(/-/g, '_')}_`;
    for (const name of names.filter((name) => name !== 'f' && name !== 'gradient')) {
      const own = name.startsWith(prefix) && name.length > prefix.length;
      expect(own || /^slopeExpr\w+$/.test(name), `helper ${name} in ${id}`).toBe(true);
    }
    // Everything at module scope is a function (helpers are functions too): no stray statements.
    const leftover = scope.replace(/\bfn\s+\w+\s*\([^)]*\)\s*(->\s*[\w<>]+\s*)?/g, '').trim();
    expect(leftover, `unexpected module-scope text in ${id}`).toBe('');
    expect(source).not.toMatch(DIRECTIVE);
    expect(source).not.toMatch(/\bf16\b/);
  });

  it('has no unfilled template placeholders', () => {
    // In the code, not the comments (the compiler's helpers talk about NaN).
    expect(source).not.toMatch(/\$\{|undefined|\bNaN\b/);
  });
});
