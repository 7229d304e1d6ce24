/**
 * Lists typed into the panel's fields, as a person writes them: `0.001 0.01 0.05`, `0.05, 0.5`,
 * `gd: 0.1  adam:0.05`. Items are separated by commas, spaces or both; spaces around `:` and `=`
 * belong to the item. The result is the URL's form (`0.001,0.01,0.05`), which the URL parser reads.
 * Pure; tested in Node.
 */

/** The typed list in the URL's comma form; '' for an empty or blank field. */
export function normaliseList(typed: string): string {
  return typed
    .trim()
    .replace(/\s*([:=])\s*/g, '$1')
    .split(/[\s,]+/)
    .filter((item) => item !== '')
    .join(',');
}
