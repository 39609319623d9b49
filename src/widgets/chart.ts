/**
 * The live loss chart: per-character loss of each step (faint) and its moving average (accent)
 * against the step. Colours come from Starlight's CSS variables and follow the light/dark switch.
 */
import uPlot from 'uplot';
import type { LossSeries } from './loss-series.ts';

const HEIGHT = 220;

export interface LossChart {
  /** Redraw from the series (after it changed). */
  update(): void;
  destroy(): void;
}

export function createLossChart(container: HTMLElement, series: LossSeries): LossChart {
  const colors = { text: '', grid: '', loss: '', smooth: '' };
  const readColors = () => {
    const style = getComputedStyle(container);
    colors.text = style.getPropertyValue('--sl-color-gray-2');
    colors.grid = style.getPropertyValue('--sl-color-gray-5');
    colors.loss = style.getPropertyValue('--sl-color-gray-4');
    colors.smooth = style.getPropertyValue('--sl-color-accent');
  };
  readColors();
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: () => colors.text,
    grid: { stroke: () => colors.grid, width: 1 },
    ticks: { stroke: () => colors.grid, width: 1 },
  });
  const plot = new uPlot(
    {
      width: container.clientWidth,
      height: HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [axis('step'), axis('nats per character')],
      series: [
        {},
        { label: 'loss', stroke: () => colors.loss, width: 1, points: { show: false } },
        { label: 'smoothed loss', stroke: () => colors.smooth, width: 2, points: { show: false } },
      ],
    },
    [series.steps, series.losses, series.smoothLosses],
    container,
  );

  const resize = new ResizeObserver(() => plot.setSize({ width: container.clientWidth, height: HEIGHT }));
  resize.observe(container);
  // Starlight switches theme by setting data-theme on <html>.
  const theme = new MutationObserver(() => {
    readColors();
    plot.redraw(false);
  });
  theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    update: () => plot.setData([series.steps, series.losses, series.smoothLosses]),
    destroy: () => {
      resize.disconnect();
      theme.disconnect();
      plot.destroy();
    },
  };
}
