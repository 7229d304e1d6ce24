/** The HUD: backend, renderer, step, fps, balls, throughput. The per-group numbers are in stats-table.ts. */
import type { CpuEngineInfo } from '../backend/backend.ts';
import type { Report } from '../engine/protocol.ts';
import { type StringKey, t } from '../i18n/index.ts';

export class Hud {
  readonly #fields: Record<
    'backend' | 'cpuNote' | 'codeNote' | 'renderer' | 'step' | 'fps' | 'balls' | 'rate' | 'transfer',
    HTMLElement
  >;
  /** Reports shown so far: `data-reports` on the step counter, for what waits on the page's news. */
  #reports = 0;

  constructor(root: HTMLElement) {
    const field = (id: string): HTMLElement => root.querySelector(`[data-testid="${id}"]`)!;
    this.#fields = {
      backend: field('backend'),
      cpuNote: field('cpu-note'),
      codeNote: field('code-note'),
      renderer: field('renderer'),
      step: field('step'),
      fps: field('fps'),
      balls: field('balls'),
      rate: field('rate'),
      transfer: field('transfer'),
    };
  }

  update(report: Report): void {
    const f = this.#fields;
    f.backend.textContent = report.cpuEngine ? cpuText(report.cpuEngine) : backendText(report.backendLabel);
    const note = report.cpuEngine?.note;
    f.cpuNote.hidden = !note;
    f.cpuNote.textContent = note ? t(`cpu-note.${note}` as StringKey) : '';
    f.codeNote.hidden = report.codeGeneration;
    f.codeNote.textContent = report.codeGeneration ? '' : t('perf.no-code-generation');
    f.renderer.textContent = report.renderer ? `three.js · ${report.renderer}` : '–';
    f.step.textContent = String(report.step);
    f.step.dataset.reports = String(++this.#reports);
    // 0 is "not measured yet"; a slow start (a million balls in software) draws below 1 fps.
    f.fps.textContent = report.fps > 0 ? report.fps.toFixed(report.fps < 10 ? 1 : 0) : '–';
    f.balls.textContent = report.particleCount.toLocaleString('en');
    f.rate.textContent = formatRate(report.particleStepsPerSecond);
    f.rate.dataset.value = String(Math.round(report.particleStepsPerSecond));
    const transfer = report.transfer;
    f.transfer.textContent = transfer
      ? `${formatBytes(transfer.statsBytesPerSecond)}/s + ${formatBytes(transfer.snapshotBytesPerSecond)}/s`
      : '–';
  }
}

/**
 * The worker's backend label in the page's language: `starting…` is words; `WebGPU · <adapter>`
 * is names only and stays as it is. (The CPU's comes from its cpuEngine, see cpuText.)
 */
function backendText(label: string): string {
  if (label === 'starting…') return t('hud.starting');
  return label;
}

/** The CPU's kernel and threads in the page's language. */
function cpuText(cpu: CpuEngineInfo): string {
  if (cpu.kernel === 'js') return t('hud.cpu-js');
  return cpu.threads === 1 ? t('hud.cpu-wasm-one') : t('hud.cpu-wasm-many', { threads: cpu.threads });
}

/** `12.3M` style, for a number of particle-steps per second. */
export function formatRate(perSecond: number): string {
  if (!(perSecond > 0)) return '0';
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)}G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

/** `12.3 kB` style. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes.toFixed(0)} B`;
}
