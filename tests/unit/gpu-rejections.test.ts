import { describe, expect, it } from 'vitest';
import { isLostDeviceRejection, quietLostDeviceRejections } from '../../src/worker/gpu-rejections.ts';

describe('the echoes of a lost GPU device', () => {
  it('are told from every other rejection', () => {
    expect(
      isLostDeviceRejection(new DOMException('Instance dropped in popErrorScope', 'OperationError')),
    ).toBe(true);
    expect(isLostDeviceRejection(new Error('A valid external Instance reference no longer exists.'))).toBe(
      true,
    );
    expect(isLostDeviceRejection('Device was destroyed.')).toBe(true);
    expect(isLostDeviceRejection(new TypeError("Cannot read properties of null (reading 'x')"))).toBe(false);
    expect(isLostDeviceRejection(new Error('webgpu: the step shader does not compile'))).toBe(false);
  });

  it('are kept from surfacing; other rejections still surface', () => {
    const target = new EventTarget();
    quietLostDeviceRejections(target);
    const event = (reason: unknown) => {
      const e = new Event('unhandledrejection', { cancelable: true }) as Event & { reason: unknown };
      e.reason = reason;
      target.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(event(new Error('Instance dropped in popErrorScope'))).toBe(true);
    expect(event(new Error('a bug'))).toBe(false);
  });
});
