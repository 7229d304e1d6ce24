/**
 * The inspector: a small panel with the numbers of the ball picked in the view (its optimizer's
 * inside), fed with each report's `inspected`. Hidden while no ball is inspected. Values the
 * engine cannot give as finite numbers (a diverged ball's loss) read "—", never NaN. Numbers and
 * formulas read left to right on a Hebrew page too.
 */
import { GROUP_COLORS } from '../core/group-colors.ts';
import type { InspectedBall } from '../engine/protocol.ts';
import { type StringKey, t } from '../i18n/index.ts';
import { GRADIENT_ARROW_COLOR, VELOCITY_ARROW_COLOR } from '../render/inspect-colors.ts';
import { ltr, ltrElement } from './bidi.ts';
import { optimizerLabel } from './group-model.ts';

const MISSING = '—';

/**
 * A number for people: 4 significant digits, scientific notation when very small or large,
 * "—" when not finite.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const [mantissa = '', exponent = ''] = value.toExponential(2).split('e');
    return `${mantissa}e${exponent.replace('+', '')}`;
  }
  // Number() drops the trailing zeros toPrecision keeps.
  return String(Number(value.toPrecision(4)));
}

/** A vector as "(x, y)". */
export function formatPair(pair: readonly [number, number] | null): string {
  return pair === null ? MISSING : `(${formatNumber(pair[0])}, ${formatNumber(pair[1])})`;
}

type Field =
  | 'title'
  | 'status'
  | 'optimizer'
  | 'step'
  | 'position'
  | 'loss'
  | 'gradient'
  | 'steepness'
  | 'velocity'
  | 'next-step';

/** The fields that show a number or a vector: left to right in either language. */
const NUMERIC: ReadonlySet<Field> = new Set<Field>([
  'step',
  'position',
  'loss',
  'gradient',
  'steepness',
  'velocity',
  'next-step',
]);

const STATUS_KEYS: Readonly<Record<InspectedBall['status'], StringKey>> = {
  active: 'inspector.status.active',
  converged: 'inspector.status.converged',
  diverged: 'inspector.status.diverged',
};

export class Inspector {
  /** The panel; `data-testid="inspector"`, hidden while nothing is inspected. */
  readonly element: HTMLElement;
  readonly #fields = new Map<Field, HTMLElement>();
  readonly #swatch: HTMLElement;
  readonly #velocityRow: HTMLElement[];

  /**
   * Builds the panel at the end of `container`.
   * @param onClose called by the panel's close button (stop inspecting: `api.inspect(null)`).
   */
  constructor(container: HTMLElement, onClose?: () => void) {
    const doc = container.ownerDocument;
    const root = doc.createElement('section');
    root.className = 'inspector';
    root.dataset.testid = 'inspector';
    root.setAttribute('aria-label', t('inspector.label'));
    root.hidden = true;

    const header = doc.createElement('header');
    header.className = 'inspector-header';
    this.#swatch = doc.createElement('span');
    this.#swatch.className = 'swatch';
    const title = this.#value(doc, 'title', 'strong');
    const status = this.#value(doc, 'status', 'span');
    status.className = 'inspector-status';
    // Only the status is announced: the numbers change at every report, and a screen reader
    // reading them all would never stop.
    status.setAttribute('aria-live', 'polite');
    header.append(this.#swatch, title, ' ', status);
    if (onClose) {
      const close = doc.createElement('button');
      close.type = 'button';
      close.className = 'inspector-close';
      close.setAttribute('aria-label', t('inspector.close'));
      close.textContent = '×';
      close.addEventListener('click', () => onClose());
      header.append(close);
    }

    const list = doc.createElement('dl');
    list.className = 'inspector-grid';
    /** A label, with its formula (`f(x, y)`) kept as written after it. */
    const row = (label: string, field: Field, color?: string, formula?: string): HTMLElement[] => {
      const term = doc.createElement('dt');
      if (color) {
        // The arrow's colour in the view, as a legend.
        const key = doc.createElement('span');
        key.className = 'inspector-arrow';
        key.style.background = color;
        term.append(key);
      }
      term.append(label);
      if (formula) {
        const symbol = ltrElement(doc.createElement('span'));
        symbol.textContent = formula;
        term.append(' ', symbol);
      }
      const value = this.#value(doc, field, 'dd');
      list.append(term, value);
      return [term, value];
    };
    row(t('inspector.optimizer'), 'optimizer');
    row(t('inspector.step'), 'step');
    row(t('inspector.position'), 'position', undefined, '(x, y)');
    row(t('inspector.loss'), 'loss', undefined, 'f(x, y)');
    row(t('inspector.gradient'), 'gradient', undefined, '∇f');
    row(t('inspector.steepness'), 'steepness', GRADIENT_ARROW_COLOR, '|∇f|');
    this.#velocityRow = row(t('inspector.velocity'), 'velocity', VELOCITY_ARROW_COLOR);
    row(t('inspector.next-step'), 'next-step');

    const hint = doc.createElement('p');
    hint.className = 'inspector-hint';
    hint.textContent = t('inspector.hint');
    root.append(header, list, hint);
    container.append(root);
    this.element = root;
  }

  update(info: InspectedBall | null): void {
    this.element.hidden = info === null;
    if (info === null) return;
    this.#swatch.style.background = GROUP_COLORS[info.group] ?? '#ffffff';
    this.#set('title', t('inspector.title', { group: info.group, ball: info.ball }));
    this.#set('status', t(STATUS_KEYS[info.status]));
    this.#fields.get('status')!.dataset.status = info.status;
    this.#set(
      'optimizer',
      t('inspector.optimizer-value', {
        optimizer: optimizerLabel(info.optimizer),
        rate: ltr(formatNumber(info.learningRate)),
      }),
    );
    this.#set('step', Number.isFinite(info.step) ? String(info.step) : MISSING);
    this.#set('position', formatPair([info.x, info.y]));
    this.#set('loss', formatNumber(info.loss));
    this.#set('gradient', formatPair(info.gradient));
    this.#set('steepness', formatNumber(info.steepness));
    this.#set('velocity', formatPair(info.velocity));
    for (const cell of this.#velocityRow) cell.hidden = info.velocity === null;
    this.#set('next-step', formatPair(info.nextStep));
  }

  #value<K extends 'strong' | 'span' | 'dd'>(doc: Document, field: Field, tag: K): HTMLElementTagNameMap[K] {
    const element = doc.createElement(tag);
    if (NUMERIC.has(field)) ltrElement(element);
    element.dataset.testid = `inspector-${field}`;
    element.textContent = MISSING;
    this.#fields.set(field, element);
    return element;
  }

  #set(field: Field, text: string): void {
    const element = this.#fields.get(field);
    if (element && element.textContent !== text) element.textContent = text;
  }
}
