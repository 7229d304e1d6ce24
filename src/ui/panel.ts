/**
 * The control panel (lil-gui). It edits the URL state: every edit goes through the same parser as
 * the address bar, so a value the URL would reject is rejected here with the same message and
 * the previous value stays.
 */
import GUI, { type Controller } from 'lil-gui';
import { compileSafely } from '../core/custom-landscape.ts';
import { GROUP_COLORS } from '../core/group-colors.ts';
import { PRESETS } from '../core/landscapes/index.ts';
import { OPTIMIZERS } from '../core/optimizers/index.ts';
import type { GroupConfig } from '../core/simulation.ts';
import { START_LAYOUTS } from '../core/start.ts';
import { MODEL_IDS } from '../core/url-model.ts';
import {
  type AppState,
  BACKENDS,
  effectiveGroups,
  formatGroups,
  formatSpeed,
  formatUrlState,
  LANGUAGES,
  type Language,
  parseUrlState,
  stateLandscape,
} from '../core/url-state.ts';
import { isStringKey, type StringKey, t, translate } from '../i18n/index.ts';
import type { ViewOptions } from '../render/view.ts';
import { explain, placeholder } from './explain.ts';
import { FormulaField } from './formula-field.ts';
import { GroupFolders } from './group-folders.ts';
import { groupsShape, isPlainGroup } from './group-model.ts';
import { isNarrowScreen } from './layout.ts';
import { normaliseList } from './list-input.ts';
import { panelRefusal } from './panel-refusal.ts';
import { speedChoices } from './speed-choices.ts';

export interface PanelActions {
  /** A valid new state; `needsRestart` when the balls must be placed again. */
  change(next: AppState, needsRestart: boolean): void;
  /**
   * Messages for values that were not taken as typed; an empty list after an edit that was taken,
   * so that the messages about an earlier mistake go away once it is put right.
   */
  reject(messages: readonly string[]): void;
  /** The formula field's current mistake (as it is typed), or null once there is none. */
  formulaProblem(message: string | null): void;
  togglePlay(): void;
  step(): void;
  reset(): void;
  viewOptions(options: Partial<ViewOptions>): void;
  camera(mode: 'orbit' | 'top'): void;
  /** Downloads: the view as PNG, the statistics over time, sampled trajectories. */
  exportPng(): void;
  exportStatsCsv(): void;
  exportTrajectoriesCsv(): void;
}

/** What the panel's fields show, as lil-gui edits it. */
interface PanelModel {
  /** Preset id, or CUSTOM while a typed formula runs, MODEL while a model's loss does. */
  fn: string;
  /** The model learning from data (`model=`), or NO_MODEL. */
  model: string;
  n: number;
  start: string;
  seed: number;
  /** Learning rates as typed: `0.01, 0.1`. */
  lr: string;
  /** Groups as typed: `gd:0.1, adam:0.05`. */
  groups: string;
  /** Steps per second as the URL writes it, or `max`. */
  speed: string;
  backend: string;
  lang: Language;
}

/** The landscape list's entry for a typed formula: shown while one runs, never picked to start one. */
const CUSTOM = 'custom';
/** The landscape list's entry for a model's loss: shown while one runs, picked in the model list. */
const MODEL = 'model';
/** The model list's entry for none: the landscape is a formula. */
const NO_MODEL = '';

function modelOf(state: AppState): PanelModel {
  return {
    fn: state.model ? MODEL : state.expr !== null ? CUSTOM : state.fn,
    model: state.model?.model ?? NO_MODEL,
    n: state.n,
    start: state.start,
    seed: state.seed,
    lr: state.lr.join(', '),
    groups: state.groups ? formatGroups(state.groups).replaceAll(',', ', ') : '',
    speed: formatSpeed(state.speed),
    backend: state.backend,
    lang: state.lang ?? 'en',
  };
}

/** The groups without their learning rates: what a rate change leaves alone. */
function groupShape(state: AppState): string {
  return groupsShape(effectiveGroups(state));
}

/** lil-gui's option lists: shown name (in the page's language) to value. */
function basinMaps(): Record<string, ViewOptions['basinMap']> {
  return {
    [t('panel.basin-off')]: 'off',
    [t('panel.basin-minimum')]: 'minimum',
    [t('panel.basin-steps')]: 'steps',
  };
}

/** Fields whose change puts the balls back at their start. */
const RESTART_FIELDS = new Set(['fn', 'expr', 'model', 'n', 'start', 'seed']);

type EditableField =
  | 'fn'
  | 'expr'
  | 'model'
  | 'n'
  | 'start'
  | 'seed'
  | 'lr'
  | 'groups'
  | 'speed'
  | 'backend'
  | 'lang';

/** The address's parameters that describe a model and its data (src/core/url-model.ts). */
const MODEL_KEYS = ['model', 'data', 'points', 'noise', 'normalise'];

export class Panel {
  /** The Export folder, where src/ui/recording.ts adds the video recording. */
  readonly exports: GUI;
  readonly #gui: GUI;
  readonly #actions: PanelActions;
  #state: AppState;
  readonly #model: PanelModel;
  readonly #view: ViewOptions;
  readonly #playButton: Controller;
  readonly #logHeight: Controller;
  readonly #groups: GroupFolders;
  readonly #formula: FormulaField;
  readonly #look: GUI;
  readonly #topView: Controller;
  #basinGroup: Controller | null = null;
  #groupCount = 0;

  constructor(state: AppState, view: ViewOptions, actions: PanelActions) {
    this.#state = state;
    this.#actions = actions;
    this.#view = { ...view };
    this.#model = modelOf(state);
    // lil-gui places itself at the top right of the page.
    const gui = new GUI({ title: t('panel.title'), width: 270 });
    this.#gui = gui;
    // The formula field comes first: typing a landscape is the panel's headline feature.
    this.#formula = new FormulaField({
      apply: (text) => this.#edit('expr', text ?? ''),
      problem: (message) => actions.formulaProblem(message),
    });
    gui.$children.prepend(this.#formula.element);
    const names = {
      ...Object.fromEntries(PRESETS.map((preset) => [landscapeName(preset), preset.id])),
      [t('panel.typed-formula')]: CUSTOM,
      [t('panel.model-loss')]: MODEL,
    };
    explain(gui.add(this.#model, 'fn', names), 'tip.landscape')
      .name(t('panel.landscape'))
      .onChange((id: string) => {
        // The typed-formula entry only names what runs; the field above is where one starts.
        if (id === CUSTOM) {
          this.setState(this.#state);
          this.#formula.focus();
        } else if (id === MODEL) {
          // The model list below is where one starts: y = w·x + b first.
          if (!this.#state.model) this.#edit('model', 'line');
        } else this.#edit('fn', id);
      });
    const models = {
      [t('panel.model-none')]: NO_MODEL,
      ...Object.fromEntries(
        MODEL_IDS.filter((id) => id !== 'expr').map((id) => [t(`model.${id}` as StringKey), id]),
      ),
    };
    explain(gui.add(this.#model, 'model', models), 'tip.model')
      .name(t('panel.model'))
      .onChange((id: string) => this.#edit('model', id));
    explain(gui.add(this.#model, 'n'), 'tip.balls')
      .name(t('panel.balls'))
      .onFinishChange((n: number) => this.#edit('n', String(n)));
    explain(
      gui.add(this.#model, 'start', Object.fromEntries(START_LAYOUTS.map((id) => [t(`start.${id}`), id]))),
      'tip.start',
    )
      .name(t('panel.start'))
      .onChange((v: string) => this.#edit('start', v));
    explain(gui.add(this.#model, 'seed'), 'tip.seed')
      .name(t('panel.seed'))
      .step(1)
      .onFinishChange((v: number) => this.#edit('seed', String(v)));
    explain(
      gui.add(this.#model, 'backend', Object.fromEntries(BACKENDS.map((id) => [t(`backend.${id}`), id]))),
      'tip.backend',
    )
      .name(t('panel.backend'))
      .onChange((choice: string) => this.#edit('backend', choice));
    // Lists are typed with spaces, commas or both: `0.001 0.01 0.05` is three rates.
    placeholder(explain(gui.add(this.#model, 'lr'), 'tip.lr'), 'tip.lr-placeholder')
      .name(t('panel.lr'))
      .onFinishChange((text: string) => this.#edit('lr', normaliseList(text)));
    placeholder(
      explain(gui.add(this.#model, 'groups'), 'tip.groups', {
        options: OPTIMIZERS.map((optimizer) => optimizer.id).join(', '),
      }),
      'tip.groups-placeholder',
    )
      .name(t('panel.groups'))
      .onFinishChange((text: string) => this.#edit('groups', normaliseList(text)));
    this.#groups = new GroupFolders(gui, (groups) => this.#editGroups(groups));

    const time = gui.addFolder(t('panel.time'));
    time.$title.title = t('tip.time');
    const buttons = {
      play: () => actions.togglePlay(),
      step: () => actions.step(),
      reset: () => actions.reset(),
    };
    this.#playButton = explain(time.add(buttons, 'play'), 'tip.play').name(
      t(state.paused ? 'panel.play' : 'panel.pause'),
    );
    explain(time.add(buttons, 'step'), 'tip.step').name(t('panel.step'));
    explain(time.add(buttons, 'reset'), 'tip.reset').name(t('panel.reset'));
    const speed = time
      .add(this.#model, 'speed', speedChoices(state.speed))
      .name(t('panel.speed'))
      .onChange((text: string) => this.#edit('speed', text));
    speed.domElement.title = t('time.speed-title');

    const look = gui.addFolder(t('panel.view'));
    look.$title.title = t('tip.view');
    this.#look = look;
    const cameras = { top: () => actions.camera('top'), orbit: () => actions.camera('orbit') };
    this.#topView = explain(look.add(cameras, 'top'), 'tip.top').name(t('panel.top'));
    explain(look.add(cameras, 'orbit'), 'tip.orbit').name(t('panel.orbit'));
    explain(look.add(this.#view, 'contours'), 'tip.contours')
      .name(t('panel.contours'))
      .onChange((contours: boolean) => actions.viewOptions({ contours }));
    explain(look.add(this.#view, 'wireframe'), 'tip.wireframe')
      .name(t('panel.wireframe'))
      .onChange((wireframe: boolean) => actions.viewOptions({ wireframe }));
    this.#logHeight = explain(look.add(this.#view, 'logHeight'), 'tip.log-height')
      .name(t('panel.log-height'))
      .onChange((logHeight: boolean) => actions.viewOptions({ logHeight }));
    explain(look.add(this.#view, 'showMinima'), 'tip.minima')
      .name(t('panel.minima'))
      .onChange((showMinima: boolean) => actions.viewOptions({ showMinima }));
    explain(look.add(this.#view, 'trails'), 'tip.trails')
      .name(t('panel.trails'))
      .onChange((trails: boolean) => actions.viewOptions({ trails }));
    // Steepness colours show the slope under every ball at once: bright where it is steep.
    explain(
      look.add(this.#view, 'ballColor', {
        [t('panel.ball-color-group')]: 'group',
        [t('panel.ball-color-steepness')]: 'steepness',
      }),
      'tip.ball-color',
    )
      .name(t('panel.ball-color'))
      .onChange((ballColor: ViewOptions['ballColor']) => actions.viewOptions({ ballColor }));
    explain(look.add(this.#view, 'basinMap', basinMaps()), 'tip.basin-map')
      .name(t('panel.basin-map'))
      .onChange((basinMap: ViewOptions['basinMap']) => {
        actions.viewOptions({ basinMap });
        this.#showBasinGroup();
      });

    const exports = gui.addFolder(t('panel.export')).close();
    this.exports = exports;
    exports.$title.title = t('tip.export');
    const downloads = {
      png: () => actions.exportPng(),
      stats: () => actions.exportStatsCsv(),
      trajectories: () => actions.exportTrajectoriesCsv(),
    };
    explain(exports.add(downloads, 'png'), 'tip.png').name(t('panel.png'));
    explain(exports.add(downloads, 'stats'), 'tip.stats-csv').name(t('panel.stats-csv'));
    explain(exports.add(downloads, 'trajectories'), 'tip.trajectories-csv').name(t('panel.trajectories-csv'));

    // Language names are written in their own language in every table, as language pickers do.
    explain(
      gui.add(this.#model, 'lang', Object.fromEntries(LANGUAGES.map((id) => [t(`language.${id}`), id]))),
      'tip.language',
    )
      .name(t('panel.language'))
      .onChange((lang: string) => this.#edit('lang', lang));

    // Folded on a narrow screen, and beside a lesson, which needs the room to show its curve.
    if (isNarrowScreen() || state.lesson) gui.close();
    this.setState(state);
  }

  /** Reflects a state set from elsewhere (keyboard, a landscape's defaults). */
  setState(state: AppState): void {
    this.#state = state;
    Object.assign(this.#model, modelOf(state));
    this.#playButton.name(t(state.paused ? 'panel.play' : 'panel.pause'));
    // Read aloud as "Play" or "Pause", not as its glyphs; space is its shortcut.
    const button = this.#playButton.domElement.querySelector('button');
    button?.setAttribute('aria-label', t(state.paused ? 'action.play' : 'action.pause'));
    button?.setAttribute('aria-keyshortcuts', 'Space');
    this.#formula.setText(state.expr);
    // A curve has no map to look down on.
    this.#topView.enable(stateLandscape(state).dimensions === 2);
    const groups = effectiveGroups(state);
    this.#groups.setGroups(groups, GROUP_COLORS);
    if (groups.length !== this.#groupCount) {
      this.#groupCount = groups.length;
      this.#showBasinGroup();
    }
    for (const controller of this.#gui.controllersRecursive()) controller.updateDisplay();
  }

  /** A group's new learning rate from elsewhere (the legend's slider), through the URL parser. */
  setGroupRate(index: number, learningRate: number): void {
    const groups = effectiveGroups(this.#state).map((group, i) =>
      i === index ? { ...group, learningRate } : group,
    );
    this.#editGroups(groups);
  }

  setLogHeight(logHeight: boolean): void {
    this.#view.logHeight = logHeight;
    this.#logHeight.updateDisplay();
  }

  /**
   * The basin map's group choice: shown only while the map is on and there is more than one
   * group to choose from, and always naming a group that exists.
   */
  #showBasinGroup(): void {
    this.#basinGroup?.destroy();
    this.#basinGroup = null;
    if (this.#view.basinGroup >= this.#groupCount) {
      this.#view.basinGroup = 0;
      this.#actions.viewOptions({ basinGroup: 0 });
    }
    if (this.#view.basinMap === 'off' || this.#groupCount < 2) return;
    const choices = Object.fromEntries(
      Array.from({ length: this.#groupCount }, (_, g) => [t('panel.group-n', { index: g }), g]),
    );
    this.#basinGroup = explain(this.#look.add(this.#view, 'basinGroup', choices), 'tip.basin-of')
      .name(t('panel.basin-of'))
      .onChange((basinGroup: number) => this.#actions.viewOptions({ basinGroup }));
  }

  /**
   * An edit in a group's folder: the whole list of groups, written as the URL would have it
   * (`lr=` while every group is plain gradient descent and the URL used `lr=`, else `groups=`)
   * and read back through the parser. A value the parser would not take is refused with its
   * message, and the folders show the previous values again.
   */
  #editGroups(groups: readonly GroupConfig[]): void {
    const params = new URLSearchParams(formatUrlState(this.#state));
    params.delete('lr');
    params.delete('groups');
    if (this.#state.groups === null && groups.every(isPlainGroup)) {
      params.set('lr', groups.map((group) => group.learningRate).join(','));
    } else params.set('groups', formatGroups(groups));
    const parsed = parseUrlState(params.toString());
    const kept = keptText(this.#state, params.has('lr') ? 'lr' : 'groups');
    this.#actions.reject(parsed.warnings.map((warning) => translate(panelRefusal(warning, kept))));
    if (parsed.warnings.length > 0) {
      this.setState(this.#state);
      return;
    }
    const next = parsed.state;
    const restart = groupShape(next) !== groupShape(this.#state);
    this.setState(next);
    this.#actions.change(next, restart);
  }

  #edit(name: EditableField, raw: string): void {
    const params = new URLSearchParams(formatUrlState(this.#state));
    if (raw === '' && (name === 'lr' || name === 'groups' || name === 'expr' || name === 'model'))
      params.delete(name);
    else params.set(name, raw);
    // The two ways of giving groups replace each other.
    if (name === 'lr') params.delete('groups');
    if (name === 'groups') params.delete('lr');
    if (name === 'fn' || name === 'expr' || name === 'model') {
      // A new landscape brings its own centre and recommended rate, and its own domain, except
      // that a domain given for one typed formula stays for the next of the same dimensions.
      const keepDomain =
        name === 'expr' && raw !== '' && this.#state.expr !== null && sameDimensions(this.#state.expr, raw);
      for (const key of ['at', 'lr', ...(keepDomain ? [] : ['domain'])]) params.delete(key);
      // Picking a preset leaves the typed formula.
      if (name === 'fn') params.delete('expr');
      // A model brings its own data (and a typed model's formula goes with it); a formula or a
      // preset leaves the model.
      for (const key of MODEL_KEYS) if (key !== name) params.delete(key);
      if (name === 'model' && this.#state.model?.expr !== undefined) params.delete('expr');
      // Leaving the data, mini-batches have nothing to draw from: the groups go on full batch.
      const leaving = name !== 'model' || raw === '';
      if (leaving && this.#state.groups?.some((group) => group.batch))
        params.set('groups', formatGroups(this.#state.groups.map(({ batch: _batch, ...group }) => group)));
    }
    // A value the URL would not take is refused with the URL's message: the panel keeps the
    // value it had (src/ui/panel-refusal.ts), and the run goes on untouched.
    const parsed = parseUrlState(params.toString());
    const kept = keptText(this.#state, name);
    this.#actions.reject(parsed.warnings.map((warning) => translate(panelRefusal(warning, kept))));
    if (parsed.warnings.length > 0) {
      this.setState(this.#state);
      return;
    }
    const next = parsed.state;
    // Changing a rate keeps the run going; changing the groups otherwise starts it again.
    const restart = RESTART_FIELDS.has(name) || groupShape(next) !== groupShape(this.#state);
    this.#state = next;
    this.setState(next);
    this.#actions.change(next, restart);
  }
}

/** The value `name` has in `state`, as a refusal names what the panel keeps (`5,000` balls). */
function keptText(state: AppState, name: EditableField): string {
  switch (name) {
    case 'n':
      return state.n.toLocaleString('en');
    case 'seed':
      return String(state.seed);
    case 'speed':
      return formatSpeed(state.speed);
    case 'lr':
      return effectiveGroups(state)
        .map((group) => group.learningRate)
        .join(', ');
    case 'groups':
      return formatGroups(effectiveGroups(state));
    default:
      return '';
  }
}

/** A preset's name in the page's language (its own name if the tables lack it). */
function landscapeName(preset: { readonly id: string; readonly name: string }): string {
  const key = `landscape.${preset.id}`;
  return isStringKey(key) ? t(key) : preset.name;
}

/** Whether two formulas (that compile) are both f(x) or both f(x, y). */
function sameDimensions(a: string, b: string): boolean {
  const first = compileSafely(a);
  const second = compileSafely(b);
  return first.ok && second.ok && first.expression.dimensions === second.expression.dimensions;
}
