import { defineConfig } from 'vite';

/**
 * Cross-origin isolation lets a later version share particle memory between workers
 * (SharedArrayBuffer); the app works without it too, as on most static hosts.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation, host: '127.0.0.1' },
  worker: { format: 'es' },
  // Known up front, so the dev server does not discover them late and reload the page.
  optimizeDeps: {
    include: [
      'comlink',
      'lil-gui',
      'three',
      'three/webgpu',
      'three/tsl',
      'three/addons/controls/OrbitControls.js',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
});
