/**
 * For GPU tests that run the app's runtime on the page's thread: its device reports uncaught GPU
 * errors (validation among them) with console.error, and so does three.js. Call once per file;
 * `check()` (in the file's afterEach, after cleaning up) fails the test if any error was logged.
 */
import { beforeEach, expect } from 'vitest';

export function watchConsoleErrors(): { check(): void } {
  const errors: string[] = [];
  const original = console.error;
  beforeEach(() => {
    errors.length = 0;
    console.error = (...args: unknown[]) => {
      errors.push(args.map(String).join(' '));
      original(...args);
    };
  });
  return {
    check() {
      console.error = original;
      expect(errors).toEqual([]);
    },
  };
}
