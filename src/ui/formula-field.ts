/**
 * The formula field at the top of the panel: type your own f(x, y) (or f(x)). It checks the text
 * as you type (debounced) and shows a mistake right under the field, marked in the text; Enter or
 * leaving the field applies a formula that compiles (an empty field goes back to the preset); a
 * formula that does not compile is never applied, so the last good landscape keeps running. A
 * list of examples fills the field and applies at once. Under the field, small: the derivatives
 * the compiler found, so a person can see what the balls are following. Formulas stay as typed
 * (left to right) on a Hebrew page; the words around them are in the page's language.
 */
import { compileSafely } from '../core/custom-landscape.ts';
import type { CompileResult } from '../core/expr/index.ts';
import { EXPRESSION_FUNCTIONS } from '../core/expr/index.ts';
import { describeExpressionError, errorExcerpt } from '../core/expression-message.ts';
import { type StringKey, t, translate } from '../i18n/index.ts';
import { ltr, ltrElement } from './bidi.ts';

export interface FormulaFieldActions {
  /** A formula that compiles, to run; null to go back to the preset. */
  apply(text: string | null): void;
  /** The field's current mistake for the page's message area, or null once it is fixed. */
  problem(message: string | null): void;
}

/**
 * Picked from the examples list: the label's key and the formula. `formula` is a formula that the
 * label names (its `{formula}` mark), kept as written in either language.
 */
export const FORMULA_EXAMPLES: readonly {
  readonly label: StringKey;
  readonly text: string;
  readonly formula?: string;
}[] = [
  { label: 'formula.example.curve', text: '(x-3)^2+2' },
  { label: 'formula.example.ripples', text: 'x^2+3*sin(y)' },
  { label: 'formula.example.egg-crate', text: 'sin(x)*cos(y)+0.1*(x^2+y^2)' },
  { label: 'formula.example.rosenbrock', text: '(1-x)^2+100*(y-x^2)^2' },
  { label: 'formula.example.two-valleys', text: 'x^4-8*x^2+y^2+x' },
  { label: 'formula.example.hole', text: 'log(x)+y^2', formula: 'x ≤ 0' },
  { label: 'formula.example.cone', text: 'sqrt(x^2+y^2)' },
];

/** An example's label in the current language. */
export function exampleLabel(example: (typeof FORMULA_EXAMPLES)[number]): string {
  return t(example.label, example.formula ? { formula: ltr(example.formula) } : undefined);
}

/** Quiet time after the last key before the text is checked. */
const CHECK_DELAY_MS = 250;

export class FormulaField {
  /** The field's block, to be placed in the panel. */
  readonly element: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #error: HTMLElement;
  readonly #derivative: HTMLElement;
  readonly #actions: FormulaFieldActions;
  /** The formula running now (null: a preset); the field goes back to it on Escape. */
  #applied: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(actions: FormulaFieldActions) {
    this.#actions = actions;
    const root = document.createElement('div');
    root.className = 'formula';
    const label = document.createElement('label');
    label.className = 'formula-label';
    label.htmlFor = 'formula-input';
    label.textContent = t('formula.label', { f2: ltr('f(x, y)'), f1: ltr('f(x)') });
    label.title = t('formula.label-title', {
      symbols: ltr('x, y, pi, e, + - * / ^ ( )'),
      functions: ltr(EXPRESSION_FUNCTIONS.map((entry) => entry.name).join(', ')),
    });

    // A formula reads left to right in either language.
    const input = ltrElement(document.createElement('input'));
    input.id = 'formula-input';
    input.type = 'text';
    input.className = 'formula-input';
    input.spellcheck = false;
    input.autocomplete = 'off';
    input.placeholder = t('formula.placeholder', { example: ltr('x^2+3*sin(y)') });
    input.dataset.testid = 'formula';
    input.setAttribute('aria-describedby', 'formula-error formula-derivative');

    const examples = document.createElement('select');
    examples.className = 'formula-examples';
    examples.dataset.testid = 'formula-examples';
    examples.setAttribute('aria-label', t('formula.examples-label'));
    examples.append(new Option(t('formula.examples'), ''));
    for (const example of FORMULA_EXAMPLES) {
      examples.append(new Option(`${exampleLabel(example)}: ${ltr(example.text)}`, example.text));
    }

    const row = document.createElement('div');
    row.className = 'formula-row';
    row.append(input, examples);

    const error = document.createElement('div');
    error.id = 'formula-error';
    error.className = 'formula-error';
    error.dataset.testid = 'formula-error';
    error.setAttribute('role', 'status');
    error.hidden = true;

    const derivative = ltrElement(document.createElement('div'));
    derivative.id = 'formula-derivative';
    derivative.className = 'formula-derivative';
    derivative.dataset.testid = 'formula-derivative';

    root.append(label, row, error, derivative);
    this.element = root;
    this.#input = input;
    this.#error = error;
    this.#derivative = derivative;

    input.addEventListener('input', () => this.#scheduleCheck());
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.#commit();
      } else if (event.key === 'Escape') {
        // Back to what runs; the page's own Escape (stop inspecting) is not for the field.
        event.stopPropagation();
        this.#revert();
      }
    });
    // Leaving the field after an edit applies it, as Enter does.
    input.addEventListener('change', () => this.#commit());
    examples.addEventListener('change', () => {
      const text = examples.value;
      examples.value = '';
      if (text === '') return;
      input.value = text;
      this.#commit();
    });
  }

  /**
   * Shows the formula that runs now (null: a preset runs, the field is empty). Text being typed
   * stays while the formula that runs is the same: the panel reflects every state change here.
   */
  setText(text: string | null): void {
    if (text === this.#applied) return;
    this.#applied = text;
    this.#revert();
  }

  /** Puts the cursor in the field, to type a formula. */
  focus(): void {
    this.#input.focus();
  }

  /** The field back to the formula that runs, with no mistake on show. */
  #revert(): void {
    this.#cancelCheck();
    const text = this.#applied;
    this.#input.value = text ?? '';
    const result = text === null ? null : compileSafely(text);
    this.#show(result);
    this.#actions.problem(null);
  }

  #scheduleCheck(): void {
    this.#cancelCheck();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#check();
    }, CHECK_DELAY_MS);
  }

  #cancelCheck(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Checks the text as typed, without applying it. */
  #check(): CompileResult | null {
    const text = this.#input.value;
    const result = text.trim() === '' ? null : compileSafely(text);
    this.#show(result);
    this.#actions.problem(
      result && !result.ok ? translate(describeExpressionError(text, result.error)) : null,
    );
    return result;
  }

  /** Applies the text when it compiles (or is empty); a mistake stays on show and runs nothing. */
  #commit(): void {
    this.#cancelCheck();
    const text = this.#input.value;
    const result = this.#check();
    if (result !== null && !result.ok) return;
    const next = result === null ? null : text;
    if (next === this.#applied) return;
    this.#applied = next;
    this.#actions.apply(next);
  }

  /** The mistake (marked in the text) or the derivatives under the field. */
  #show(result: CompileResult | null): void {
    const text = this.#input.value;
    this.#input.classList.toggle('invalid', result !== null && !result.ok);
    this.#input.setAttribute('aria-invalid', String(result !== null && !result.ok));
    if (result === null) {
      this.#error.hidden = true;
      this.#derivative.textContent = '';
      this.#derivative.title = '';
      return;
    }
    if (!result.ok) {
      const { before, marked, after } = errorExcerpt(text, result.error);
      const excerpt = ltrElement(document.createElement('code'));
      excerpt.className = 'formula-excerpt';
      const mark = document.createElement('mark');
      mark.textContent = marked;
      excerpt.append(before, mark, after);
      const message = document.createElement('span');
      message.className = 'formula-message';
      message.textContent = t('formula.error-at', {
        message: translate(result.error.message),
        position: result.error.position,
      });
      this.#error.replaceChildren(excerpt, message);
      this.#error.hidden = false;
      this.#derivative.textContent = '';
      this.#derivative.title = '';
      return;
    }
    this.#error.hidden = true;
    const expression = result.expression;
    const [dx, dy] = expression.derivativeText;
    const lines = expression.dimensions === 1 ? [`f′(x) = ${dx}`] : [`∂f/∂x = ${dx}`, `∂f/∂y = ${dy}`];
    this.#derivative.replaceChildren(
      ...lines.map((line) => {
        const row = document.createElement('div');
        row.textContent = line;
        return row;
      }),
    );
    // Each line is cut to the panel's width; the whole of both is in the tooltip.
    this.#derivative.title = lines.map(ltr).join('\n');
  }
}
