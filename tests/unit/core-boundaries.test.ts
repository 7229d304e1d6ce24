/**
 * `src/core` is the engine the page, the worker and Node share: it imports nothing of the page
 * (src/i18n, src/ui, src/render, src/gpu, three, the DOM's libraries) and holds no UI text. What
 * it has to say goes out as codes (src/core/message.ts), and every code it uses is in both
 * string tables, so `translate` never shows a bare code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/landscapes/index.ts';
import { en } from '../../src/i18n/en.ts';
import { he } from '../../src/i18n/he.ts';

const CORE = join(import.meta.dirname, '../../src/core');

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

const files = sources(CORE).map((path) => ({ name: relative(CORE, path), text: readFileSync(path, 'utf8') }));

describe('src/core', () => {
  it('imports nothing of the page', () => {
    const forbidden =
      /from '(\.\.\/)+(i18n|ui|render|gpu|worker|engine)\/|from 'three|from 'comlink|from 'uplot|from 'lil-gui/;
    const offenders = files.filter(({ text }) => forbidden.test(text)).map(({ name }) => name);
    expect(offenders).toEqual([]);
  });

  it('uses only message codes that both string tables hold', () => {
    const codes = new Set<string>();
    for (const { text } of files) {
      for (const match of text.matchAll(/'((?:url|expr)\.[a-z0-9.-]+)'/g)) codes.add(match[1]!);
    }
    // `landscape.<id>`: a preset's name, in a warning that says what is shown instead.
    for (const preset of PRESETS) codes.add(`landscape.${preset.id}`);
    expect(codes.size).toBeGreaterThan(50);
    const missing = [...codes].filter((code) => !Object.hasOwn(en, code) || !Object.hasOwn(he, code));
    expect(missing).toEqual([]);
  });
});
