import { describe, expect, it } from 'vitest';
import { scatter } from '../../../../lib/core/embedding.ts';
import { gradCheck } from '../../../../lib/core/gradcheck.ts';
import { allocParams } from '../../../../lib/core/params.ts';
import { RandomState } from '../../../../lib/core/random.ts';
import { tensor } from '../../../../lib/core/tensor.ts';
import { createEncoder, encoderSpec } from '../../../../lib/models/seq2seq/encoder.ts';

const V = 6, H = 4, X = 3, maxLen = 7;
const source = Int32Array.of(4, 1, 4, 0, 5, 2);
const S = source.length;

/** An encoder with weights, biases and table drawn at scale 0.5 from `seed`. */
function encoderWith(bidirectional: boolean, seed = 5) {
  const spec = encoderSpec(H, X, bidirectional);
  const params = allocParams(spec), grads = allocParams(spec);
  const rng = new RandomState(seed);
  rng.fillNormal(params.flat, 0.5);
  const E = tensor([V, X]);
  rng.fillNormal(E.data, 0.5);
  return { params, grads, E, encoder: createEncoder(params, grads, E, H, maxLen, bidirectional) };
}

describe('encoder', () => {
  it('lays out the forward GRU and, when bidirectional, the backward GRU after it', () => {
    expect(Object.keys(encoderSpec(H, X, false))).toEqual(['enc.Wz', 'enc.Wr', 'enc.Wh', 'enc.bz', 'enc.br', 'enc.bh']);
    expect(Object.keys(encoderSpec(H, X, true)).slice(6)).toEqual(['encBack.Wz', 'encBack.Wr', 'encBack.Wh', 'encBack.bz', 'encBack.br', 'encBack.bh']);
  });

  it('writes annotations [→h_j; ←h_j], ←h_j being the backward weights run over the reversed source, at S + 1 − j', () => {
    const bi = encoderWith(true);
    bi.encoder.forward(source);
    // Oracle: a one-way encoder given the forward weights, and another given the backward weights.
    const there = encoderWith(false), back = encoderWith(false);
    there.params.flat.set(bi.params.flat.subarray(0, there.params.flat.length));
    back.params.flat.set(bi.params.flat.subarray(there.params.flat.length));
    there.E.data.set(bi.E.data);
    back.E.data.set(bi.E.data);
    there.encoder.forward(source);
    back.encoder.forward(source.slice().reverse());
    for (let j = 1; j <= S; j++) {
      expect(Array.from(bi.encoder.annotations[j])).toEqual([...there.encoder.annotations[j], ...back.encoder.annotations[S + 1 - j]]);
    }
  });

  // L = Σ_j w_jᵀ h_j for fixed random w_j reaches every annotation, as attention does.
  it.each([false, true])('matches finite differences for every tensor and the table, from a loss on every annotation (bidirectional: %s)', (bidirectional) => {
    const { params, grads, E, encoder } = encoderWith(bidirectional);
    const rng = new RandomState(9);
    const w = Array.from({ length: S + 1 }, () => rng.fillNormal(new Float64Array(encoder.size)));
    const loss = () => {
      encoder.forward(source);
      let L = 0;
      for (let j = 1; j <= S; j++) for (let i = 0; i < encoder.size; i++) L += w[j][i] * encoder.annotations[j][i];
      grads.flat.fill(0);
      for (let j = 1; j <= S; j++) encoder.dAnnotations[j].set(w[j]);
      encoder.backward(source);
      return L;
    };
    loss();
    const analytic = allocParams(encoderSpec(H, X, bidirectional));
    analytic.flat.set(grads.flat);
    const dE = new Float64Array(V * X);
    scatter(dE, encoder.embedding.grad);
    const errors = gradCheck(params, analytic, loss);
    for (const k of params.names) expect(errors[k], k).toBeLessThan(1e-6);
    // The table: both directions' rows summed into one gradient.
    const table = { flat: E.data, tensors: { E }, names: ['E'] as const };
    const tableErrors = gradCheck(table, { flat: dE, tensors: { E: tensor([V, X], dE) }, names: ['E'] as const }, loss);
    expect(tableErrors.E).toBeLessThan(1e-6);
  });

  it('refuses a source longer than its maxLen', () => {
    expect(() => encoderWith(false).encoder.forward(new Int32Array(maxLen + 1))).toThrow(`source must have 1..${maxLen} tokens`);
  });
});
