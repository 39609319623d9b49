import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random.ts';
import { createGru } from '../../../lib/models/gru.ts';
import { createLstm } from '../../../lib/models/lstm.ts';
import { createRnn } from '../../../lib/models/rnn.ts';

const V = 6, H = 5, T = 8;
const sigma = (a: number) => 1 / (1 + Math.exp(-a));

function window(seed: number): { inputs: Int32Array; targets: Int32Array } {
  const rng = new RandomState(seed);
  const draw = () => Int32Array.from({ length: T }, () => rng.randint(0, V));
  return { inputs: draw(), targets: draw() };
}

/** Nonzero biases, so that the first step's gates are not just the input column. */
function randomiseBiases(params: { tensors: Record<string, { shape: readonly number[]; data: Float64Array }> }, names: string[]): void {
  const rng = new RandomState(11);
  for (const name of names) rng.fillNormal(params.tensors[name].data, 0.5);
}

describe('activations', () => {
  it('RNN: h at the last step is the state that training carries after the same window', () => {
    const model = createRnn({ vocabSize: V, hidden: H, seed: 1, initScale: 0.5, maxSeqLen: T });
    const { inputs, targets } = window(2);
    const { h } = model.activations(inputs);
    expect(h).toHaveLength(T);
    model.lossAndGrads(inputs, targets, T);
    expect(Array.from(h[T - 1])).toEqual(Array.from(model.state));
  });

  it('LSTM: c at the last step and o ⊙ tanh(c) are the carried [h; c] after the same window', () => {
    const model = createLstm({ vocabSize: V, hidden: H, seed: 1, initScale: 0.5, maxSeqLen: T });
    const { inputs, targets } = window(3);
    const { f, i, o, c } = model.activations(inputs);
    expect([f, i, o, c].map((a) => a.length)).toEqual([T, T, T, T]);
    model.lossAndGrads(inputs, targets, T);
    expect(Array.from(c[T - 1])).toEqual(Array.from(model.state.subarray(H)));
    const h = Array.from(o[T - 1], (ok, k) => ok * Math.tanh(c[T - 1][k]));
    for (let k = 0; k < H; k++) expect(h[k]).toBeCloseTo(model.state[k], 14);
  });

  it('LSTM: from a zero state the first step\'s gates are σ of the input column plus the bias', () => {
    const model = createLstm({ vocabSize: V, hidden: H, seed: 4, initScale: 0.5, maxSeqLen: T });
    randomiseBiases(model.params, ['bf', 'bi', 'bo']);
    const x = 3, D = H + V;
    const { f, i, o } = model.activations(Int32Array.of(x));
    const { Wf, Wi, Wo, bf, bi, bo } = model.params.tensors;
    for (const [gate, W, b] of [[f, Wf, bf], [i, Wi, bi], [o, Wo, bo]] as const) {
      for (let k = 0; k < H; k++) expect(gate[0][k]).toBeCloseTo(sigma(W.data[k * D + H + x] + b.data[k]), 15);
    }
  });

  it('GRU: from a zero state the first step\'s r and z are σ of the input column plus the bias', () => {
    const model = createGru({ vocabSize: V, hidden: H, seed: 4, initScale: 0.5, maxSeqLen: T });
    randomiseBiases(model.params, ['bz', 'br']);
    const x = 5, D = H + V;
    const { r, z } = model.activations(Int32Array.of(x));
    const { Wz, Wr, bz, br } = model.params.tensors;
    for (let k = 0; k < H; k++) {
      expect(z[0][k]).toBeCloseTo(sigma(Wz.data[k * D + H + x] + bz.data[k]), 15);
      expect(r[0][k]).toBeCloseTo(sigma(Wr.data[k * D + H + x] + br.data[k]), 15);
    }
  });

  it('GRU: the gates depend on the start state it is given', () => {
    const model = createGru({ vocabSize: V, hidden: H, seed: 4, initScale: 0.5, maxSeqLen: T });
    const h0 = new RandomState(9).fillNormal(new Float64Array(H), 1);
    expect(model.activations(Int32Array.of(2), h0).z[0]).not.toEqual(model.activations(Int32Array.of(2)).z[0]);
  });

  it.each([
    ['rnn', createRnn],
    ['lstm', createLstm],
    ['gru', createGru],
  ] as const)('%s: refuses a token outside the vocabulary, naming the range', (_, create) => {
    const model = create({ vocabSize: V, hidden: H, seed: 1 });
    expect(() => model.activations(Int32Array.of(1, V))).toThrow(`input token must be an integer in 0..${V - 1}, got ${V}`);
  });
});
