/**
 * PNG capture of the view's canvas, an OffscreenCanvas in the render worker or a page canvas.
 */

/**
 * A PNG of a fresh frame: calls `draw`, then encodes `canvas` in the same task, before the browser
 * presents (and may discard) the drawing buffer; a capture a task later could come out blank.
 */
export function capturePng(draw: () => void, canvas: HTMLCanvasElement | OffscreenCanvas): Promise<Blob> {
  draw();
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('view: the canvas could not be encoded'))),
      'image/png',
    );
  });
}
