/**
 * Which layout the window gets. Wide windows: the panel at the top right, the HUD and the charts
 * in the left column, all over the view. Phones, tablets and short windows: the view alone, with
 * a button that opens a drawer holding all of them (src/ui/drawer.ts, src/responsive.css).
 */

/**
 * Windows too narrow for the panel (270px) beside the left column. Must match the `@media`
 * query of the same width in style.css.
 */
export const NARROW_SCREEN = '(max-width: 760px)';

/**
 * Windows that get the drawer: up to a portrait tablet (768px, 820px, with room to spare), and
 * phones held sideways, whose 390px or so of height would stack the panel over the column.
 * Must match the `@media` query in src/responsive.css.
 */
export const DRAWER_SCREEN = '(max-width: 900px), (max-height: 520px)';

/** Whether the panel, the HUD and the charts live in the drawer (see DRAWER_SCREEN). */
export function usesDrawer(): boolean {
  return window.matchMedia(DRAWER_SCREEN).matches;
}

/**
 * Whether the panel and the charts should start folded, so that they do not cover the view the
 * moment the page opens. In the drawer they cover nothing until the person opens it, and then
 * they are what was asked for, so they start unfolded there.
 */
export function isNarrowScreen(): boolean {
  return window.matchMedia(NARROW_SCREEN).matches && !usesDrawer();
}
