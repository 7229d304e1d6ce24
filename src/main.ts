/** Boot: URL -> state, start the worker with the canvas, wire the panel, HUD and shortcuts. */
import './style.css';
import './i18n.css';
import './responsive.css';
import './focus.css';
import './view-notes.css';
import * as Comlink from 'comlink';
import { GROUP_COLORS } from './core/group-colors.ts';
import { lessonBoot } from './core/lesson.ts';
import {
  type AppState,
  effectiveGroups,
  formatUrlState,
  parseUrlState,
  stateLandscape,
  stateToConfig,
} from './core/url-state.ts';
import { startSimWorker } from './engine/client.ts';
import { forwardPointerEvents } from './engine/forward-events.ts';
import type { DropPoint, InitResult, Report, ViewSize } from './engine/protocol.ts';
import { t, translate } from './i18n/index.ts';
import type { ViewOptions } from './render/view.ts';
import { lossOffset } from './ui/chart-data.ts';
import { Charts } from './ui/charts.ts';
import { statsCsv, trajectoriesCsv } from './ui/csv.ts';
import { DataPane } from './ui/data-pane.ts';
import { download } from './ui/download.ts';
import { installDrawer, keepOutOfDrawer } from './ui/drawer.ts';
import { dropBalls } from './ui/drop.ts';
import { EmbedBar } from './ui/embed-bar.ts';
import { type FreeArea, watchFreeArea } from './ui/free-area.ts';
import { groupLabel } from './ui/group-model.ts';
import { adaptHint } from './ui/hint.ts';
import { StatsHistory } from './ui/history.ts';
import { Hud } from './ui/hud.ts';
import { Inspector } from './ui/inspector.ts';
import { installShortcuts, queuedUntil } from './ui/keyboard.ts';
import { isNarrowScreen } from './ui/layout.ts';
import { installLesson } from './ui/lesson-setup.ts';
import { MessageArea } from './ui/messages.ts';
import { withMotionPreference } from './ui/motion.ts';
import { applyPageLanguage } from './ui/page-language.ts';
import { Panel } from './ui/panel.ts';
import { StartProgressBar } from './ui/progress.ts';
import { installRecording } from './ui/recording.ts';
import { ReportFeed } from './ui/report-feed.ts';
import { StatsTable } from './ui/stats-table.ts';
import { installViewKeys } from './ui/view-keys.ts';
import { installViewNotes } from './ui/view-notes.ts';

const parsed = parseUrlState(location.search);
// A touch screen has no wheel and no keys: its hint names the gestures.
adaptHint(document, window.matchMedia('(pointer: coarse)').matches);
// First, so that everything built below speaks the page's language.
applyPageLanguage(document, parsed.state.lang ?? 'en');

const messages = new MessageArea(document.querySelector<HTMLElement>('[data-testid="error"]')!);
const hud = new Hud(document.getElementById('hud')!);
const statsTable = new StatsTable(
  document.querySelector<HTMLTableElement>('#stats')!,
  document.querySelector<HTMLTableElement>('#basins')!,
);
const chartsArea = document.querySelector<HTMLDetailsElement>('#charts')!;
// Folded on a phone, and beside a model's data pane, which needs the column's room.
if (isNarrowScreen() || parsed.state.model) chartsArea.open = false;
const charts = new Charts(chartsArea);
/** Statistics over the run's steps, for the charts and the statistics CSV. */
const statsHistory = new StatsHistory();
/** Reports to the progress bar and to the history of their run (src/ui/report-feed.ts). */
const feed = new ReportFeed(
  statsHistory,
  new StartProgressBar(document.getElementById('app')!),
  () => state.n,
);
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;

// A lesson brings its own view (the chapter's curve and ball), whatever else the address says.
// Reduced motion: the run waits for play unless the address says `paused` (src/ui/motion.ts).
const booting = withMotionPreference(parsed.state, location.search);
let state: AppState = lessonBoot(booting, location.search);
messages.show(parsed.warnings.map(translate));
/** `embed=1`: the view with a play/pause and a link to the full app; the rest is hidden (style.css). */
const embedBar = state.embed
  ? new EmbedBar(document.getElementById('app')!, () => actions.togglePlay())
  : null;
if (embedBar) document.body.classList.add('embedded');
writeUrl(state);

const viewOptions: ViewOptions = {
  wireframe: false,
  contours: true,
  logHeight: stateLandscape(state).logHeight,
  showMinima: true,
  basinMap: 'off',
  basinGroup: 0,
  trails: true,
  // The lesson draws the slope under its ball as a tangent line.
  tangent: state.lesson !== undefined,
  ballColor: 'group',
  localPatch: false,
};

/** The legend over the view; a group's slider changes its rate live, and the address once let go. */
const legend = installViewNotes(document, state, viewOptions, {
  rate: (group, rate, final) =>
    final ? panel.setGroupRate(group, rate) : guard(api.setLearningRate(group, rate)),
});

const sim = startSimWorker((message) => messages.show([message]));
const api = sim.api;
const inspector = new Inspector(document.querySelector<HTMLElement>('.view-notes')!, () =>
  guard(api.inspect(null)),
);

/** Reports a failure where the person is looking instead of as an uncaught rejection. */
function guard(promise: Promise<unknown>): void {
  promise.catch((error: unknown) => messages.show([error instanceof Error ? error.message : String(error)]));
}

function writeUrl(next: AppState): void {
  window.history.replaceState(null, '', `${location.pathname}${formatUrlState(next)}${location.hash}`);
  // The full app's address for the same view: everything but `embed`.
  const { embed: _embed, ...full } = next;
  embedBar?.update(next.paused, `${location.pathname}${formatUrlState(full)}${location.hash}`);
}

/** The table's rows, the charts' series and the legend follow the groups and the landscape. */
function showGroups(of: AppState): void {
  const groups = effectiveGroups(of);
  // A typed formula's minima (found numerically, the same as in the worker) are its basin columns.
  const landscape = stateLandscape(of);
  statsTable.setGroups(GROUP_COLORS, groups, landscape);
  legend.setGroups(groups, GROUP_COLORS, landscape);
  dataPane.setLandscape(
    landscape,
    of.model ? { data: of.model.data, normalise: of.model.normalise === true } : undefined,
  );
  charts.setGroups(
    groups.map((group, index) => ({ color: GROUP_COLORS[index] ?? '#ffffff', label: groupLabel(group) })),
    lossOffset(landscape.minima),
  );
}

/** `slope-himmelblau-step1200` (`slope-custom-...` for a typed formula): named after what they show. */
function exportName(): string {
  return `slope-${stateLandscape(state).id}-step${statsHistory.steps.at(-1) ?? 0}`;
}

/** Whether two states show the same landscape (the domain counts: a typed one's minima depend on it). */
function sameLandscapeAndDomain(a: AppState, b: AppState): boolean {
  return (
    a.fn === b.fn &&
    a.expr === b.expr &&
    JSON.stringify(a.domain) === JSON.stringify(b.domain) &&
    JSON.stringify(a.model) === JSON.stringify(b.model) &&
    (!a.model || a.seed === b.seed)
  );
}

/**
 * A new model or data for the run (the data pane's edits, its list, its switch): read back through
 * the address's parser like every edit, so a value it would not take is refused with its message.
 * Points edited by hand keep the view where it is (its domain, so the run starts again from the
 * same starts and the minimum is seen to move); other data brings its own domain.
 */
function editModel(
  change: (model: NonNullable<AppState['model']>) => NonNullable<AppState['model']>,
  keepView: boolean,
): void {
  if (!state.model) return;
  const domain = keepView ? (state.domain ?? stateLandscape(state).domain) : null;
  const at = keepView ? state.at : null;
  const parsed = parseUrlState(formatUrlState({ ...state, domain, at, model: change(state.model) }));
  if (parsed.warnings.length > 0) {
    messages.show(parsed.warnings.map(translate), DATA);
    return;
  }
  messages.clearFrom(DATA);
  applyChange(parsed.state, true);
}

/** The message area's source name for the data pane's refusals. */
const DATA = 'data';

/** The data beside a model's landscape: src/ui/data-pane.ts. */
const dataPane = new DataPane(document.querySelector<HTMLDetailsElement>('#data-pane')!, GROUP_COLORS, {
  // Points written out replace a named set (and its count and noise).
  data: (text) => editModel(({ points: _p, noise: _n, ...model }) => ({ ...model, data: text }), true),
  pick: (id) => editModel(({ points: _p, noise: _n, ...model }) => ({ ...model, data: id }), false),
  normalise: (on) =>
    editModel(({ normalise: _old, ...model }) => ({ ...model, ...(on ? { normalise: true } : {}) }), false),
});

/** The message area's source name for the formula field's mistakes. */
const FORMULA = 'formula';

function viewSize(): ViewSize {
  return {
    width: canvas.clientWidth || 1,
    height: canvas.clientHeight || 1,
    pixelRatio: Math.min(devicePixelRatio, 2),
    ...(freeArea ? { insets: freeArea.insets() } : {}),
  };
}

const actions = {
  togglePlay(): void {
    setState({ ...state, paused: !state.paused });
    guard(api.setPlaying(!state.paused));
  },
  step(): void {
    if (!state.paused) actions.togglePlay();
    guard(api.step(1).then(onReport));
  },
  reset(): void {
    guard(api.reset().then(onReport));
  },
  exportPng(): void {
    const name = `${exportName()}.png`;
    guard(api.capturePng().then((png) => download(png, name)));
  },
  exportStatsCsv(): void {
    download(new Blob([statsCsv(statsHistory)], { type: 'text/csv' }), `${exportName()}-stats.csv`);
  },
  exportTrajectoriesCsv(): void {
    const name = `${exportName()}-trajectories.csv`;
    guard(
      api
        .trajectories()
        .then((samples) => download(new Blob([trajectoriesCsv(samples)], { type: 'text/csv' }), name)),
    );
  },
};

function setState(next: AppState): void {
  state = next;
  writeUrl(state);
  panel.setState(state);
  lesson?.setState(state);
}

/** A new state from the panel or the lesson; `needsRestart` when the run must be rebuilt. */
function applyChange(next: AppState, needsRestart: boolean): void {
  const previous = state;
  setState(next);
  // Every string on the page is in the old language: load it again in the new one (the address
  // already has the whole setup).
  if ((next.lang ?? 'en') !== (previous.lang ?? 'en')) {
    location.reload();
    return;
  }
  showGroups(next);
  if (next.speed !== previous.speed) guard(api.setSpeed(next.speed));
  // A backend switch carries the run over: same positions, optimizer state and step.
  if (next.backend !== previous.backend) guard(api.setBackend(next.backend).then(showInit));
  if (!sameLandscapeAndDomain(next, previous)) {
    const logHeight = stateLandscape(next).logHeight;
    panel.setLogHeight(logHeight);
    guard(api.setViewOptions({ logHeight }));
  }
  if (needsRestart) {
    // The worker reports the new run under a new run id: its charts and CSV start there.
    guard(api.configure(stateToConfig(next)).then(showInit));
  } else {
    for (const [index, group] of effectiveGroups(next).entries()) {
      guard(api.setLearningRate(index, group.learningRate));
    }
    // The table's rows were rebuilt empty, and a paused run sends no report by itself.
    guard(api.report().then(onReport));
  }
}

/** The message area's source name for the panel's refusals. */
const PANEL = 'panel';

const panel = new Panel(state, viewOptions, {
  change: applyChange,
  reject: (list) => (list.length > 0 ? messages.show(list, PANEL) : messages.clearFrom(PANEL)),
  formulaProblem: (message) => {
    if (message === null) messages.clearFrom(FORMULA);
    else messages.show([message], FORMULA);
  },
  togglePlay: actions.togglePlay,
  step: actions.step,
  reset: actions.reset,
  viewOptions: (options) => {
    legend.setViewOptions(options);
    guard(api.setViewOptions(options));
  },
  camera: (mode) => guard(api.resetCamera(mode)),
  exportPng: actions.exportPng,
  exportStatsCsv: actions.exportStatsCsv,
  exportTrajectoriesCsv: actions.exportTrajectoriesCsv,
});

/** The lesson beside the view (`lesson=slope`): src/ui/lesson-setup.ts. */
const lesson = installLesson(state, location.search, chartsArea, {
  api,
  state: () => state,
  change: applyChange,
  step: actions.step,
  report: onReport,
  guard,
});

let noticeShown = 0;

/** What a (re)built run tells the page: the height colour map's range, for the legend. */
function showInit(result: InitResult): void {
  legend.setHeightScale(result.heightScale);
}

function onReport(report: Report): void {
  // A rebuild's reports before its backend exists: the old run stays on screen (report-feed.ts).
  if (feed.take(report)) {
    hud.update(report);
    lesson?.update(report);
    inspector.update(report.inspected);
    dataPane.update(report.sample, report.inspected);
    statsTable.update(report.groups);
    legend.setDiverged(report.groups.map((group) => group.divergedPercent > 0));
    charts.update(statsHistory);
  }
  if (report.notice && report.notice.id !== noticeShown) {
    noticeShown = report.notice.id;
    messages.show([report.notice.text]);
  }
}

/** A click on empty ground: a new run with the balls dropped there (the URL keeps it). */
function onDrop(point: DropPoint): void {
  applyChange(dropBalls(state, point), true);
}

/** What of the canvas the panels leave free; watched from the start of the run. */
let freeArea: FreeArea | null = null;

async function boot(): Promise<void> {
  if (!('transferControlToOffscreen' in canvas)) {
    messages.show([t('page.no-offscreen')]);
    return;
  }
  feed.booting();
  showGroups(state);
  // Measured before the first frame, so the landscape is framed clear of the panels from the start.
  freeArea = watchFreeArea(canvas, () => guard(api.resize(viewSize())));
  const offscreen = canvas.transferControlToOffscreen();
  const request = {
    canvas: offscreen,
    size: viewSize(),
    config: stateToConfig(state),
    speed: state.speed,
    paused: state.paused,
    backend: state.backend,
    viewOptions,
    language: state.lang ?? ('en' as const),
  };
  showInit(
    await api.init(Comlink.transfer(request, [offscreen]), Comlink.proxy(onReport), Comlink.proxy(onDrop)),
  );
  forwardPointerEvents(canvas, (event) => void api.pointer(event).catch(() => undefined));
  installViewKeys(window, canvas, {
    orbit: (azimuth, polar, zoom) => guard(api.orbitCamera(azimuth, polar, zoom)),
    drop: () => guard(api.dropAtCentre()),
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') guard(api.inspect(null));
  });
}

const booted = boot();
guard(booted);
const recordingOptions = { say: (text: string) => messages.show([text]), fileName: exportName };
const recording = installRecording(panel.exports, api, booted, recordingOptions);
// From the first moment: a key pressed while the page starts takes effect once it has started.
installShortcuts(window, queuedUntil(actions, booted));
booted.catch(() => feed.failed());

/**
 * For people and tests that automate the page: `slope.ready` resolves once the simulation runs
 * and the keyboard shortcuts work; `slope.loseGpuDevice()` destroys the GPU device mid-run, as a
 * driver reset would, to see the run carry on on the CPU; `slope.inspect(i)` follows ball i (null
 * stops); `slope.record(seconds)` gives a WebM video of the view (src/ui/recording.ts);
 * `slope.setBallLabels([{ index, text }])` writes texts beside balls; `slope.viewGeometry()`
 * says where the landscape is drawn;
 * `slope.exportStatsCsv()` and
 * `slope.exportTrajectoriesCsv()` give the exports' text (README: "Statistics, charts and
 * export") without a download.
 */
(window as unknown as { slope: object }).slope = {
  ready: booted.catch(() => undefined),
  loseGpuDevice: () => api.loseGpuDevice(),
  inspect: (index: number | null) => api.inspect(index),
  setBallLabels: (labels: readonly { index: number; text: string }[]) => api.setBallLabels(labels),
  viewGeometry: () => api.viewGeometry(),
  exportStatsCsv: (): string => statsCsv(statsHistory),
  exportTrajectoriesCsv: async (): Promise<string> => trajectoriesCsv(await api.trajectories()),
  record: (seconds: number): Promise<Blob> => recording.record(seconds),
};

installDrawer(document.getElementById('app')!); // drawer (phones and tablets)
// On those screens the data pane shares the screen with the view rather than hide in the drawer.
keepOutOfDrawer(document.querySelector<HTMLElement>('#data-pane')!, document.getElementById('app')!);
