/**
 * The panel's "Groups" folder: one sub-folder per group (optimizer, learning rate, the optimizer's
 * hyper-parameters, gradient noise, learning-rate schedule, remove) and an "add group" button.
 * It never changes the state itself: every edit hands the whole new list of groups to `edit`,
 * which sends it through the URL parser like any other panel edit.
 */
import type GUI from 'lil-gui';
import { MAX_GROUPS } from '../core/group-limit.ts';
import { OPTIMIZERS } from '../core/optimizers/index.ts';
import type { ScheduleKind } from '../core/schedule.ts';
import { SCHEDULE_KINDS } from '../core/schedule.ts';
import type { GroupConfig } from '../core/simulation.ts';
import { isStringKey, t } from '../i18n/index.ts';
import { explain } from './explain.ts';
import {
  type GroupModel,
  groupConfig,
  groupLabel,
  groupModel,
  nextGroup,
  optimizerFullName,
  scheduleLabel,
} from './group-model.ts';

/**
 * Top of the noise slider. The noise is a standard deviation added to the slope, in its units:
 * a few units already shake the balls out of the shallow minima of most presets; a larger value
 * can still be given in the URL (`noise=`).
 */
export const NOISE_SLIDER_MAX = 10;

/** lil-gui's list options, `{ shown name: value }`, in the current language. */
function optimizerOptions(): Record<string, string> {
  return Object.fromEntries(OPTIMIZERS.map((optimizer) => [optimizerFullName(optimizer.id), optimizer.id]));
}

function scheduleOptions(): Record<string, ScheduleKind> {
  return Object.fromEntries(SCHEDULE_KINDS.map((kind) => [scheduleLabel(kind), kind]));
}

export class GroupFolders {
  readonly #root: GUI;
  readonly #edit: (groups: GroupConfig[]) => void;
  #models: GroupModel[] = [];
  #folders: GUI[] = [];
  /** Which controllers exist: rebuilt when it changes, only refreshed otherwise. */
  #layout = '';
  /** Group folders the person opened stay open across rebuilds. */
  readonly #open = new Set<number>();
  #colors: readonly string[] = [];

  constructor(parent: GUI, edit: (groups: GroupConfig[]) => void) {
    this.#root = parent.addFolder(t('groups.title'));
    this.#root.$title.title = t('tip.groups-folder');
    this.#edit = edit;
  }

  /** Shows these groups; the folders are rebuilt only when their set of controls changes. */
  setGroups(groups: readonly GroupConfig[], colors: readonly string[]): void {
    const models = groups.map(groupModel);
    const layout = JSON.stringify([
      colors,
      models.map((model) => [model.optimizer, Object.keys(model.params), model.schedule]),
    ]);
    this.#colors = colors;
    if (layout !== this.#layout) {
      this.#layout = layout;
      this.#models = models;
      this.#build();
      return;
    }
    // Same controls: the new values go into the objects they are bound to.
    models.forEach((model, index) => {
      const shown = this.#models[index]!;
      Object.assign(shown.params, model.params);
      Object.assign(shown, { ...model, params: shown.params });
      this.#title(this.#folders[index]!, shown, index);
    });
    for (const controller of this.#root.controllersRecursive()) controller.updateDisplay();
  }

  #emit(): void {
    const groups = this.#models.map(groupConfig);
    // After the controller's own event handling: the edit may rebuild the folder it sits in.
    queueMicrotask(() => this.#edit(groups));
  }

  #build(): void {
    const focused = this.#focused();
    for (const child of [...this.#root.children]) child.destroy();
    this.#folders = this.#models.map((model, index) => this.#groupFolder(model, index));
    if (this.#models.length < MAX_GROUPS) {
      explain(this.#root.add({ add: () => this.#add() }, 'add'), 'tip.add-group').name(t('groups.add'));
    }
    if (focused) this.#refocus(focused);
  }

  /**
   * Which of the folders' controls has the keyboard focus: `folder` is a group's index (null for
   * the add button's level), `property` the controller's (null for the folder's title).
   */
  #focused(): { folder: number | null; property: string | null } | null {
    const active = this.#root.domElement.ownerDocument.activeElement;
    if (!active || !this.#root.domElement.contains(active)) return null;
    for (const [index, folder] of this.#folders.entries()) {
      if (folder.$title === active) return { folder: index, property: null };
      const controller = folder.controllers.find((c) => c.domElement.contains(active));
      if (controller) return { folder: index, property: controller.property };
    }
    const controller = this.#root.controllers.find((c) => c.domElement.contains(active));
    return controller ? { folder: null, property: controller.property } : null;
  }

  /**
   * A rebuild replaces every control: the keyboard's place goes to the same control in the new
   * folders, or, when that is gone (a removed group, the add button at 8 groups), to the nearest
   * folder's title, so a keyboard user is never thrown back to the top of the page.
   */
  #refocus(place: { folder: number | null; property: string | null }): void {
    const folder = place.folder === null ? this.#root : this.#folders[place.folder];
    const controller = folder?.controllers.find((c) => c.property === place.property);
    const widget = controller?.domElement.querySelector<HTMLElement>('input, select, button');
    if (widget && place.property !== null) {
      widget.focus();
      return;
    }
    const nearest =
      this.#folders[Math.min(place.folder ?? this.#folders.length - 1, this.#folders.length - 1)];
    (place.property === null && folder ? folder.$title : nearest?.$title)?.focus();
  }

  #groupFolder(model: GroupModel, index: number): GUI {
    const folder = this.#root.addFolder('');
    this.#title(folder, model, index);
    if (!this.#open.has(index)) folder.close();
    folder.onOpenClose((changed) => {
      if (changed !== folder) return;
      if (folder._closed) this.#open.delete(index);
      else this.#open.add(index);
    });
    explain(folder.add(model, 'optimizer', optimizerOptions()), 'tip.optimizer')
      .name(t('groups.optimizer'))
      .onChange((id: string) => {
        // A new optimizer brings its own hyper-parameters, at their standard defaults.
        model.params = { ...OPTIMIZERS.find((optimizer) => optimizer.id === id)?.defaults };
        this.#emit();
      });
    explain(folder.add(model, 'learningRate'), 'tip.learning-rate')
      .name(t('groups.learning-rate'))
      .onFinishChange(() => this.#emit());
    for (const key of Object.keys(model.params)) {
      // A setting's own explanation where the string tables have one.
      const tip = `tip.param.${key}`;
      explain(folder.add(model.params, key), isStringKey(tip) ? tip : 'tip.optimizer-setting')
        .name(key)
        .onFinishChange(() => this.#emit());
    }
    explain(folder.add(model, 'noise', 0, NOISE_SLIDER_MAX, 0.01), 'tip.noise')
      .name(t('groups.noise'))
      .onFinishChange(() => this.#emit());
    explain(folder.add(model, 'schedule', scheduleOptions()), 'tip.schedule')
      .name(t('groups.schedule'))
      .onChange(() => this.#emit());
    // Only the chosen schedule's numbers are shown: no control that does nothing.
    if (model.schedule === 'step') {
      explain(folder.add(model, 'every'), 'tip.decay-every')
        .name(t('groups.decay-every'))
        .step(1)
        .onFinishChange(() => this.#emit());
      explain(folder.add(model, 'factor'), 'tip.decay-factor')
        .name(t('groups.decay-factor'))
        .onFinishChange(() => this.#emit());
    } else if (model.schedule === 'cosine') {
      explain(folder.add(model, 'period'), 'tip.cosine-period')
        .name(t('groups.cosine-period'))
        .step(1)
        .onFinishChange(() => this.#emit());
    } else if (model.schedule === 'warmup') {
      explain(folder.add(model, 'warmupSteps'), 'tip.warmup-steps')
        .name(t('groups.warmup-steps'))
        .step(1)
        .onFinishChange(() => this.#emit());
    }
    if (this.#models.length > 1) {
      explain(folder.add({ remove: () => this.#remove(index) }, 'remove'), 'tip.remove-group').name(
        t('groups.remove'),
      );
    }
    return folder;
  }

  /** `● 2 · Adam 0.05`: the folder's title, with the group's colour. */
  #title(folder: GUI, model: GroupModel, index: number): void {
    folder.title(`${index} · ${groupLabel(groupConfig(model))}`);
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = this.#colors[index] ?? '#fff';
    folder.$title.prepend(swatch);
  }

  /** A new group that shows something the others do not (group-model.ts, `nextGroup`). */
  #add(): void {
    const next = nextGroup(this.#models.map(groupConfig));
    if (!next) return;
    this.#models.push(groupModel(next));
    this.#open.add(this.#models.length - 1);
    this.#emit();
  }

  #remove(index: number): void {
    this.#models.splice(index, 1);
    // Folder indices after the removed one move up by one.
    const open = [...this.#open].filter((i) => i !== index).map((i) => (i > index ? i - 1 : i));
    this.#open.clear();
    for (const i of open) this.#open.add(i);
    this.#emit();
  }
}
