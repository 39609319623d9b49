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
import { tanh } from '../core/libm.ts';
import { addOuterEach, affine, matTVec } from '../core/tensor.ts';
import { assertSetting, limits } from '../train/limits.ts';
import { createInput } from './input.ts';
import { type Activations, type SequenceModel, checkOptions, checkStart, checkToken, checkWindow, norms } from './model.ts';
import { type LossForm, createReadout } from './readout.ts';

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
  /** Standard deviation of the initial W_hh, if not initScale: the vanishing-gradient study varies it. */
  recurrentScale?: number;
  /** Read each token as a learnt vector of this many numbers (a word model) rather than as a one-hot. */
  embedding?: number;
  /** Longest window `lossAndGrads` accepts; its workspaces are sized for it once, at creation. */
  maxSeqLen?: number;
  /** How a step's loss is formed (readout.ts): 'logsumexp' (default) or the notebooks' 'numpy'. */
  loss?: LossForm;
}

export interface Rnn extends SequenceModel<RnnParam> {
  readonly hidden: number;
  readonly maxSeqLen: number;
}

/**
 * Parameter shapes in the order they are drawn (the NumPy original's order), for inputs x_t of
 * length X: V for one-hot characters, the embedding size for words.
 */
export function rnnSpec(V: number, H: number, X = V): ParamSpec<RnnParam> {
  return { Wxh: [H, X], Whh: [H, H], Why: [V, H], bh: [H], by: [V] };
}

export function createRnn(options: RnnOptions): Rnn {
  const { vocabSize: V, hidden: H, seed, initScale = 0.01, maxSeqLen = limits.seqLen.max } = options;
  const { recurrentScale = initScale } = options;
  checkOptions(V, H, seed, initScale, recurrentScale, maxSeqLen);

  const rng = new RandomState(seed);
  const input = createInput(V, options.embedding, rng, initScale, maxSeqLen);
  const X = input.size;
  const params = allocParams(rnnSpec(V, H, X));
  const grads = allocParams(rnnSpec(V, H, X));
  initNormal(rng, params, { Wxh: initScale, Whh: recurrentScale, Why: initScale });
  const { Wxh, Whh, Why, bh, by } = dataOf(params);
  const { Wxh: dWxh, Whh: dWhh, Why: dWhy, bh: dbh, by: dby } = dataOf(grads);
  const readout = createReadout(Why, by, dWhy, dby, V, H, maxSeqLen, options.loss);
  const state = new Float64Array(H);
  const zeros = new Float64Array(H);

  // Workspaces, allocated once. Time runs t = 1..T as in the equations: hs[0] is the carried state
  // h_0, hs[t] is h_t, and inputs[t − 1], targets[t − 1] are x_t and its target.
  const steps = (n: number) => Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(n));
  const hs = steps(H), dhs = steps(H), das = steps(H);
  const hPrev = [hs[0], ...hs]; // hPrev[t] is hs[t − 1], so that sums over t can pair da_t with h_{t−1}
  const a = new Float64Array(H);
  const dhNext = new Float64Array(H);
  const hSample = new Float64Array(H);
  const pSample = new Float64Array(V);

  function lossAndGrads(inputs: Int32Array, targets: Int32Array, T: number): number {
    checkWindow(T, maxSeqLen, inputs, targets);
    const loss = forward(inputs, targets, T, state);
    backward(inputs, targets, T, 1);
    state.set(hs[T]); // the next window starts here; its BPTT stops here
    return loss;
  }

  function hiddenGradNorms(inputs: Int32Array, targets: Int32Array, T: number, out: Float64Array): Float64Array {
    checkWindow(T, maxSeqLen, inputs, targets);
    forward(inputs, targets, T, zeros);
    backward(inputs, targets, T, T); // the last step's loss alone
    return norms(out, dhs, T);
  }

  // #region forward
  /** One step of the recurrence for input token x: h = tanh(W_hh h_{t−1} + b_h + W_xh x_t). h may be hPrev. */
  function cell(x: number, hPrev: Float64Array, h: Float64Array): void {
    affine(a, Whh, hPrev, bh, H, H);                                // (2.1) W_hh h_{t−1} + b_h
    input.project(a, Wxh, H, X, 0, x);                              // (2.1) + W_xh x_t
    for (let i = 0; i < H; i++) h[i] = tanh(a[i]);                  // (2.2)
  }

  // Two functions rather than one: V8 inlines a limited amount of code into each optimised function,
  // and one for each pass leaves room to inline its per-step product (affine, matTVec) as well.
  function forward(inputs: Int32Array, targets: Int32Array, T: number, h0: Float64Array): number {
    hs[0].set(h0);
    for (let t = 1; t <= T; t++) cell(inputs[t - 1], hs[t - 1], hs[t]);
    return readout.forward(hs, targets, T);                         // (2.3)–(2.5)
  }
  // #endregion forward

  /** Gradients of the losses of steps from..T (1 in training; T in the vanishing-gradient study). */
  function backward(inputs: Int32Array, targets: Int32Array, T: number, from: number): void {
    // #region backward
    grads.flat.fill(0);
    readout.backward(hs, targets, T, dhs, from);                    // (2.6), (2.7); W_hyᵀ dy_t into dhs[t]
    dhNext.fill(0); // nothing flows back from beyond the window's end
    // dh_t = W_hyᵀ dy_t + dhNext: the first term is in dhs[t] already; the loop adds the second.
    for (let t = T; t >= 1; t--) {
      const h = hs[t], dh = dhs[t], da = das[t];
      for (let i = 0; i < H; i++) dh[i] += dhNext[i];               // (2.8)
      for (let i = 0; i < H; i++) da[i] = (1 - h[i] * h[i]) * dh[i]; // (2.9)
      for (let i = 0; i < H; i++) dbh[i] += da[i];                  // (2.11)
      matTVec(dhNext, Whh, da, H, H);                               // (2.12)
    }
    // dW_hh and dW_xh need every da_t, so they wait for the loop and then take all T steps at once.
    addOuterEach(dWhh, das, hPrev, H, H, 1, T + 1);                 // (2.11) Σ_t da_t h_{t−1}ᵀ
    input.backward(dWxh, Wxh, das, H, X, 0, inputs, T);             // (2.10) Σ_t da_t x_tᵀ
    input.finish(inputs, T);
    // #endregion backward
  }

  function sample(rng: RandomState, seedToken: number, temperature: number, out: Int32Array, h0?: Float64Array): Int32Array {
    checkToken(seedToken, V);
    assertSetting('temperature', temperature);
    checkStart(h0, H, 'the hidden size');
    // #region sample
    const h = hSample;
    h.set(h0 ?? zeros);
    let x = seedToken;
    for (let n = 0; n < out.length; n++) {
      cell(x, h, h);                                                // (2.1), (2.2)
      readout.predict(pSample, h, temperature);                     // (2.3), (2.14) softmax(y / τ)
      x = rng.choice(pSample);                                      // (2.14) draw the next character
      out[n] = x; // and it is the next input
    }
    return out;
    // #endregion sample
  }

  function activations(inputs: Int32Array, h0?: Float64Array): Activations {
    checkStart(h0, H, 'the hidden size');
    const h: Float64Array[] = [];
    let hPrev = h0 ?? zeros;
    for (const x of inputs) {
      checkToken(x, V, 'input token');
      const ht = new Float64Array(H);
      cell(x, hPrev, ht);
      h.push((hPrev = ht));
    }
    return { h };
  }

  return {
    kind: 'rnn', vocabSize: V, hidden: H, maxSeqLen, params, grads, state, embedding: input.embedding,
    recurrent: { data: Whh, rows: H, cols: H, stride: H },
    lossAndGrads, hiddenGradNorms, sample, activations,
  };
}
