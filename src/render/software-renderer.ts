/**
 * Whether the drawing will be done by a software rasteriser (SwiftShader, llvmpipe, WARP): such a
 * renderer spends most of a frame filling pixels, so the view skips multisampling on it.
 * Works in a worker. Never throws; says "no" when it cannot tell.
 */
export async function usesSoftwareRenderer(): Promise<boolean> {
  try {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    const adapter = await gpu?.requestAdapter();
    if (adapter) {
      const info = adapter.info;
      return (
        (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
        /swiftshader|llvmpipe|warp|software/i.test(`${info.architecture} ${info.description} ${info.device}`)
      );
    }
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return false;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software|warp/i.test(renderer);
  } catch {
    return false;
  }
}

/**
 * Lowers the resolution the view renders at while frames are slow, so a weak or software GPU
 * still shows a moving picture. Only ever steps down (by 0.75x, to half resolution at most): a
 * resolution that flips back and forth looks worse than a slightly soft one.
 */
export class RenderScaler {
  /** Below this many frames per second the resolution steps down. */
  static readonly SLOW_FPS = 20;
  static readonly MIN_SCALE = 0.5;
  #scale = 1;
  #slowWindows = 0;

  get scale(): number {
    return this.#scale;
  }

  /** Feeds one measurement; returns true when the scale changed. */
  observe(fps: number): boolean {
    if (fps <= 0 || fps >= RenderScaler.SLOW_FPS || this.#scale <= RenderScaler.MIN_SCALE) {
      this.#slowWindows = 0;
      return false;
    }
    // Two slow windows in a row: one slow window is often just a landscape being built.
    if (++this.#slowWindows < 2) return false;
    this.#slowWindows = 0;
    this.#scale = Math.max(RenderScaler.MIN_SCALE, this.#scale * 0.75);
    return true;
  }
}
