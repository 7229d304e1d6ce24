import { describe, expect, it } from 'vitest';
import { freeInsets } from '../../src/ui/free-area.ts';

const desk = { left: 0, top: 0, right: 1280, bottom: 800 };
const rect = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });

describe('freeInsets: the canvas left free by the panels', () => {
  it('is the whole canvas without panels', () => {
    expect(freeInsets(desk, [])).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
  });

  it('keeps clear of the HUD (top left), the charts (bottom left) and the panel (right)', () => {
    const hud = rect(14, 14, 630, 232);
    const charts = rect(14, 445, 432, 788);
    const panel = rect(998, 12, 1268, 762);
    const insets = freeInsets(desk, [hud, charts, panel]);
    const free = rect(insets.left, insets.top, 1280 - insets.right, 800 - insets.bottom);
    for (const panelRect of [hud, charts, panel]) {
      const overlaps =
        panelRect.left < free.right &&
        panelRect.right > free.left &&
        panelRect.top < free.bottom &&
        panelRect.bottom > free.top;
      expect(overlaps).toBe(false);
    }
    // The largest such space: right of the charts, under the HUD, left of the panel.
    expect(insets).toEqual({ top: 232, right: 282, bottom: 0, left: 432 });
  });

  it('mirrors with the panels (Hebrew: the panel on the left)', () => {
    const mirror = (r: ReturnType<typeof rect>) => rect(1280 - r.right, r.top, 1280 - r.left, r.bottom);
    const panels = [rect(14, 14, 630, 232), rect(14, 445, 432, 788), rect(998, 12, 1268, 762)];
    const ltr = freeInsets(desk, panels);
    const rtl = freeInsets(desk, panels.map(mirror));
    expect(rtl).toEqual({ top: ltr.top, right: ltr.left, bottom: ltr.bottom, left: ltr.right });
  });

  it('on a phone, frames below the drawer button rather than beside it', () => {
    const phone = { left: 0, top: 0, right: 390, bottom: 844 };
    const insets = freeInsets(phone, [rect(216, 10, 380, 54)]);
    expect(insets).toEqual({ top: 54, right: 0, bottom: 0, left: 0 });
  });

  it('ignores panels outside the canvas and gives up when nothing useful is left', () => {
    expect(freeInsets(desk, [rect(-500, 0, -10, 800), rect(0, 900, 1280, 1000)])).toEqual({
      top: 0,
      right: 0,
      bottom: 0,
      left: 0,
    });
    // An open drawer over the whole phone: nothing left to frame into, so the whole canvas.
    const phone = { left: 0, top: 0, right: 390, bottom: 844 };
    expect(freeInsets(phone, [rect(0, 0, 390, 844)])).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
  });

  it('measures in canvas coordinates when the canvas is not at the page origin', () => {
    const canvas = { left: 100, top: 50, right: 900, bottom: 650 };
    const insets = freeInsets(canvas, [rect(700, 50, 900, 650)]);
    expect(insets).toEqual({ top: 0, right: 200, bottom: 0, left: 0 });
  });

  it('is not thrown off by panels at fractions of a pixel (a 768x1024 tablet)', () => {
    const tablet = { left: 0, top: 0, right: 768, bottom: 1024 };
    // The drawer's button ends at 54.4 px, the notes' column sits at the bottom right: the band
    // under the button, the whole width, is the place (it was once the strip beside the notes).
    const insets = freeInsets(tablet, [
      rect(594.2, 10, 758, 54.4),
      rect(338, 805.3, 758, 900.1),
      rect(338, 908, 758, 1014),
    ]);
    expect(insets).toEqual({ top: 55, right: 0, bottom: 219, left: 0 });
  });
});
