/**
 * The one plot of the widgets: lines against a shared x on a canvas, with axes, a grid and a
 * legend. Colours are CSS custom properties (Starlight's), read when the chart is made and again
 * when Starlight switches theme, so the lines follow the light/dark switch. Written here rather than taken from a plotting library: the widgets need
 * lines, ticks and a legend, in about 2 kB, where a chapter page has 90 kB for all its JavaScript,
 * search included; and its legend is text, not a row of buttons that only a mouse can press.
 */
import { fitCanvas, onThemeChange, setText } from './canvas.ts';

export interface Line {
  label: string;
  /** A CSS custom property, e.g. "--sl-color-accent". */
  color: string;
  width?: number;
  dash?: number[];
}

export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  /** Logarithmic y axis: the lines are drawn as log10(y), ticks at whole decades, and a y that is not positive is a gap. */
  logY?: boolean;
  height?: number;
}

/** x values, then one array per line; null where a line has no point. */
export type Columns = [number[], ...(number | null)[][]];

export interface Chart {
  /** Draw these lines; the legend is rebuilt only when the set of lines changes. */
  update(lines: readonly Line[], columns: Columns): void;
  destroy(): void;
}

/** CSS pixels around the plot: room for the tick labels and the axis labels. */
const PAD = { left: 64, right: 12, top: 8, bottom: 40 };

export function createChart(container: HTMLElement, options: ChartOptions): Chart {
  const height = options.height ?? 220;
  const canvas = document.createElement('canvas');
  canvas.className = 'chart-plot';
  const legend = document.createElement('ul');
  legend.className = 'chart-legend';
  container.append(canvas, legend);
  let lines: readonly Line[] = [];
  let columns: Columns = [[]];
  let key = '';
  // Kept from the resize observer: reading it at each draw would force a layout of the page.
  let width = container.clientWidth;

  // Read now, before there is anything to draw, and again when the theme changes: reading computed
  // style forces a style pass, and the first text in a font costs a canvas 10–40 ms of font look-up.
  // Paid here, as the widget appears, neither lands in a frame of training.
  const readStyle = () => {
    const computed = getComputedStyle(container);
    const css = (name: string) => computed.getPropertyValue(name).trim();
    const colors = new Map<string, string>();
    const color = (name: string) => colors.get(name) ?? colors.set(name, css(name)).get(name)!;
    return { font: `12px ${computed.fontFamily}`, grid: css('--sl-color-gray-5'), text: css('--sl-color-gray-2'), color };
  };
  let style = readStyle();
  const ctx = canvas.getContext('2d');
  if (ctx) {
    setText(ctx, style.font);
    ctx.measureText(`${options.xLabel} ${options.yLabel} 0123456789.,−⁰¹²³⁴⁵⁶⁷⁸⁹⁻`);
  }

  function draw(): void {
    const dpr = window.devicePixelRatio || 1;
    if (!ctx) return;
    fitCanvas(canvas, ctx, width, height, style.font);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const xs = columns[0];
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let j = 1; j < columns.length; j++) {
      for (const y of columns[j]) {
        if (y === null || !Number.isFinite(y)) continue;
        if (y < yMin) yMin = y;
        if (y > yMax) yMax = y;
      }
    }
    if (xs.length === 0 || yMin > yMax || width <= PAD.left + PAD.right) return;
    const { grid, text, color } = style;
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const [x0, x1] = [xs[0], xs[xs.length - 1]];
    const xTicks = linearTicks(x0, x1, Math.max(2, Math.floor(plotW / 90)));
    const yAxis = options.logY
      ? decadeTicks(yMin, yMax, Math.max(2, Math.floor(plotH / 35)))
      : niceRange(yMin, yMax, Math.max(2, Math.floor(plotH / 35)));
    const px = (x: number) => PAD.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * plotW : plotW / 2);
    const py = (y: number) => PAD.top + plotH - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * plotH;

    ctx.strokeStyle = grid;
    ctx.fillStyle = text;
    ctx.lineWidth = 1;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of xTicks.ticks) {
      line(ctx, [[px(t), PAD.top], [px(t), PAD.top + plotH]]);
      ctx.fillText(xTicks.label(t), px(t), PAD.top + plotH + 4);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of yAxis.ticks) {
      line(ctx, [[PAD.left, py(t)], [PAD.left + plotW, py(t)]]);
      ctx.fillText(options.logY ? powerOfTen(t) : yAxis.label(t), PAD.left - 6, py(t));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(options.xLabel, PAD.left + plotW / 2, height - 2);
    ctx.save();
    ctx.translate(12, PAD.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(options.yLabel, 0, 0);
    ctx.restore();

    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left, PAD.top, plotW, plotH);
    ctx.clip();
    lines.forEach((l, j) => {
      const column = columns[j + 1];
      ctx.strokeStyle = color(l.color);
      ctx.lineWidth = l.width ?? 1.5;
      ctx.setLineDash(l.dash ?? []);
      ctx.beginPath();
      // Thousands of steps share a few hundred pixel columns: each column gets its first, lowest,
      // highest and last point, which draws the same line at a fraction of the cost. A null is
      // skipped, so the line runs on across it to the next point.
      let column0 = NaN;
      let first = 0, low = 0, high = 0, last = 0;
      let started = false;
      let drawn = 0;
      const flush = () => {
        if (Number.isNaN(column0)) return;
        if (started) ctx.lineTo(column0, first);
        else ctx.moveTo(column0, first);
        started = true;
        drawn++;
        if (low !== high) {
          ctx.lineTo(column0, low);
          ctx.lineTo(column0, high);
        }
        ctx.lineTo(column0, last);
      };
      for (let i = 0; i < xs.length; i++) {
        const y = column[i];
        if (y === null || !Number.isFinite(y)) continue;
        const X = Math.round(px(xs[i]) * dpr) / dpr;
        const Y = py(y);
        if (X !== column0) {
          flush();
          column0 = X;
          first = low = high = last = Y;
        } else {
          if (Y < low) low = Y;
          if (Y > high) high = Y;
          last = Y;
        }
      }
      flush();
      ctx.stroke();
      // A line of one point (after a single Step) is no line at all: it gets a dot.
      if (drawn === 1 && low === high) {
        ctx.fillStyle = ctx.strokeStyle;
        ctx.beginPath();
        ctx.arc(column0, last, (l.width ?? 1.5) + 1.5, 0, 2 * Math.PI);
        ctx.fill();
      }
    });
    ctx.restore();
  }

  function showLegend(): void {
    legend.replaceChildren(
      ...lines.map((l) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'chart-key';
        swatch.style.borderTop = `${Math.max(2, l.width ?? 1.5)}px ${l.dash ? 'dashed' : 'solid'} var(${l.color})`;
        item.append(swatch, l.label);
        return item;
      }),
    );
  }

  const resize = new ResizeObserver(([entry]) => {
    width = entry.contentRect.width;
    draw();
  });
  resize.observe(container);
  const stopTheme = onThemeChange(() => {
    style = readStyle();
    if (ctx) setText(ctx, style.font);
    draw();
  });

  return {
    update(next, data) {
      columns = options.logY ? [data[0], ...data.slice(1).map((ys) => ys.map(log10))] : data;
      lines = next;
      const nextKey = JSON.stringify(next);
      if (nextKey !== key) showLegend();
      key = nextKey;
      draw();
    },
    destroy() {
      resize.disconnect();
      stopTheme();
      canvas.remove();
      legend.remove();
    },
  };
}

function line(ctx: CanvasRenderingContext2D, [[ax, ay], [bx, by]]: [number, number][]): void {
  ctx.beginPath();
  ctx.moveTo(Math.round(ax) + 0.5, Math.round(ay) + 0.5);
  ctx.lineTo(Math.round(bx) + 0.5, Math.round(by) + 0.5);
  ctx.stroke();
}

/** Ticks of an axis: their values, the axis's ends, and how a tick is written. */
export interface Axis {
  min: number;
  max: number;
  ticks: number[];
  label: (t: number) => string;
}

/** The tick spacing for about `count` ticks over `span`: 1, 2 or 5 times a power of ten. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw * (1 - 1e-9)) ?? 10 * power;
}

/** Ticks at most `count` apart across [min, max], the ends unchanged (the x axis: first step to last). */
export function linearTicks(min: number, max: number, count: number): Axis {
  const span = max > min ? max - min : Math.abs(min) || 1;
  const step = niceStep(span, count);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toFixed(digits)));
  return { min, max, ticks, label: (t) => formatWith(digits).format(t) };
}

// A number format costs more to make than a whole draw: one per number of decimals, made once.
const formats = new Map<number, Intl.NumberFormat>();
function formatWith(digits: number): Intl.NumberFormat {
  let format = formats.get(digits);
  if (!format) formats.set(digits, (format = new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return format;
}

/** The ends of [min, max] widened to whole ticks (the y axis), with their ticks. */
export function niceRange(min: number, max: number, count: number): Axis {
  if (!(max > min)) [min, max] = [min - 0.5, max + 0.5];
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  return { ...linearTicks(lo, hi, Math.round((hi - lo) / step)), min: lo, max: hi };
}

/** A log axis in decades (values are log10 y): whole decades around [min, max], ticks every 1, 2, 5, … decades. */
export function decadeTicks(min: number, max: number, count: number): Axis {
  let lo = Math.floor(min);
  let hi = Math.ceil(max);
  if (hi === lo) hi = lo + 1;
  const step = decades.find((d) => (hi - lo) / d <= count) ?? decades[decades.length - 1];
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(k);
  return { min: lo, max: hi, ticks, label: powerOfTen };
}

/** Tick spacings of a log axis, in decades. */
const decades = [1, 2, 5, 10, 20, 50, 100];
const log10 = (y: number | null) => (y !== null && y > 0 && Number.isFinite(y) ? Math.log10(y) : null);
const superscripts = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** The label of the tick at log10(y) = k: "1", "10", then 10ᵏ with k in superscript. */
export function powerOfTen(k: number): string {
  if (k === 0) return '1';
  if (k === 1) return '10';
  const digits = String(Math.abs(Math.round(k))).replace(/\d/g, (d) => superscripts[Number(d)]!);
  return `10${k < 0 ? '⁻' : ''}${digits}`;
}

/**
 * Put several (x, y) series on one x axis, as the chart draws them: the union of their x values, ascending,
 * with null where a series has no point. Each series' x must be ascending; they are merged in one
 * pass, as this runs at every redraw while a model trains.
 */
export function alignSeries(series: readonly { x: readonly number[]; y: readonly number[] }[]): Columns {
  const xs: number[] = [];
  const ys: (number | null)[][] = series.map(() => []);
  const next = series.map(() => 0);
  for (;;) {
    let x = Infinity;
    series.forEach((s, k) => {
      if (next[k] < s.x.length && s.x[next[k]] < x) x = s.x[next[k]];
    });
    if (x === Infinity) break;
    xs.push(x);
    series.forEach((s, k) => ys[k].push(s.x[next[k]] === x ? s.y[next[k]++] : null));
  }
  return [xs, ...ys];
}
