/**
 * Makes the simulation backend for a config: the CPU simulation (which validates the config and
 * places the balls), the view's landscape, then the WebGPU simulation on the same device when
 * chosen and possible (the view draws its ball buffer), else the CPU with a notice saying why. Reports its phases to a
 * StartProgress and yields between them, so the page hears the progress while the worker works.
 */
import type { SimBackend } from '../backend/backend.ts';
import { browserThreads } from '../backend/browser-threads.ts';
import { CpuBackend } from '../backend/cpu-backend.ts';
import { GROUP_COLORS } from '../core/group-colors.ts';
import { type ResolvedConfig, resolveConfig } from '../core/plain-config.ts';
import type { BackendChoice } from '../core/url-state.ts';
import type { WireConfig } from '../engine/protocol.ts';
import type { GpuContext } from '../gpu/device.ts';
import { errorText, t } from '../i18n/index.ts';
import type { LandscapeView } from '../render/view.ts';
import type { StartProgress } from './start-progress.ts';

export interface BuildContext {
  readonly view: LandscapeView | null;
  readonly gpu: GpuContext | null;
  readonly choice: BackendChoice;
  /** Why there is no GPU device, for the notice when WebGPU was asked for. */
  readonly gpuProblem: string | null;
  /** No notice about a missing WebGPU (a rebuild after a device loss says so itself). */
  readonly quiet: boolean;
  readonly progress: StartProgress;
  /**
   * Called once the config is known to be valid, before the view's buffers are replaced: stops
   * the old backend, and says whether the view keeps its landscape and balls (a run carried on).
   */
  retire(cpu: CpuBackend): boolean;
  say(text: string): void;
}

export interface BuiltBackend {
  readonly backend: SimBackend;
  readonly resolved: ResolvedConfig;
}

/** Builds the backend for `config` (see the module's comment); rejects on a bad config. */
export async function buildBackend(config: WireConfig, context: BuildContext): Promise<BuiltBackend> {
  const { view, gpu, progress } = context;
  progress.enter('layout');
  await nextTask();
  // A typed expression is compiled again here (the compiler is deterministic: the same text
  // gives the page and the worker the same landscape); a bad one rejects with its message.
  const resolved = resolveConfig(config);
  // The CPU backend validates the config and places the balls; the GPU backend copies both.
  const threads = browserThreads();
  const wantGpu = context.choice !== 'cpu';
  // Where the CPU will draw, it keeps the balls as drawn in its own memory (16 bytes a ball), so
  // the view draws them from there; a GPU run does without (its compute writes its own buffer).
  const cpu = new CpuBackend(resolved, {
    shared: threads.spawn !== null,
    drawn: view !== null && !(wantGpu && gpu),
  });
  // The config is valid: the old backend stops here (frames skip while there is no backend).
  const keepView = context.retire(cpu);
  if (view && !keepView) {
    progress.enter('layout', 0.5);
    await nextTask();
    view.setLandscape(cpu.landscape, cpu.domain);
  }
  const colors = GROUP_COLORS.slice(0, cpu.groupCount);
  if (wantGpu && gpu) {
    progress.enter('compile');
    try {
      const { createGpuSimulation } = await import('../gpu/gpu-simulation.ts');
      const backend = await createGpuSimulation(gpu.device, resolved, { adapterName: gpu.adapterName });
      // The view draws the balls straight from the buffer the compute writes.
      try {
        view?.setParticles(backend.particleCount, colors, backend.ballBuffer);
      } catch (error) {
        backend.dispose();
        throw error;
      }
      return { backend, resolved };
    } catch (error) {
      context.say(t('notice.gpu-start-failed', { detail: errorText(error) }));
    }
  } else if (context.choice === 'webgpu' && !context.quiet) {
    context.say(t('notice.no-webgpu', { detail: context.gpuProblem ?? t('notice.unknown-reason') }));
  }
  // A new ball buffer even for a run carried on: the one drawn before may have been the GPU's.
  view?.setParticles(cpu.particleCount, colors, null, cpu.drawBuffer);
  cpu.startThreads(threads.threads, threads.spawn, threads.note);
  return { backend: cpu, resolved };
}

/** Lets the worker's other messages (and the progress just sent) through before going on. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
