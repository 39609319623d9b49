/**
 * The Elman recurrent network (Elman 1990) as a character-level language model:
 *
 *   a_t = W_xh x_t + W_hh h_{t−1} + b_h,   h_t = tanh(a_t),
 *   y_t = W_hy h_t + b_y,                  p_t = softmax(y_t),   L = Σ_t −log p_t[target_t],
 *
 * trained by backpropagation through time over one window, truncated at the window's start.
 */
import { type ParamSpec, allocParams, dataOf } from '../core/params.ts';
import { RandomState } from '../core/random.ts';
import { initNormal } from '../core/init.ts';
import { softmax, softmaxCrossEntropy } from '../core/softmax.ts';
import {
  addColumn, addOuterEach, addToColumn, affine, affineEach, matTVec, matTVecEach,
} from '../core/tensor.ts';
import { assertSetting, limits } from '../train/limits.ts';
import { type SequenceModel, checkToken, checkWindow } from './model.ts';

export type RnnParam = 'Wxh' | 'Whh' | 'Why' | 'bh' | 'by';

export interface RnnOptions {
  /** V: number of distinct tokens. */
  vocabSize: number;
  /** H: size of the hidden state. */
  hidden: number;
  /** Seed of the RandomState that draws the initial weights. */
  seed: number;
  /** Standard deviation of the initial weights (biases start at zero). */
  initScale?: number;
  /** Longest window `lossAndGrads` accepts; its workspaces are sized for it once, at creation. */
  maxSeqLen?: number;
}

export interface Rnn extends SequenceModel<RnnParam> {
  readonly hidden: number;
  readonly maxSeqLen: number;
}

/** Parameter shapes in the order they are drawn (the NumPy original's order). */
export function rnnSpec(V: number, H: number): ParamSpec<RnnParam> {
  return { Wxh: [H, V], Whh: [H, H], Why: [V, H], bh: [H], by: [V] };
}

export function createRnn(options: RnnOptions): Rnn {
  const { vocabSize: V, hidden: H, seed, initScale = 0.01, maxSeqLen = limits.seqLen.max } = options;
  assertSetting('vocabSize', V);
  assertSetting('hidden', H);
  assertSetting('seed', seed);
  assertSetting('initScale', initScale);
  assertSetting('seqLen', maxSeqLen);

  const params = allocParams(rnnSpec(V, H));
  const grads = allocParams(rnnSpec(V, H));
  initNormal(new RandomState(seed), params, { Wxh: initScale, Whh: initScale, Why: initScale });
  const { Wxh, Whh, Why, bh, by } = dataOf(params);
  const { Wxh: dWxh, Whh: dWhh, Why: dWhy, bh: dbh, by: dby } = dataOf(grads);
  const state = new Float64Array(H);

  // Workspaces, allocated once. Time runs t = 1..T as in the equations: hs[0] is the carried state
  // h_0, hs[t] is h_t, and inputs[t − 1], targets[t − 1] are x_t and its target.
  const steps = (n: number) => Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(n));
  const hs = steps(H), ys = steps(V), ps = steps(V), dys = steps(V), dhs = steps(H), das = steps(H);
  const hPrev = [hs[0], ...hs]; // hPrev[t] is hs[t − 1], so that sums over t can pair da_t with h_{t−1}
  const a = new Float64Array(H);
  const dhNext = new Float64Array(H);
  const hSample = new Float64Array(H);
  const ySample = new Float64Array(V);
  const pSample = new Float64Array(V);

  function lossAndGrads(inputs: Int32Array, targets: Int32Array, T: number): number {
    checkWindow(T, maxSeqLen, inputs, targets);
    const loss = forward(inputs, targets, T);
    backward(inputs, targets, T);
    state.set(hs[T]); // the next window starts here; its BPTT stops here
    return loss;
  }

  // Two functions rather than one: V8 inlines a limited amount of code into each optimised function,
  // and one for each pass leaves room to inline its per-step product (affine, matTVec) as well.
  function forward(inputs: Int32Array, targets: Int32Array, T: number): number {
    // #region forward
    hs[0].set(state);
    for (let t = 1; t <= T; t++) {
      const h = hs[t];
      affine(a, Whh, hs[t - 1], bh, H, H);                          // (2.1) W_hh h_{t−1} + b_h
      addColumn(a, Wxh, inputs[t - 1], H, V);                       // (2.1) + W_xh x_t, a column
      for (let i = 0; i < H; i++) h[i] = Math.tanh(a[i]);           // (2.2)
    }
    // The outputs do not feed the recurrence, so they wait for it and take all T steps in one pass.
    affineEach(ys, Why, hs, by, V, H, 1, T + 1);                    // (2.3) for t = 1..T
    let loss = 0;
    for (let t = 1; t <= T; t++) {
      loss += softmaxCrossEntropy(ps[t], ys[t], targets[t - 1], V); // (2.4), (2.5)
    }
    // #endregion forward
    return loss;
  }

  function backward(inputs: Int32Array, targets: Int32Array, T: number): void {
    // #region backward
    grads.flat.fill(0);
    for (let t = 1; t <= T; t++) {
      dys[t].set(ps[t]);
      dys[t][targets[t - 1]] -= 1;                                  // (2.6)
      for (let k = 0; k < V; k++) dby[k] += dys[t][k];              // (2.7)
    }
    addOuterEach(dWhy, dys, hs, V, H, 1, T + 1);                    // (2.7) Σ_t dy_t h_tᵀ
    matTVecEach(dhs, Why, dys, V, H, 1, T + 1);                     // (2.8) W_hyᵀ dy_t for t = 1..T
    dhNext.fill(0); // nothing flows back from beyond the window's end
    // dh_t = W_hyᵀ dy_t + dhNext: the first term is in dhs[t] already; the loop adds the second.
    for (let t = T; t >= 1; t--) {
      const h = hs[t], dh = dhs[t], da = das[t];
      for (let i = 0; i < H; i++) dh[i] += dhNext[i];               // (2.8)
      for (let i = 0; i < H; i++) da[i] = (1 - h[i] * h[i]) * dh[i]; // (2.9)
      addToColumn(dWxh, inputs[t - 1], da, H, V);                   // (2.10) a column, for one-hot x_t
      for (let i = 0; i < H; i++) dbh[i] += da[i];                  // (2.11)
      matTVec(dhNext, Whh, da, H, H);                               // (2.12)
    }
    // dW_hh needs every da_t, so it waits for the loop and then takes all T steps in one pass.
    addOuterEach(dWhh, das, hPrev, H, H, 1, T + 1);                 // (2.11) Σ_t da_t h_{t−1}ᵀ
    // #endregion backward
  }

  function sample(rng: RandomState, seedToken: number, temperature: number, out: Int32Array, h0?: Float64Array): Int32Array {
    checkToken(seedToken, V);
    assertSetting('temperature', temperature);
    if (h0 && h0.length !== H) throw new Error(`h0 must have the hidden size ${H}, got length ${h0.length}`);
    // #region sample
    const h = hSample;
    if (h0) h.set(h0);
    else h.fill(0);
    let x = seedToken;
    for (let n = 0; n < out.length; n++) {
      affine(a, Whh, h, bh, H, H);                                  // (2.1)
      addColumn(a, Wxh, x, H, V);                                   // (2.1)
      for (let i = 0; i < H; i++) h[i] = Math.tanh(a[i]);           // (2.2)
      affine(ySample, Why, h, by, V, H);                            // (2.3)
      softmax(pSample, ySample, V, temperature);                    // (2.14) softmax(y / τ)
      x = rng.choice(pSample);                                      // (2.14) draw the next character
      out[n] = x; // and it is the next input
    }
    return out;
    // #endregion sample
  }

  return { kind: 'rnn', vocabSize: V, hidden: H, maxSeqLen, params, grads, state, lossAndGrads, sample };
}

