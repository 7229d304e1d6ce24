/**
 * The formula field at the top of the panel: type your own f(x, y) (or f(x)). It checks the text
 * as you type (debounced) and shows a mistake right under the field, marked in the text; Enter or
 * leaving the field applies a formula that compiles (an empty field goes back to the preset); a
 * formula that does not compile is never applied, so the last good landscape keeps running. A
 * list of examples fills the field and applies at once. Under the field, small: the derivatives
 * the compiler found, so a person can see what the balls are following.
 */
import { compileSafely } from '../core/custom-landscape.ts';
import type { CompileResult } from '../core/expr/index.ts';
import { EXPRESSION_FUNCTIONS } from '../core/expr/index.ts';
import { describeExpressionError, errorExcerpt } from '../core/expression-message.ts';

export interface FormulaFieldActions {
  /** A formula that compiles, to run; null to go back to the preset. */
  apply(text: string | null): void;
  /** The field's current mistake for the page's message area, or null once it is fixed. */
  problem(message: string | null): void;
}

/** Picked from the examples list: label and text. */
export const FORMULA_EXAMPLES: readonly { readonly label: string; readonly text: string }[] = [
  { label: "the chapter's curve", text: '(x-3)^2+2' },
  { label: 'a bowl with ripples', text: 'x^2+3*sin(y)' },
  { label: 'egg crate in a bowl', text: 'sin(x)*cos(y)+0.1*(x^2+y^2)' },
  { label: 'Rosenbrock, typed out', text: '(1-x)^2+100*(y-x^2)^2' },
  { label: 'two valleys', text: 'x^4-8*x^2+y^2+x' },
  { label: 'a hole where x ≤ 0', text: 'log(x)+y^2' },
  { label: 'a cone', text: 'sqrt(x^2+y^2)' },
];

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
    label.textContent = 'type your own f(x, y) or f(x)';
    label.title = `Numbers, x, y, pi, e, + - * / ^ and ( ), and the functions ${EXPRESSION_FUNCTIONS.map(
      (entry) => entry.name,
    ).join(', ')}. Enter applies.`;

    const input = document.createElement('input');
    input.id = 'formula-input';
    input.type = 'text';
    input.className = 'formula-input';
    input.spellcheck = false;
    input.autocomplete = 'off';
    input.placeholder = 'e.g. x^2+3*sin(y), Enter';
    input.dataset.testid = 'formula';
    input.setAttribute('aria-describedby', 'formula-error formula-derivative');

    const examples = document.createElement('select');
    examples.className = 'formula-examples';
    examples.dataset.testid = 'formula-examples';
    examples.setAttribute('aria-label', 'Example formulas');
    examples.append(new Option('examples…', ''));
    for (const example of FORMULA_EXAMPLES) {
      examples.append(new Option(`${example.label}: ${example.text}`, example.text));
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

    const derivative = document.createElement('div');
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
    this.#actions.problem(result && !result.ok ? describeExpressionError(text, result.error) : null);
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
      const excerpt = document.createElement('code');
      excerpt.className = 'formula-excerpt';
      const mark = document.createElement('mark');
      mark.textContent = marked;
      excerpt.append(before, mark, after);
      const message = document.createElement('span');
      message.className = 'formula-message';
      message.textContent = `${result.error.message} (at ${result.error.position})`;
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
    this.#derivative.title = lines.join('\n');
  }
}
