import { definePreset } from './define.ts';

/**
 * The six-hump camel: two global minima, two shallower local ones and two high ones. Minima found
 * with 50-digit Newton iteration (the often-quoted 0.08984201368301331 is off by about 6e-10).
 */
export const sixhump = definePreset({
  id: 'sixhump',
  name: 'Six-hump camel',
  formula: '(4 - 2.1x^2 + x^4/3)x^2 + xy + (4y^2 - 4)y^2',
  expression: '4*x^2 - 2.1*x^4 + x^6/3 + x*y - 4*y^2 + 4*y^4',
  domain: { xMin: -3, xMax: 3, yMin: -2, yMax: 2 },
  minima: [
    { x: 0.08984201310031806, y: -0.7126564030207396, value: -1.0316284534898774, global: true },
    { x: -0.08984201310031806, y: 0.7126564030207396, value: -1.0316284534898774, global: true },
    { x: 1.703606714969981, y: -0.7960835686726251, value: -0.2154638243837184, global: false },
    { x: -1.703606714969981, y: 0.7960835686726251, value: -0.2154638243837184, global: false },
    { x: 1.6071047529201974, y: 0.5686514548841314, value: 2.1042503103112575, global: false },
    { x: -1.6071047529201974, y: -0.5686514548841314, value: 2.1042503103112575, global: false },
  ],
  learningRate: 0.002,
  logHeight: false,
  gradientTolerance: 1e-3,
});
