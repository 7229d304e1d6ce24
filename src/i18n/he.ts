/**
 * Every string a person reads in Slope, in Hebrew (written for Slope, not copied from the
 * chapter). Same keys as en.ts; names of people and of algorithms (Rosenbrock, Adam) and
 * formulas stay in Latin letters, as Hebrew technical writing keeps them.
 */
import type { StringKey } from './en.ts';

export const he: Record<StringKey, string> = {
  // --- page ---
  'app.title': 'Slope — לראות ירידה במורד השיפוע',

  // --- helper: layout (phones, drawer, touch) ---

  // --- helper: view (steepness colours, local patch, drop balls) ---

  // --- helper: accessibility ---
};
