/**
 * Where the worker draws and computes: the shared GPU device (or why there is none), the canvas
 * with its forwarded input, the view on it, and the drawing size (scaled down when frames are
 * slow). After a device loss it gives up the device and makes a new view (three's own choice of
 * backend); the runtime then rebuilds the run on the CPU.
 */

import type { ViewSize } from '../engine/protocol.ts';
import type { GpuContext } from '../gpu/device.ts';
import { ElementProxy, type ForwardedEvent } from '../render/element-proxy.ts';
import { RenderScaler, usesSoftwareRenderer } from '../render/software-renderer.ts';
import type { LandscapeView, ViewOptions } from '../render/view.ts';

export interface StageHooks {
  /** The device was lost (once per device, never after dispose). */
  onDeviceLost(reason: string): void;
  /** A click on the view (see LandscapeView.onClick). */
  onClick(view: LandscapeView, offsetX: number, offsetY: number, shift: boolean): void;
}

export class Stage {
  #gpu: GpuContext | null = null;
  /** Why WebGPU is not in use (null while it is). */
  #gpuProblem: string | null = null;
  #canvas: OffscreenCanvas | null = null;
  #input: ElementProxy | null = null;
  #view: LandscapeView | null = null;
  #size: ViewSize = { width: 1, height: 1, pixelRatio: 1 };
  readonly #scaler = new RenderScaler();
  #disposed = false;

  /** @param options the view options, shared with the runtime (which changes them). */
  constructor(
    private readonly options: Partial<ViewOptions>,
    private readonly hooks: StageHooks,
  ) {}

  get gpu(): GpuContext | null {
    return this.#gpu;
  }

  get gpuProblem(): string | null {
    return this.#gpuProblem;
  }

  get view(): LandscapeView | null {
    return this.#view;
  }

  /** The canvas while a view draws on it (for recording), else null. */
  get drawnCanvas(): OffscreenCanvas | null {
    return this.#view ? this.#canvas : null;
  }

  get size(): ViewSize {
    return this.#size;
  }

  /** Opens the GPU device if the browser has one, then the view when there is a canvas. */
  async open(canvas: OffscreenCanvas | undefined, size: ViewSize): Promise<void> {
    this.#size = size;
    await this.#openGpu();
    if (!canvas) return;
    this.#canvas = canvas;
    this.#input = new ElementProxy();
    this.#input.setSize(size.width, size.height);
    await this.#createView();
  }

  resize(size: ViewSize): void {
    this.#size = size;
    this.#input?.setSize(size.width, size.height);
    this.#view?.resize(size.width, size.height, size.pixelRatio * this.#scaler.scale, size.insets);
  }

  pointer(event: ForwardedEvent): void {
    this.#input?.handleEvent(event);
  }

  /** Lowers the resolution if the frames over the last window were slow (see RenderScaler). */
  observeFps(fps: number): void {
    if (this.#view && this.#scaler.observe(fps)) this.resize(this.#size);
  }

  /** Fault injection: destroys the GPU device as a driver reset would. */
  loseDevice(): void {
    this.#gpu?.device.destroy();
  }

  /** After a device loss: no GPU from now on, and a new view (which may fail: it rejects). */
  async replaceLostDevice(reason: string): Promise<void> {
    this.#gpu = null;
    this.#gpuProblem = `the GPU device was lost: ${reason}`;
    this.#view?.dispose();
    this.#view = null;
    await this.#createView();
  }

  /**
   * Asks the browser for a GPU device again where there is none (after a loss): when it gives
   * one, the view moves onto it too (the GPU backend's balls are drawn from the device that
   * computes them). Resolves to whether there is a device now; never rejects.
   */
  async reopenGpu(): Promise<boolean> {
    if (this.#gpu || this.#disposed) return this.#gpu !== null;
    await this.#openGpu();
    const gpu = this.#gpu as GpuContext | null;
    if (!gpu || !this.#canvas) return gpu !== null;
    this.#view?.dispose();
    this.#view = null;
    try {
      await this.#createView();
    } catch (error) {
      // No view on the new device: give it up again, and draw as before the request.
      this.#gpu = null;
      gpu.device.destroy();
      this.#gpuProblem = error instanceof Error ? error.message : String(error);
      await this.#createView();
    }
    return this.#gpu !== null;
  }

  dispose(): void {
    this.#disposed = true;
    this.#view?.dispose();
    this.#view = null;
    this.#gpu?.device.destroy();
    this.#gpu = null;
  }

  async #openGpu(): Promise<void> {
    try {
      const { requestGpu } = await import('../gpu/device.ts');
      const gpu = await requestGpu({
        onLost: (info) => {
          if (this.#gpu === gpu && !this.#disposed) this.hooks.onDeviceLost(info.message || info.reason);
        },
      });
      this.#gpu = gpu;
      this.#gpuProblem = null;
    } catch (error) {
      this.#gpu = null;
      this.#gpuProblem = error instanceof Error ? error.message : String(error);
    }
  }

  /** The view on the shared device (or three's own choice when there is none). */
  async #createView(): Promise<void> {
    if (!this.#canvas || !this.#input) return;
    // The view module (three.js) loads only when there is something to draw.
    const { LandscapeView } = await import('../render/view.ts');
    const view = new LandscapeView(this.#canvas, this.#input, {
      antialias: !(await usesSoftwareRenderer()),
      ...(this.#gpu ? { device: this.#gpu.device } : {}),
    });
    await view.init();
    const size = this.#size;
    view.resize(size.width, size.height, size.pixelRatio * this.#scaler.scale, size.insets);
    view.setOptions(this.options);
    view.onClick((offsetX, offsetY, info) => this.hooks.onClick(view, offsetX, offsetY, info.shiftKey));
    this.#view = view;
  }
}
