/**
 * The lesson's wiring (`lesson=slope`): builds its panel beside the view, above the charts (which
 * it folds away), on the first page, or on the last when the address is a visit to another
 * landscape from it, and turns its page actions into calls on the simulation worker.
 */
import type * as Comlink from 'comlink';
import { isLessonVisit, lessonView } from '../core/lesson.ts';
import { type AppState, formatUrlState } from '../core/url-state.ts';
import type { Report, SimWorkerApi } from '../engine/protocol.ts';
import { keepOutOfDrawer } from './drawer.ts';
import { LAST_LESSON_PAGE, LessonPanel } from './lesson-panel.ts';
import { withoutAutoPlay } from './motion.ts';

/** What the lesson needs of the app around it. */
export interface LessonHost {
  readonly api: Comlink.Remote<SimWorkerApi>;
  /** The app's state now. */
  state(): AppState;
  /** A new state, as the control panel gives one (main.ts applyChange). */
  change(next: AppState, needsRestart: boolean): void;
  /** The app's own single step, which pauses a playing run. */
  step(): void;
  /** Hands a report to everything that shows one. */
  report(report: Report): void;
  /** Shows a rejected promise's reason instead of leaving it uncaught. */
  guard(promise: Promise<unknown>): void;
}

/**
 * The lesson's panel for a state with `lesson`, null without one. `search` is the page's query,
 * which tells a visit from the lesson's last page (src/core/lesson.ts isLessonVisit).
 */
export function installLesson(
  state: AppState,
  search: string,
  charts: HTMLDetailsElement,
  host: LessonHost,
): LessonPanel | null {
  if (!state.lesson) return null;
  const { api, guard } = host;
  const panel = new LessonPanel(
    charts.parentElement!,
    charts,
    {
      step: host.step,
      // A beat that falls while the worker swaps in the page's new run finds no run to step:
      // it is simply skipped (the next one steps), rather than shown as an error.
      beat: () => api.step(1).then(host.report, () => undefined),
      show(view) {
        // The lesson's ball with only the ground around it drawn: the same run, another view. The
        // tangent line is the single ball's slope; among several balls it would single one out.
        const single = view === 'one' || view === 'local' || view === 'data';
        guard(api.setViewOptions({ localPatch: view === 'local', tangent: single }));
        const current = host.state();
        const next = withoutAutoPlay(lessonView(current, 'slope', view), current);
        if (formatUrlState(next) === formatUrlState(current)) return;
        if (next.paused !== current.paused) guard(api.setPlaying(!next.paused));
        host.change(next, true);
      },
      labels: (labels) => guard(api.setBallLabels(labels)),
    },
    isLessonVisit(state, search) ? LAST_LESSON_PAGE : 0,
  );
  // What the view runs at boot: on a visit, another landscape, with the way back to the lesson.
  panel.setState(state);
  charts.open = false;
  keepOutOfDrawer(panel.element, charts.ownerDocument.getElementById('app')!);
  return panel;
}
