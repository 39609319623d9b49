import { describe, expect, it } from 'vitest';
import { gradCheck } from '../../../lib/core/gradcheck.ts';
import { allocParams } from '../../../lib/core/params.ts';
import { RandomState } from '../../../lib/core/random.ts';
import { type Rnn, createRnn, rnnSpec } from '../../../lib/models/rnn.ts';

const V = 5, H = 7, T = 6;

function tokens(rng: RandomState, n: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.randint(0, V));
}

/** A gradient-check setup: weights large enough that the gradients are not tiny, and a nonzero h_0. */
function smallRnn(): { model: Rnn; inputs: Int32Array; targets: Int32Array; h0: Float64Array } {
  const model = createRnn({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T });
  const rng = new RandomState(7);
  // Nonzero biases too, so their role in every equation is exercised.
  rng.fillNormal(model.params.tensors.bh.data, 0.5);
  rng.fillNormal(model.params.tensors.by.data, 0.5);
  const h0 = rng.fillNormal(new Float64Array(H), 0.5);
  return { model, inputs: tokens(rng, T), targets: tokens(rng, T), h0 };
}

/**
 * The equations with dense matrices and a dense one-hot x_t, written independently of the model's
 * kernels: returns the summed loss and h_T.
 */
function naiveForward(model: Rnn, inputs: Int32Array, targets: Int32Array, h0: Float64Array): { loss: number; h: Float64Array } {
  const { Wxh, Whh, Why, bh, by } = model.params.tensors;
  let h = Array.from(h0);
  let loss = 0;
  for (let t = 0; t < inputs.length; t++) {
    const x = Array.from({ length: V }, (_, k) => (k === inputs[t] ? 1 : 0));
    h = h.map((_, i) => {
      let a = bh.data[i];
      for (let k = 0; k < V; k++) a += Wxh.data[i * V + k] * x[k];
      for (let j = 0; j < H; j++) a += Whh.data[i * H + j] * h[j];
      return Math.tanh(a);
    });
    const y = Array.from({ length: V }, (_, k) => {
      let s = by.data[k];
      for (let j = 0; j < H; j++) s += Why.data[k * H + j] * h[j];
      return s;
    });
    const z = y.reduce((acc, yk) => acc + Math.exp(yk), 0);
    loss -= Math.log(Math.exp(y[targets[t]]) / z);
  }
  return { loss, h: Float64Array.from(h) };
}

describe('createRnn', () => {
  it('draws Wxh, Whh, Why in that order as randn · 0.01 (the default initScale) from RandomState(seed), biases zero', () => {
    const model = createRnn({ vocabSize: V, hidden: H, seed: 42 });
    const rng = new RandomState(42);
    const { Wxh, Whh, Why, bh, by } = model.params.tensors;
    expect(Wxh.shape).toEqual([H, V]);
    expect(Whh.shape).toEqual([H, H]);
    expect(Why.shape).toEqual([V, H]);
    expect(Wxh.data).toEqual(rng.fillNormal(new Float64Array(H * V), 0.01));
    expect(Whh.data).toEqual(rng.fillNormal(new Float64Array(H * H), 0.01));
    expect(Why.data).toEqual(rng.fillNormal(new Float64Array(V * H), 0.01));
    expect(bh.data).toEqual(new Float64Array(H));
    expect(by.data).toEqual(new Float64Array(V));
  });

  it('lays parameters and gradients out in the same spec order', () => {
    const model = createRnn({ vocabSize: V, hidden: H, seed: 1 });
    expect(model.params.names).toEqual(Object.keys(rnnSpec(V, H)));
    expect(model.grads.names).toEqual(model.params.names);
    expect(model.grads.flat.length).toBe(model.params.flat.length);
  });

  it('refuses a hidden size outside its range, naming the range', () => {
    expect(() => createRnn({ vocabSize: V, hidden: 0, seed: 1 })).toThrow('hidden size must be an integer in 1..512, got 0');
  });

  it('refuses a seed that is not an integer in 0..2^32 − 1', () => {
    expect(() => createRnn({ vocabSize: V, hidden: H, seed: -1 })).toThrow('seed must be an integer in 0..4294967295, got -1');
  });
});

describe('rnn lossAndGrads', () => {
  it('returns the summed cross-entropy of the equations and carries h_T as the state', () => {
    const { model, inputs, targets, h0 } = smallRnn();
    const expected = naiveForward(model, inputs, targets, h0);
    model.state.set(h0);
    const loss = model.lossAndGrads(inputs, targets, T);
    expect(loss).toBeCloseTo(expected.loss, 12);
    for (let i = 0; i < H; i++) expect(model.state[i]).toBeCloseTo(expected.h[i], 14);
  });

  // An even and an odd window length: the window kernels take time steps in pairs, plus a remainder.
  it.each([T, T - 1])('matches finite differences for every parameter tensor over %i steps (max relative error < 1e-6)', (length) => {
    const { model, inputs, targets, h0 } = smallRnn();
    const loss = (): number => {
      model.state.set(h0);
      return model.lossAndGrads(inputs, targets, length);
    };
    loss();
    const analytic = allocParams(rnnSpec(V, H));
    analytic.flat.set(model.grads.flat);
    const errors = gradCheck(model.params, analytic, loss);
    expect(Object.keys(errors)).toEqual(['Wxh', 'Whh', 'Why', 'bh', 'by']);
    for (const k of model.params.names) expect(errors[k], k).toBeLessThan(1e-6);
  });

  it('accepts a window shorter than maxSeqLen, reading only its first `length` tokens', () => {
    const { model, inputs, targets, h0 } = smallRnn();
    model.state.set(h0);
    const expected = naiveForward(model, inputs.subarray(0, 4), targets.subarray(0, 4), h0);
    expect(model.lossAndGrads(inputs, targets, 4)).toBeCloseTo(expected.loss, 12);
  });

  it('refuses a window longer than the maxSeqLen it was made for', () => {
    const { model } = smallRnn();
    const long = new Int32Array(T + 1);
    expect(() => model.lossAndGrads(long, long, T + 1)).toThrow(`window length must be an integer in 1..${T}`);
  });
});

describe('rnn sample', () => {
  it('leaves the carried state unchanged', () => {
    const { model, inputs, targets, h0 } = smallRnn();
    model.state.set(h0);
    model.lossAndGrads(inputs, targets, T);
    const before = model.state.slice();
    model.sample(new RandomState(1), 2, 1, new Int32Array(20), model.state);
    model.sample(new RandomState(1), 2, 1, new Int32Array(20));
    expect(model.state).toEqual(before);
  });

  it('gives bit-identical weights and samples for the same model seed and sampling seed', () => {
    const one = createRnn({ vocabSize: V, hidden: H, seed: 9, initScale: 0.5 });
    const two = createRnn({ vocabSize: V, hidden: H, seed: 9, initScale: 0.5 });
    expect(two.params.flat).toEqual(one.params.flat);
    const a = one.sample(new RandomState(4), 1, 1, new Int32Array(50));
    expect(two.sample(new RandomState(4), 1, 1, new Int32Array(50))).toEqual(a);
    // and the samples are not a constant sequence, so the equality says something
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('picks the most likely next token at temperature 0.05 (near-greedy)', () => {
    const { model, h0 } = smallRnn();
    const out = model.sample(new RandomState(5), 0, 0.05, new Int32Array(40), h0);
    // The oracle: feed the sampled tokens through the naive equations and take argmax of y_t.
    let h = h0;
    let x = 0;
    let agree = 0;
    for (const token of out) {
      const { Wxh, Whh, Why, bh, by } = model.params.tensors;
      const hNext = new Float64Array(H);
      for (let i = 0; i < H; i++) {
        let a = bh.data[i] + Wxh.data[i * V + x];
        for (let j = 0; j < H; j++) a += Whh.data[i * H + j] * h[j];
        hNext[i] = Math.tanh(a);
      }
      let best = 0, bestY = -Infinity;
      for (let k = 0; k < V; k++) {
        let y = by.data[k];
        for (let j = 0; j < H; j++) y += Why.data[k * H + j] * hNext[j];
        if (y > bestY) [best, bestY] = [k, y];
      }
      if (token === best) agree++;
      h = hNext;
      x = token;
    }
    expect(agree).toBeGreaterThanOrEqual(38);
  });
});
