import { t } from '../i18n/index.ts';

/**
 * `embed=1`: the view's only controls, for a slide or a blog post: a play/pause button and a link
 * that opens the same view in the full app (the address without `embed`).
 */
export class EmbedBar {
  readonly element: HTMLElement;
  readonly #button: HTMLButtonElement;
  readonly #link: HTMLAnchorElement;

  constructor(parent: HTMLElement, togglePlay: () => void) {
    this.element = document.createElement('nav');
    this.element.className = 'embed-bar';
    this.element.setAttribute('aria-label', 'Slope');
    this.#button = document.createElement('button');
    this.#button.type = 'button';
    this.#button.className = 'embed-play';
    this.#button.dataset.testid = 'embed-play';
    this.#button.addEventListener('click', togglePlay);
    this.#link = document.createElement('a');
    this.#link.className = 'embed-open';
    this.#link.dataset.testid = 'embed-open';
    this.#link.textContent = t('embed.open');
    this.#link.target = '_blank';
    this.#link.rel = 'noopener';
    this.element.append(this.#button, this.#link);
    parent.append(this.element);
  }

  /** The button shows what a press does; `href` is the full app's address for the same view. */
  update(paused: boolean, href: string): void {
    const label = t(paused ? 'action.play' : 'action.pause');
    this.#button.setAttribute('aria-label', label);
    this.#button.title = t('embed.play-key', { action: label });
    this.#button.textContent = paused ? '▶' : '❚❚';
    this.#button.dataset.paused = String(paused);
    this.#link.href = href;
  }
}
