/**
 * Every preset of src/core/landscapes typed out as a formula, keyed by preset id. Compiled, each
 * must agree with its preset's f and gradient (tests/unit/expr-presets.test.ts on the CPU, the
 * GPU parity test on WebGPU): the typed path is checked against hand-written code we trust.
 */
export const PRESET_FORMULAS: Readonly<Record<string, string>> = {
  curve: '(x - 3)^2 + 2',
  bowl: 'x^2 + y^2',
  ravine: 'x^2/2 + 25*y^2',
  saddle: 'x^2 - y^2',
  rosenbrock: '(1 - x)^2 + 100*(y - x^2)^2',
  himmelblau: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  rastrigin: '20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)',
  ackley: '-20*exp(-0.2*sqrt((x^2 + y^2)/2)) - exp((cos(2*pi*x) + cos(2*pi*y))/2) + 20 + e',
  beale: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
  booth: '(x + 2*y - 7)^2 + (2*x + y - 5)^2',
  sixhump: '(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (4*y^2 - 4)*y^2',
  styblinski: '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)/2',
  goldstein:
    '(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))' +
    ' * (30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))',
};
