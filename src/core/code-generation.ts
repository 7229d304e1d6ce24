/**
 * Whether this context may compile JavaScript from text (`new Function`): not where the page's
 * Content-Security-Policy leaves out 'unsafe-eval'. There the generated kernels fall back to the
 * same rules interpreted (closures): the same results, slower. Asked once per context, so a
 * policy logs at most one refusal; the performance section says which way the page runs
 * (Report.codeGeneration).
 */

let allowed: boolean | null = null;

/** The function `source` defines with `params`, or null where compiling code is refused. */
export function generatedFunction<T>(params: readonly string[], source: string): T | null {
  if (allowed === false) return null;
  try {
    const made = new Function(...params, source) as T;
    allowed = true;
    return made;
  } catch (error) {
    // An EvalError is the policy's refusal; anything else would be a bug in the generated source.
    if (!(error instanceof EvalError)) throw error;
    allowed = false;
    return null;
  }
}

/** Whether code generation works here (tries once, with an empty function, if nothing has yet). */
export function canGenerateCode(): boolean {
  if (allowed === null) generatedFunction([], '');
  return allowed === true;
}
