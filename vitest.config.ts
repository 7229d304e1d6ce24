import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/** Debian's Chromium; no browser is ever downloaded (see README). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags without which headless Chromium keeps trying to reach a network that is not there. */
export const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** All four are needed for a WebGPU adapter (SwiftShader) that survives presenting a frame. */
export const CHROMIUM_WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
];

/**
 * Whether a browser test file must have a WebGPU adapter (tests/browser/gpu-required.ts): under
 * CI=true it must, so a machine that lost its GPU path fails instead of skipping every GPU test.
 * `SLOPE_NO_WEBGPU=1` starts Chromium without WebGPU, to see that failure (or the skips).
 */
const REQUIRE_GPU = process.env.CI === 'true';
const BROWSER_ARGS =
  process.env.SLOPE_NO_WEBGPU === '1' ? CHROMIUM_BASE_ARGS : [...CHROMIUM_BASE_ARGS, ...CHROMIUM_WEBGPU_ARGS];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        // Pre-bundled up front: a dependency discovered mid-run makes Vite reload the page under a test.
        optimizeDeps: {
          include: [
            'comlink',
            'three',
            'three/webgpu',
            'three/tsl',
            'three/addons/controls/OrbitControls.js',
          ],
        },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          provide: { requireGpu: REQUIRE_GPU },
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: 'chromium' }],
            provider: playwright({
              launchOptions: {
                executablePath: CHROMIUM_PATH,
                args: BROWSER_ARGS,
              },
            }),
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
