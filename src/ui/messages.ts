/** The page's message area (`data-testid="error"`): warnings and errors where the person looks. */
export class MessageArea {
  readonly #root: HTMLElement;
  readonly #list: HTMLUListElement;
  /** Who put up the messages shown (see `show`), so that only they take them down again. */
  #source: string | null = null;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#list = root.querySelector('ul')!;
    root.querySelector('button')?.addEventListener('click', () => this.clear());
  }

  /**
   * Shows these messages (replacing the ones shown); nothing happens for an empty list. `source`
   * names who shows them (e.g. the formula field), for `clearFrom`.
   */
  show(messages: readonly string[], source: string | null = null): void {
    if (messages.length === 0) return;
    this.#list.replaceChildren(
      ...messages.map((text) => {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }),
    );
    this.#source = source;
    this.#root.hidden = false;
  }

  clear(): void {
    this.#list.replaceChildren();
    this.#source = null;
    this.#root.hidden = true;
  }

  /** Takes the messages down if `source` put them up: a fixed mistake leaves other news alone. */
  clearFrom(source: string): void {
    if (this.#source === source) this.clear();
  }
}
