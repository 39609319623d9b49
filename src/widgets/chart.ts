/**
 * The one plot of the widgets: lines against a shared x, drawn by uPlot. Colours are CSS custom
 * properties (Starlight's), read at draw time, so the lines follow the light/dark switch.
 */
import uPlot from 'uplot';

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
  /**
   * Logarithmic y axis: the lines are drawn as log10(y), ticks at whole decades, and a y that is not
   * positive is a gap. (uPlot's own log scale cannot reach the 1e-50 that a vanishing gradient does.)
   */
  logY?: boolean;
  height?: number;
}

/** x values, then one array per line; null where a line has no point. */
export type Columns = [number[], ...(number | null)[][]];

export interface Chart {
  /** Draw these lines; the plot is rebuilt only when the set of lines changes. */
  update(lines: readonly Line[], columns: Columns): void;
  destroy(): void;
}

export function createChart(container: HTMLElement, options: ChartOptions): Chart {
  const height = options.height ?? 220;
  const css = (name: string) => getComputedStyle(container).getPropertyValue(name);
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: () => css('--sl-color-gray-2'),
    grid: { stroke: () => css('--sl-color-gray-5'), width: 1 },
    ticks: { stroke: () => css('--sl-color-gray-5'), width: 1 },
  });
  let plot: uPlot | null = null;
  let key = '';

  function build(lines: readonly Line[], columns: Columns): uPlot {
    return new uPlot(
      {
        width: container.clientWidth,
        height,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          axis(options.xLabel),
          options.logY
            ? { ...axis(options.yLabel), size: 60, incrs: decades, values: (_, ticks) => ticks.map(powerOfTen) }
            : axis(options.yLabel),
        ],
        series: [
          {},
          ...lines.map((line) => ({
            label: line.label,
            stroke: () => css(line.color),
            width: line.width ?? 1.5,
            dash: line.dash,
            spanGaps: true,
            points: { show: false },
          })),
        ],
      },
      columns,
      container,
    );
  }

  const resize = new ResizeObserver(() => plot?.setSize({ width: container.clientWidth, height }));
  resize.observe(container);
  // Starlight switches theme by setting data-theme on <html>.
  const theme = new MutationObserver(() => plot?.redraw(false));
  theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    update(lines, data) {
      const columns: Columns = options.logY ? [data[0], ...data.slice(1).map((ys) => ys.map(log10))] : data;
      const next = JSON.stringify(lines);
      if (plot && next === key) {
        plot.setData(columns);
        return;
      }
      plot?.destroy();
      key = next;
      plot = build(lines, columns);
    },
    destroy() {
      resize.disconnect();
      theme.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
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
 * Put several (x, y) series on one x axis, as uPlot needs: the union of their x values, ascending,
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
