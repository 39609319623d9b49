/**
 * What the widget's canvases share: a size at the device's pixel ratio, text settings that do not
 * cost the page a style pass at every draw, and a redraw when Starlight switches theme.
 */

/** The text settings of a canvas: `font`, and a fixed direction, which spares fillText from looking up the inherited one. */
export function setText(ctx: CanvasRenderingContext2D, font: string): void {
  ctx.font = font;
  ctx.direction = 'ltr';
}

/**
 * Size `canvas` to width × height CSS pixels at the device's pixel ratio, only when that has changed:
 * resizing reallocates the canvas and resets its context, font included, which is then set again at
 * once. Setting a font on a canvas in the page forces a style pass of the page first (up to 27 ms
 * measured while a widget trains), so it is not set at each draw; a resize comes from a resize
 * observer's call, when style is clean.
 */
export function fitCanvas(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, width: number, height: number, font: string): void {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width === Math.round(width * dpr) && canvas.height === Math.round(height * dpr)) return;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  setText(ctx, font);
}

/** Call `changed` whenever Starlight switches theme (it sets data-theme on <html>); returns the way to stop. */
export function onThemeChange(changed: () => void): () => void {
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
