/** The HUD: fps, steps, throughput, backend, and a row of statistics per group. */
import type { GroupConfig } from '../core/simulation.ts';
import type { Report } from '../engine/protocol.ts';

export class Hud {
  readonly #fields: Record<
    'backend' | 'renderer' | 'step' | 'fps' | 'balls' | 'rate' | 'transfer',
    HTMLElement
  >;
  readonly #rows: HTMLTableSectionElement;
  #groupKey = '';

  constructor(root: HTMLElement) {
    const field = (id: string): HTMLElement => root.querySelector(`[data-testid="${id}"]`)!;
    this.#fields = {
      backend: field('backend'),
      renderer: field('renderer'),
      step: field('step'),
      fps: field('fps'),
      balls: field('balls'),
      rate: field('rate'),
      transfer: field('transfer'),
    };
    this.#rows = root.querySelector('tbody')!;
  }

  /** Rebuilds the group rows when the groups change (optimizers, colours, learning rates). */
  setGroups(colors: readonly string[], groups: readonly GroupConfig[]): void {
    const key = `${colors.join()}|${JSON.stringify(groups)}`;
    if (key === this.#groupKey) return;
    this.#groupKey = key;
    this.#rows.replaceChildren(
      ...groups.map((group, index) => {
        const row = document.createElement('tr');
        const name = document.createElement('td');
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = colors[index] ?? '#fff';
        name.append(swatch, `${index} ${group.optimizer}`);
        const lr = document.createElement('td');
        lr.textContent = String(group.learningRate);
        row.append(name, lr);
        for (const metric of ['loss', 'median', 'converged', 'diverged']) {
          const cell = document.createElement('td');
          cell.dataset.testid = metric === 'median' ? `group-${index}-median` : `group-${index}-${metric}`;
          cell.textContent = '–';
          row.append(cell);
        }
        return row;
      }),
    );
  }

  update(report: Report): void {
    const f = this.#fields;
    f.backend.textContent = report.backendLabel;
    f.renderer.textContent = report.renderer ? `three.js · ${report.renderer}` : '–';
    f.step.textContent = String(report.step);
    f.fps.textContent = report.fps > 0 ? report.fps.toFixed(0) : '–';
    f.balls.textContent = report.particleCount.toLocaleString('en');
    f.rate.textContent = formatRate(report.particleStepsPerSecond);
    f.rate.dataset.value = String(Math.round(report.particleStepsPerSecond));
    const transfer = report.transfer;
    f.transfer.textContent = transfer
      ? `${formatBytes(transfer.statsBytesPerSecond)}/s + ${formatBytes(transfer.snapshotBytesPerSecond)}/s`
      : '–';
    report.groups.forEach((group, index) => {
      this.#set(`group-${index}-loss`, formatLoss(group.meanLoss));
      this.#set(`group-${index}-median`, formatLoss(group.medianLoss));
      this.#set(`group-${index}-converged`, group.convergedPercent.toFixed(1));
      this.#set(`group-${index}-diverged`, group.divergedPercent.toFixed(1));
    });
  }

  #set(testId: string, text: string): void {
    const cell = this.#rows.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
    if (cell) cell.textContent = text;
  }
}

/** `12.3M` style, for a number of particle-steps per second. */
export function formatRate(perSecond: number): string {
  if (!(perSecond > 0)) return '0';
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)}G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

/** A loss for the HUD: 4 significant digits, `–` when no ball is left to average. */
export function formatLoss(loss: number | null): string {
  if (loss === null) return '–';
  return Math.abs(loss) >= 1e5 || (loss !== 0 && Math.abs(loss) < 1e-3)
    ? loss.toExponential(2)
    : loss.toPrecision(4);
}

/** `12.3 kB` style. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes.toFixed(0)} B`;
}
