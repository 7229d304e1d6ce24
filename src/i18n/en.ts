/**
 * Every string a person reads in Slope, in English: the reference table. Other languages'
 * tables (he.ts) have exactly these keys; `{name}` marks a value filled in by `t()`.
 */
export const en = {
  // --- page ---
  'app.title': 'Slope — see gradient descent',

  // --- helper: layout (phones, drawer, touch) ---

  // --- helper: view (steepness colours, local patch, drop balls) ---

  // --- helper: accessibility ---
} as const;

/** A key of the string tables. */
export type StringKey = keyof typeof en;
