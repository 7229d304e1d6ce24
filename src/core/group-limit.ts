/**
 * How many groups a simulation runs at most, and what follows from it: one ball's drawing flags
 * pack its group and status into one float, `group + MAX_GROUPS * status` (written by the CPU
 * engine and the step shader, read by the ball layer). The WebGPU backend puts MAX_GROUPS into
 * its shaders (src/gpu/layout.ts `wgslDeclarations`), the panel stops offering groups there.
 */

export const MAX_GROUPS = 8;

/** A ball's drawing flags: its group (0 to MAX_GROUPS - 1) and status (src/core/status.ts). */
export function ballFlags(group: number, status: number): number {
  return group + MAX_GROUPS * status;
}
