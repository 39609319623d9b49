import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random.ts';
import { createGru } from '../../../lib/models/gru.ts';
import { createLstm } from '../../../lib/models/lstm.ts';
import { createReadout } from '../../../lib/models/readout.ts';
import { createRnn } from '../../../lib/models/rnn.ts';

const V = 5, H = 4, T = 6;

function setup() {
  const rng = new RandomState(3);
  const Wy = rng.fillNormal(new Float64Array(V * H), 0.7), by = rng.fillNormal(new Float64Array(V), 0.3);
  const dWy = new Float64Array(V * H), dby = new Float64Array(V);
  const hs = Array.from({ length: T + 1 }, () => rng.fillNormal(new Float64Array(H), 1));
  const targets = Int32Array.from({ length: T }, () => rng.randint(0, V));
  const dhs = Array.from({ length: T + 1 }, () => new Float64Array(H).fill(NaN));
  return { Wy, by, dWy, dby, hs, targets, dhs, readout: createReadout(Wy, by, dWy, dby, V, H, T) };
}

/** p = softmax(W_y h + b_y), written densely. */
function probs(Wy: Float64Array, by: Float64Array, h: Float64Array): number[] {
  const y = Array.from({ length: V }, (_, k) => by[k] + h.reduce((s, hj, j) => s + Wy[k * H + j] * hj, 0));
  const m = Math.max(...y), e = y.map((v) => Math.exp(v - m)), z = e.reduce((a, b) => a + b);
  return e.map((v) => v / z);
}

describe('readout', () => {
  it('returns the summed cross-entropy of the targets under softmax(W_y h_t + b_y)', () => {
    const { Wy, by, hs, targets, readout } = setup();
    let expected = 0;
    for (let t = 1; t <= T; t++) expected -= Math.log(probs(Wy, by, hs[t])[targets[t - 1]]);
    expect(readout.forward(hs, targets, T)).toBeCloseTo(expected, 12);
  });

  it('with from = T, gives the gradients of the last step\'s loss alone, and zero dh_t before it', () => {
    const { Wy, by, dWy, dby, hs, targets, dhs, readout } = setup();
    readout.forward(hs, targets, T);
    readout.backward(hs, targets, T, dhs, T);
    const dy = probs(Wy, by, hs[T]);
    dy[targets[T - 1]] -= 1;
    for (let k = 0; k < V; k++) {
      expect(dby[k]).toBeCloseTo(dy[k], 14);
      for (let j = 0; j < H; j++) expect(dWy[k * H + j]).toBeCloseTo(dy[k] * hs[T][j], 14);
    }
    for (let j = 0; j < H; j++) expect(dhs[T][j]).toBeCloseTo(dy.reduce((s, d, k) => s + Wy[k * H + j] * d, 0), 14);
    for (let t = 1; t < T; t++) expect(Array.from(dhs[t])).toEqual(new Array(H).fill(0));
  });

  it('predict gives softmax(y / τ)', () => {
    const { Wy, by, hs, readout } = setup();
    const p = new Float64Array(V);
    readout.predict(p, hs[2], 0.5);
    const halfTemperature = probs(Wy.map((w) => 2 * w), by.map((b) => 2 * b), hs[2]);
    for (let k = 0; k < V; k++) expect(p[k]).toBeCloseTo(halfTemperature[k], 14);
  });
});

describe('readout with the NumPy notebooks\' loss form', () => {
  it('returns Σ_t −ln(p_t[target_t] + 1e-8) and the same gradients as log-sum-exp', () => {
    const { Wy, by, dWy, dby, hs, targets, dhs, readout } = setup();
    const numpy = createReadout(Wy, by, new Float64Array(V * H), new Float64Array(V), V, H, T, 'numpy');
    let expected = 0;
    for (let t = 1; t <= T; t++) expected -= Math.log(probs(Wy, by, hs[t])[targets[t - 1]] + 1e-8);
    expect(numpy.forward(hs, targets, T)).toBeCloseTo(expected, 12);
    readout.forward(hs, targets, T);
    readout.backward(hs, targets, T, dhs);
    const dhsNumpy = dhs.map((dh) => dh.slice());
    numpy.backward(hs, targets, T, dhsNumpy);
    expect(dhsNumpy).toEqual(dhs);
  });

  it('caps a step\'s loss at −ln 1e-8 ≈ 18.42 where log-sum-exp gives the whole logit gap', () => {
    // One step, V = 2, H = 1: y = (0, −1000) for h = 1, so p[1] underflows to 0.
    const Wy = Float64Array.of(0, -1000), by = new Float64Array(2), h = [new Float64Array(1), Float64Array.of(1)];
    const grads = () => [new Float64Array(2), new Float64Array(2)] as const;
    const ours = createReadout(Wy, by, ...grads(), 2, 1, 1);
    const numpy = createReadout(Wy, by, ...grads(), 2, 1, 1, 'numpy');
    expect(ours.forward(h, Int32Array.of(1), 1)).toBe(1000);
    expect(numpy.forward(h, Int32Array.of(1), 1)).toBeCloseTo(8 * Math.LN10, 12);
  });

  it.each([['rnn', createRnn], ['lstm', createLstm], ['gru', createGru]] as const)(
    'is what the %s model returns when created with loss numpy',
    (_, create) => {
      // One step, so that the default loss ℓ = −ln p gives back p = e^−ℓ, and the notebooks' is −ln(p + 1e-8).
      const options = { vocabSize: 7, hidden: 5, seed: 3, initScale: 0.5, maxSeqLen: 1 };
      const ours = create(options).lossAndGrads(Int32Array.of(4), Int32Array.of(2), 1);
      const numpy = create({ ...options, loss: 'numpy' }).lossAndGrads(Int32Array.of(4), Int32Array.of(2), 1);
      expect(numpy).not.toBe(ours);
      expect(numpy).toBeCloseTo(-Math.log(Math.exp(-ours) + 1e-8), 14);
    },
  );
});
