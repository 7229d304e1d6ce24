/**
 * A build's first frame, from drawn to seen: `pending` until the view draws it, `drawn` until it
 * is on screen (the next frame is due, or the GPU's queue says its work is done), then over. No
 * step is taken before then, so the progress bar goes exactly when the starting balls show, and
 * a new run's balls then hold still a moment (`hold`).
 */
export class FirstFrame {
  #state: 'none' | 'pending' | 'drawn' = 'none';
  #hold = false;

  /** @param onShown hears when the frame is on screen, and whether the balls should hold. */
  constructor(private readonly onShown: (hold: boolean) => void) {}

  /** A build is ready to draw; `hold`: a new run, whose starting balls stay still a moment. */
  expect(hold: boolean): void {
    this.#state = 'pending';
    this.#hold = hold;
  }

  /** Whether steps wait (the first frame is not on screen yet). */
  get waiting(): boolean {
    return this.#state !== 'none';
  }

  /** Whether the frame about to be drawn is the first. */
  get pending(): boolean {
    return this.#state === 'pending';
  }

  /** The view drew the first frame. */
  drawn(): void {
    if (this.#state === 'pending') this.#state = 'drawn';
  }

  /** The drawn frame is on screen (a no-op unless it was drawn and not yet seen). */
  shown(): void {
    if (this.#state !== 'drawn') return;
    this.#show();
  }

  /** With nothing to draw, the build counts as shown at once. */
  skip(): void {
    this.#show();
  }

  #show(): void {
    this.#state = 'none';
    const hold = this.#hold;
    this.#hold = false;
    this.onShown(hold);
  }
}
