/** The page's message area (`data-testid="error"`): warnings and errors where the person looks. */
export class MessageArea {
  readonly #root: HTMLElement;
  readonly #list: HTMLUListElement;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#list = root.querySelector('ul')!;
    root.querySelector('button')?.addEventListener('click', () => this.clear());
  }

  /** Shows these messages (replacing the ones shown); nothing happens for an empty list. */
  show(messages: readonly string[]): void {
    if (messages.length === 0) return;
    this.#list.replaceChildren(
      ...messages.map((text) => {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }),
    );
    this.#root.hidden = false;
  }

  clear(): void {
    this.#list.replaceChildren();
    this.#root.hidden = true;
  }
}
