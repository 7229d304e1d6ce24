/**
 * The control panel (lil-gui). It edits the URL state: every edit goes through the same parser as
 * the address bar, so a value the URL would reject is rejected here with the same message and
 * the previous value stays.
 */
import GUI, { type Controller } from 'lil-gui';
import { PRESETS } from '../core/landscapes/index.ts';
import { START_LAYOUTS } from '../core/start.ts';
import {
  type AppState,
  BACKENDS,
  effectiveGroups,
  formatGroups,
  formatUrlState,
  parseUrlState,
} from '../core/url-state.ts';
import type { ViewOptions } from '../render/view.ts';

export interface PanelActions {
  /** A valid new state; `needsRestart` when the balls must be placed again. */
  change(next: AppState, needsRestart: boolean): void;
  /** Messages for values that were not taken as typed. */
  reject(messages: readonly string[]): void;
  togglePlay(): void;
  step(): void;
  reset(): void;
  viewOptions(options: Partial<ViewOptions>): void;
  camera(mode: 'orbit' | 'top'): void;
}

/** What the panel's fields show, as lil-gui edits it. */
interface PanelModel {
  fn: string;
  n: number;
  start: string;
  seed: number;
  /** Learning rates as typed: `0.01, 0.1`. */
  lr: string;
  /** Groups as typed: `gd:0.1, adam:0.05`. */
  groups: string;
  speed: number;
  backend: string;
}

function modelOf(state: AppState): PanelModel {
  return {
    fn: state.fn,
    n: state.n,
    start: state.start,
    seed: state.seed,
    lr: state.lr.join(', '),
    groups: state.groups ? formatGroups(state.groups).replaceAll(',', ', ') : '',
    speed: state.speed,
    backend: state.backend,
  };
}

/** The groups without their learning rates: what a rate change leaves alone. */
function groupShape(state: AppState): string {
  return JSON.stringify(effectiveGroups(state).map((group) => [group.optimizer, group.params ?? {}]));
}

/** Fields whose change puts the balls back at their start. */
const RESTART_FIELDS = new Set(['fn', 'n', 'start', 'seed']);

export class Panel {
  readonly #gui: GUI;
  readonly #actions: PanelActions;
  #state: AppState;
  readonly #model: PanelModel;
  readonly #view: ViewOptions;
  readonly #playButton: Controller;
  readonly #logHeight: Controller;

  constructor(state: AppState, view: ViewOptions, actions: PanelActions) {
    this.#state = state;
    this.#actions = actions;
    this.#view = { ...view };
    this.#model = modelOf(state);
    // lil-gui places itself at the top right of the page.
    const gui = new GUI({ title: 'Controls', width: 270 });
    this.#gui = gui;
    const names = Object.fromEntries(PRESETS.map((preset) => [preset.name, preset.id]));
    gui
      .add(this.#model, 'fn', names)
      .name('landscape')
      .onChange((id: string) => this.#edit('fn', id));
    gui
      .add(this.#model, 'n')
      .name('balls')
      .onFinishChange((n: number) => this.#edit('n', String(n)));
    gui
      .add(this.#model, 'start', [...START_LAYOUTS])
      .name('start layout')
      .onChange((v: string) => this.#edit('start', v));
    gui
      .add(this.#model, 'seed')
      .name('seed')
      .step(1)
      .onFinishChange((v: number) => this.#edit('seed', String(v)));
    gui
      .add(this.#model, 'backend', [...BACKENDS])
      .name('simulate on')
      .onChange((choice: string) => this.#edit('backend', choice));
    gui
      .add(this.#model, 'lr')
      .name('learning rates')
      .onFinishChange((text: string) => this.#edit('lr', text.replaceAll(' ', '')));
    gui
      .add(this.#model, 'groups')
      .name('groups (opt:lr)')
      .onFinishChange((text: string) => this.#edit('groups', text.replaceAll(' ', '')));

    const time = gui.addFolder('Time');
    const buttons = {
      play: () => actions.togglePlay(),
      step: () => actions.step(),
      reset: () => actions.reset(),
    };
    this.#playButton = time.add(buttons, 'play').name(state.paused ? '▶ play (space)' : '❚❚ pause (space)');
    time.add(buttons, 'step').name('step (→)');
    time.add(buttons, 'reset').name('reset (r)');
    time
      .add(this.#model, 'speed', 1, 200, 1)
      .name('steps per frame')
      .onFinishChange((v: number) => this.#edit('speed', String(v)));

    const look = gui.addFolder('View');
    const cameras = { top: () => actions.camera('top'), orbit: () => actions.camera('orbit') };
    look.add(cameras, 'top').name('top view (contour map)');
    look.add(cameras, 'orbit').name('3D view');
    look.add(this.#view, 'contours').onChange((contours: boolean) => actions.viewOptions({ contours }));
    look.add(this.#view, 'wireframe').onChange((wireframe: boolean) => actions.viewOptions({ wireframe }));
    this.#logHeight = look
      .add(this.#view, 'logHeight')
      .name('log height')
      .onChange((logHeight: boolean) => actions.viewOptions({ logHeight }));
    look
      .add(this.#view, 'showMinima')
      .name('minima markers')
      .onChange((showMinima: boolean) => actions.viewOptions({ showMinima }));
  }

  /** Reflects a state set from elsewhere (keyboard, a landscape's defaults). */
  setState(state: AppState): void {
    this.#state = state;
    Object.assign(this.#model, modelOf(state));
    this.#playButton.name(state.paused ? '▶ play (space)' : '❚❚ pause (space)');
    for (const controller of this.#gui.controllersRecursive()) controller.updateDisplay();
  }

  setLogHeight(logHeight: boolean): void {
    this.#view.logHeight = logHeight;
    this.#logHeight.updateDisplay();
  }

  #edit(name: 'fn' | 'n' | 'start' | 'seed' | 'lr' | 'groups' | 'speed' | 'backend', raw: string): void {
    const params = new URLSearchParams(formatUrlState(this.#state));
    if (raw === '' && (name === 'lr' || name === 'groups')) params.delete(name);
    else params.set(name, raw);
    // The two ways of giving groups replace each other.
    if (name === 'lr') params.delete('groups');
    if (name === 'groups') params.delete('lr');
    if (name === 'fn') {
      // A new landscape brings its own domain, centre and recommended rate.
      for (const key of ['domain', 'at', 'lr']) params.delete(key);
    }
    // A value the URL would not take gets the URL's fallback and the same message.
    const parsed = parseUrlState(params.toString());
    if (parsed.warnings.length > 0) this.#actions.reject(parsed.warnings);
    const next = parsed.state;
    // Changing a rate keeps the run going; changing the groups otherwise starts it again.
    const restart = RESTART_FIELDS.has(name) || groupShape(next) !== groupShape(this.#state);
    this.#state = next;
    this.setState(next);
    this.#actions.change(next, restart);
  }
}
