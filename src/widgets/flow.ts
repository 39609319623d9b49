/**
 * The gradient-flow panel: ‖∂L_T/∂h_t‖ against t for every run, at step 0 (dashed) and at its
 * latest measure (solid), on a log axis, and the same numbers as a table for readers who cannot
 * see the plot.
 */
import type { Columns, Line } from './chart.ts';
import type { Measures } from './protocol.ts';
import { modelColor, modelLabel } from './run.ts';

export interface FlowRun {
  model: string;
  first: Measures | null;
  last: Measures | null;
}

export function flowChart(runs: readonly FlowRun[]): { lines: Line[]; columns: Columns } {
  const lines: Line[] = [];
  const ys: (number | null)[][] = [];
  let T = 0;
  for (const { model, first, last } of runs) {
    if (!first || !last) continue;
    T = Math.max(T, first.flow.length);
    // Both lines from the first measure on, the latest empty until training has moved: a new set of
    // lines rebuilds the plot, which is too slow to do at every measure.
    lines.push(
      { label: `${modelLabel(model)}, step 0`, color: modelColor(model), width: 1, dash: [4, 4] },
      { label: `${modelLabel(model)}, latest`, color: modelColor(model), width: 2 },
    );
    ys.push(first.flow, last.step > 0 ? last.flow : first.flow.map(() => null));
  }
  return { lines, columns: [Array.from({ length: T }, (_, i) => i + 1), ...ys] };
}

/** ‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖: below 1 the gradient has shrunk on its way back, above 1 it has grown. */
export function reach(flow: readonly number[]): number {
  return flow[0] / flow[flow.length - 1];
}

const sci = (x: number) => (x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(1) : String(x));

export const flowHeader = ['model', 'σ_max at step 0', 'ratio at step 0', 'latest step', 'σ_max', 'ratio'];

/** One row per measured run (columns as flowHeader): σ_max and the ratio `reach` at step 0 and at the latest measure. */
export function flowRows(runs: readonly FlowRun[]): string[][] {
  const rows: string[][] = [];
  for (const { model, first, last } of runs) {
    if (!first || !last) continue;
    const later = last.step > 0;
    rows.push([
      modelLabel(model), first.sigmaMax.toFixed(3), sci(reach(first.flow)),
      later ? last.step.toLocaleString('en') : '–', later ? last.sigmaMax.toFixed(3) : '–', later ? sci(reach(last.flow)) : '–',
    ]);
  }
  return rows;
}
