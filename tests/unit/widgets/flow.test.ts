import { describe, expect, it } from 'vitest';
import { type FlowRun, flowChart, flowHeader, flowRows, reach } from '../../../src/widgets/flow.ts';
import type { Measures } from '../../../src/widgets/protocol.ts';

const measures = (step: number, flow: number[], sigmaMax: number): Measures => ({ step, flow, sigmaMax, labels: [], gates: [] });

describe('flow panel', () => {
  it('reach is the gradient at the first step over the gradient at the last', () => {
    expect(reach([1e-6, 1e-3, 2])).toBe(5e-7);
  });

  it('draws step 0 dashed for every measured run, and its latest measure solid once training has moved (empty before)', () => {
    const runs: FlowRun[] = [
      { model: 'rnn', first: measures(0, [1, 2, 3], 0.1), last: measures(0, [1, 2, 3], 0.1) },
      { model: 'lstm', first: measures(0, [4, 5, 6], 0.2), last: measures(1000, [7, 8, 9], 0.3) },
      { model: 'gru', first: null, last: null },
    ];
    const { lines, columns } = flowChart(runs);
    expect(lines.map((l) => [l.label, l.dash !== undefined])).toEqual([
      ['RNN, step 0', true],
      ['RNN, latest', false],
      ['LSTM, step 0', true],
      ['LSTM, latest', false],
    ]);
    expect(columns).toEqual([[1, 2, 3], [1, 2, 3], [null, null, null], [4, 5, 6], [7, 8, 9]]);
  });

  it('tabulates σ_max and the ratio at step 0 and at the latest measure', () => {
    const rows = flowRows([
      { model: 'rnn', first: measures(0, [3.8e-48, 1], 0.1567), last: measures(0, [3.8e-48, 1], 0.1567) },
      { model: 'lstm', first: measures(0, [1.9e-6, 1], 0.2), last: measures(2000, [0.5, 2], 0.31) },
    ]);
    expect(rows.every((r) => r.length === flowHeader.length)).toBe(true);
    expect(rows).toEqual([
      ['RNN', '0.157', '3.8e-48', '–', '–', '–'],
      ['LSTM', '0.200', '1.9e-6', '2,000', '0.310', '2.5e-1'],
    ]);
  });
});
