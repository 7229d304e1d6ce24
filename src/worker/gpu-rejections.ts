/**
 * Rejections a lost GPU device leaves behind in promises the app does not hold: three.js pops
 * error scopes with `.then()` and no rejection handler (WebGPUPipelineUtils), so when the device
 * goes (a driver reset, ANGLE on Vulkan breaking the device on its first frame) each of those
 * rejects with "Instance dropped in popErrorScope" and nobody hears it. The device's own `lost`
 * promise already carries the run over to the CPU with a message (runtime.ts); these echoes of
 * the same loss are kept from surfacing as uncaught errors. Any other rejection still does.
 */

/** Messages WebGPU gives promises of a device or instance that is gone. */
const LOST_DEVICE =
  /Instance dropped|external Instance reference no longer exists|Device was (destroyed|lost)|device is lost/i;

/** Whether `reason` is a WebGPU promise's rejection for a device that is gone. */
export function isLostDeviceRejection(reason: unknown): boolean {
  const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  return LOST_DEVICE.test(text);
}

/** Listens on `scope` (the worker's global) and swallows the echoes of a lost device. */
export function quietLostDeviceRejections(scope: Pick<EventTarget, 'addEventListener'>): void {
  scope.addEventListener('unhandledrejection', (event) => {
    const rejection = event as PromiseRejectionEvent;
    if (isLostDeviceRejection(rejection.reason)) rejection.preventDefault();
  });
}
