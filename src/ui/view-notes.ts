/**
 * What the page says over the view, at its bottom beside the panel (index.html `.view-notes`):
 * the legend and, on a first visit, the caption that says what a ball is. Messages share the
 * column (src/ui/messages.ts), so none of them covers another or the charts.
 */
import type { AppState } from '../core/url-state.ts';
import type { ViewOptions } from '../render/view.ts';
import { showCaption } from './caption.ts';
import { isNarrowScreen } from './layout.ts';
import { Legend, type LegendActions } from './legend.ts';

/** The lesson's address in the page's language. */
export function lessonHref(language: AppState['lang']): string {
  const params = new URLSearchParams({ lesson: 'slope' });
  if (language) params.set('lang', language);
  return `?${params.toString()}`;
}

/**
 * Builds the legend (folded beside a lesson, which explains its one ball itself, and left out of a
 * phone's lesson; folded on a narrow window, where the view is small) and the caption (not in a
 * lesson or an embedded view).
 */
export function installViewNotes(
  page: Document,
  state: AppState,
  view: ViewOptions,
  actions: LegendActions,
): Legend {
  const folded = state.lesson !== undefined || isNarrowScreen();
  const root = page.getElementById('legend')!;
  // On a phone the lesson's sheet takes the bottom of the screen (src/view-notes.css).
  root.classList.toggle('beside-lesson', state.lesson !== undefined);
  const legend = new Legend(root, view, actions, !folded);
  const caption = page.getElementById('caption')!;
  if (state.lesson === undefined && !state.embed) showCaption(caption, lessonHref(state.lang));
  return legend;
}
