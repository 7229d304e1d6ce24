/** Boot: URL -> state, start the worker with the canvas, wire the panel, HUD and shortcuts. */
import './style.css';
import * as Comlink from 'comlink';
import { GROUP_COLORS } from './core/group-colors.ts';
import { findPreset } from './core/landscapes/index.ts';
import {
  type AppState,
  effectiveGroups,
  formatUrlState,
  parseUrlState,
  stateToConfig,
} from './core/url-state.ts';
import { startSimWorker } from './engine/client.ts';
import { forwardPointerEvents } from './engine/forward-events.ts';
import type { Report, ViewSize } from './engine/protocol.ts';
import type { ViewOptions } from './render/view.ts';
import { Hud } from './ui/hud.ts';
import { installShortcuts } from './ui/keyboard.ts';
import { MessageArea } from './ui/messages.ts';
import { Panel } from './ui/panel.ts';

const messages = new MessageArea(document.querySelector<HTMLElement>('[data-testid="error"]')!);
const hud = new Hud(document.getElementById('hud')!);
const canvas = document.querySelector<HTMLCanvasElement>('#view')!;

const parsed = parseUrlState(location.search);
let state: AppState = parsed.state;
messages.show(parsed.warnings);
writeUrl(state);

const viewOptions: ViewOptions = {
  wireframe: false,
  contours: true,
  logHeight: findPreset(state.fn)!.logHeight,
  showMinima: true,
};

const sim = startSimWorker((message) => messages.show([message]));
const api = sim.api;

/** Reports a failure where the person is looking instead of as an uncaught rejection. */
function guard(promise: Promise<unknown>): void {
  promise.catch((error: unknown) => messages.show([error instanceof Error ? error.message : String(error)]));
}

function writeUrl(next: AppState): void {
  history.replaceState(null, '', `${location.pathname}${formatUrlState(next)}${location.hash}`);
}

function showGroups(of: AppState): void {
  hud.setGroups(GROUP_COLORS, effectiveGroups(of));
}

function viewSize(): ViewSize {
  return {
    width: canvas.clientWidth || 1,
    height: canvas.clientHeight || 1,
    pixelRatio: Math.min(devicePixelRatio, 2),
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
};

function setState(next: AppState): void {
  state = next;
  writeUrl(state);
  panel.setState(state);
}

const panel = new Panel(state, viewOptions, {
  change(next, needsRestart) {
    const previous = state;
    setState(next);
    showGroups(next);
    if (next.speed !== previous.speed) guard(api.setSpeed(next.speed));
    // A backend switch carries the run over: same positions, optimizer state and step.
    if (next.backend !== previous.backend) guard(api.setBackend(next.backend));
    if (next.fn !== previous.fn) {
      const logHeight = findPreset(next.fn)!.logHeight;
      panel.setLogHeight(logHeight);
      guard(api.setViewOptions({ logHeight }));
    }
    if (needsRestart) guard(api.configure(stateToConfig(next)));
    else {
      for (const [index, group] of effectiveGroups(next).entries()) {
        guard(api.setLearningRate(index, group.learningRate));
      }
    }
  },
  reject: (list) => messages.show(list),
  togglePlay: actions.togglePlay,
  step: actions.step,
  reset: actions.reset,
  viewOptions: (options) => guard(api.setViewOptions(options)),
  camera: (mode) => guard(api.resetCamera(mode)),
});

let noticeShown = 0;

function onReport(report: Report): void {
  hud.update(report);
  if (report.notice && report.notice.id !== noticeShown) {
    noticeShown = report.notice.id;
    messages.show([report.notice.text]);
  }
}

async function boot(): Promise<void> {
  if (!('transferControlToOffscreen' in canvas)) {
    messages.show([
      'This browser cannot draw from a worker (no OffscreenCanvas); please use a current Chrome, Edge, Firefox or Safari.',
    ]);
    return;
  }
  showGroups(state);
  const offscreen = canvas.transferControlToOffscreen();
  const request = {
    canvas: offscreen,
    size: viewSize(),
    config: stateToConfig(state),
    speed: state.speed,
    paused: state.paused,
    backend: state.backend,
    viewOptions,
  };
  await api.init(Comlink.transfer(request, [offscreen]), Comlink.proxy(onReport));
  forwardPointerEvents(canvas, (event) => void api.pointer(event).catch(() => undefined));
  new ResizeObserver(() => guard(api.resize(viewSize()))).observe(canvas);
  installShortcuts(window, actions);
}

/**
 * For people and tests that automate the page: `slope.loseGpuDevice()` destroys the GPU device
 * mid-run, as a driver reset would, to see the run carry on on the CPU.
 */
(window as unknown as { slope: object }).slope = {
  loseGpuDevice: () => api.loseGpuDevice(),
};

guard(boot());
