/**
 * The embedding picture: every word's vector as a dot at its coordinates on the table's first two
 * principal components (lib/core/pca.ts, computed in the worker), the most frequent words named, and
 * the word the reader asked about with its nearest neighbours marked. A canvas, drawn only when a
 * new measure arrives (with each sample), with the theme's colours as the line chart reads them.
 */
import { fitCanvas, onThemeChange, setText } from './canvas.ts';
import type { EmbeddingMap } from './protocol.ts';

export interface WordMap {
  update(map: EmbeddingMap, names: readonly string[], marked: readonly number[]): void;
  clear(): void;
}

const HEIGHT = 320;
const PAD = 16;

export function createWordMap(container: HTMLElement): WordMap {
  const canvas = document.createElement('canvas');
  container.append(canvas);
  let last: { map: EmbeddingMap; names: readonly string[]; marked: readonly number[] } | null = null;
  let width = container.clientWidth;

  // Read now, before there is anything to draw, and again when the theme changes: reading computed
  // style forces a style pass of the whole chapter (up to 30 ms after a sample had changed the page).
  const readStyle = () => {
    const computed = getComputedStyle(container);
    const css = (name: string) => computed.getPropertyValue(name).trim();
    return { font: `12px ${computed.fontFamily}`, dot: css('--sl-color-gray-4'), label: css('--sl-color-gray-2'), mark: css('--sl-color-accent-high') };
  };
  let style = readStyle();
  const ctx = canvas.getContext('2d');
  if (ctx) {
    setText(ctx, style.font);
    ctx.measureText('the crow');
  }

  function draw(): void {
    const dpr = window.devicePixelRatio || 1;
    if (!ctx) return;
    fitCanvas(canvas, ctx, width, HEIGHT, style.font);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!last) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { points, labelled } = last.map;
    const [xMin, xMax, yMin, yMax] = bounds(points);
    if (!(xMax >= xMin)) return;
    const sx = (width - 2 * PAD) / Math.max(xMax - xMin, 1e-12);
    const sy = (HEIGHT - 2 * PAD) / Math.max(yMax - yMin, 1e-12);
    const px = (v: number) => PAD + (points[2 * v] - xMin) * sx;
    const py = (v: number) => HEIGHT - PAD - (points[2 * v + 1] - yMin) * sy;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = style.dot;
    for (let v = 0; 2 * v < points.length; v++) {
      if (Number.isNaN(points[2 * v])) continue;
      ctx.fillRect(px(v) - 1.5, py(v) - 1.5, 3, 3);
    }
    const marked = new Set(last.marked);
    ctx.fillStyle = style.label;
    for (const v of labelled) if (!marked.has(v)) ctx.fillText(last.names[v], px(v) + 4, py(v));
    // The asked word and its neighbours: a larger dot, and their names in the accent colour.
    ctx.fillStyle = style.mark;
    for (const v of marked) {
      if (Number.isNaN(points[2 * v])) continue;
      ctx.beginPath();
      ctx.arc(px(v), py(v), 3.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillText(last.names[v], px(v) + 5, py(v));
    }
  }

  onThemeChange(() => {
    style = readStyle();
    if (ctx) setText(ctx, style.font);
    draw();
  });

  new ResizeObserver(([entry]) => {
    width = entry.contentRect.width;
    draw();
  }).observe(container);

  return {
    update(map, names, marked) {
      last = { map, names, marked };
      draw();
    },
    clear() {
      last = null;
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}

/** The smallest and largest x and y of the points that are not NaN. */
export function bounds(points: Float64Array): [number, number, number, number] {
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i], y = points[i + 1];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  return [xMin, xMax, yMin, yMax];
}
