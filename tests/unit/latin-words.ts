/**
 * What may stay in Latin letters in the Hebrew interface: names of people and algorithms, of
 * programs and file formats, variables and formulas, and key names printed on keyboards. Any
 * other Latin word in Hebrew text is an untranslated string. Shared by the string-table unit test
 * and the whole-page Hebrew test.
 */
import { OPTIMIZERS } from '../../src/core/optimizers/index.ts';
import { URL_PARAMETERS } from '../../src/core/url-parse.ts';
import { isStringKey } from '../../src/i18n/index.ts';

export const LATIN_ALLOWED: ReadonlySet<string> = new Set([
  // the app and the web platform
  'Slope',
  'WebGPU',
  'WebGL',
  'WebGL2',
  'webgl2',
  'webgpu',
  'GPU',
  'CPU',
  'JS',
  'JavaScript',
  'WebAssembly',
  'SIMD',
  // the headers and the policy a page needs for threads, and the keyword that allows WebAssembly
  'COOP',
  'COEP',
  'Content',
  'Security',
  'Policy',
  'wasm',
  'unsafe',
  'eval',
  'OffscreenCanvas',
  'Chrome',
  'Edge',
  'Firefox',
  'Safari',
  'three',
  'js',
  'PNG',
  'WebM',
  'WebCodecs',
  'VP9',
  'VP8',
  'CSV',
  'SwiftShader',
  'swiftshader',
  'google',
  'Google',
  // language names are written in their own language
  'English',
  // optimizers with a proper name (from their modules, below) and landscapes named after people
  'Ackley',
  'Beale',
  'Booth',
  'Goldstein',
  'Price',
  'Himmelblau',
  'Rastrigin',
  'Rosenbrock',
  'Styblinski',
  'Tang',
  // variables, functions and constants of formulas (a model's parameters w and b too)
  'x',
  'y',
  'w',
  'b',
  'v',
  'f',
  'e',
  'pi',
  'sin',
  'cos',
  'tan',
  'exp',
  'expm1',
  'log',
  'sqrt',
  'abs',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'log2',
  'log10',
  'sign',
  'min',
  'max',
  'pow',
  'floor',
  'ceil',
  'round',
  // the rate's key in the address
  'lr',
  // Every optimizer's id, as the `groups` list is typed (`gd:0.1 adam:0.05`), its settings'
  // keys (Greek-letter symbols, also the address's keys) and its proper name where the string
  // tables have no word for it (Adam, Lion; not "Gradient descent").
  ...OPTIMIZERS.flatMap((optimizer) => [
    optimizer.id,
    ...Object.keys(optimizer.params),
    ...(isStringKey(`optimizer.full.${optimizer.id}`) ? [] : latinWords(optimizer.name)),
  ]),
  // URL parameter names (and a group's noise= and schedule=), quoted as code in the warnings
  // about the address (`fn=nope: …`)
  ...URL_PARAMETERS,
  'noise',
  'schedule',
  // URL parameter names (and a group's noise=, batch= and schedule=), and models quoted as code
  'batch',
  'line',
  // units and SI prefixes of the HUD's figures (15.6k, 2.1 kB/s)
  'k',
  'M',
  'G',
  'B',
  'kB',
  'MB',
  // keys
  'r',
  'Esc',
  'Enter',
  'Shift',
]);

/** The runs of Latin letters in a text (digits, symbols and `{marks}` for values are not words). */
export function latinWords(text: string): string[] {
  return text.replace(/\{\w+\}/g, ' ').match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
}
