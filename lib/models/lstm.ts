/**
 * The long short-term memory network (Hochreiter & Schmidhuber 1997) with a forget gate
 * (Gers et al. 2000) as a character-level language model. Each gate reads z_t = [h_{t−1}; x_t]
 * through one matrix of shape (H, H + V), the hidden part first:
 *
 *   f_t = σ(W_f z_t + b_f),   i_t = σ(W_i z_t + b_i),   g_t = tanh(W_c z_t + b_c),   o_t = σ(W_o z_t + b_o),
 *   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t,   h_t = o_t ⊙ tanh(c_t),
 *   y_t = W_y h_t + b_y,   p_t = softmax(y_t),   L = Σ_t −log p_t[target_t],
 *
 * trained by backpropagation through time over one window, truncated at the window's start.
 */
import { type ParamSpec, allocParams, dataOf, stacked } from '../core/params.ts';
import { RandomState } from '../core/random.ts';
import { initNormal } from '../core/init.ts';
import { tanhEach } from '../core/libm.ts';
import { sigmoidEach } from '../core/sigmoid.ts';
import { addMatTVecLeft, addOuterEachLeft, affineLeft } from '../core/tensor.ts';
import { assertSetting, limits } from '../train/limits.ts';
import { createInput } from './input.ts';
import { type Activations, type SequenceModel, checkOptions, checkStart, checkToken, checkWindow, norms } from './model.ts';
import { type LossForm, createReadout } from './readout.ts';

export type LstmParam = 'Wf' | 'Wi' | 'Wc' | 'Wo' | 'Wy' | 'bf' | 'bi' | 'bc' | 'bo' | 'by';

export interface LstmOptions {
  /** V: number of distinct tokens. */
  vocabSize: number;
  /** H: size of the hidden state and of the cell state. */
  hidden: number;
  /** Seed of the RandomState that draws the initial weights. */
  seed: number;
  /** Standard deviation of the initial weights. */
  initScale?: number;
  /**
   * Standard deviation of the initial weights that multiply h_{t−1} (the first H columns of each gate
   * matrix), if not initScale: the vanishing-gradient study varies it.
   */
  recurrentScale?: number;
  /**
   * Initial value of every component of b_f (the other biases start at zero). At 1 the forget gate
   * starts mostly open, σ(1) ≈ 0.73, so the cell state and its gradient survive many steps from the
   * first update on (Jozefowicz et al. 2015).
   */
  forgetBias?: number;
  /** Read each token as a learnt vector of this many numbers (a word model) rather than as a one-hot. */
  embedding?: number;
  /** Longest window `lossAndGrads` accepts; its workspaces are sized for it once, at creation. */
  maxSeqLen?: number;
  /** How a step's loss is formed (readout.ts): 'logsumexp' (default) or the notebooks' 'numpy'. */
  loss?: LossForm;
}

export interface Lstm extends SequenceModel<LstmParam> {
  readonly hidden: number;
  readonly maxSeqLen: number;
}

/** Parameter shapes in the order they are drawn (the NumPy notebooks' order). */
export function lstmSpec(V: number, H: number, X = V): ParamSpec<LstmParam> {
  const D = H + X; // [h_{t−1}; x_t], with x_t of length X: V for one-hot characters, the embedding size for words
  return {
    Wf: [H, D], Wi: [H, D], Wc: [H, D], Wo: [H, D], Wy: [V, H],
    bf: [H], bi: [H], bc: [H], bo: [H], by: [V],
  };
}

export function createLstm(options: LstmOptions): Lstm {
  const {
    vocabSize: V, hidden: H, seed, initScale = 0.01, forgetBias = 1, maxSeqLen = limits.seqLen.max,
  } = options;
  const { recurrentScale = initScale } = options;
  checkOptions(V, H, seed, initScale, recurrentScale, maxSeqLen);
  if (!Number.isFinite(forgetBias)) throw new RangeError(`forget bias must be a finite number, got ${forgetBias}`);

  const rng = new RandomState(seed);
  const input = createInput(V, options.embedding, rng, initScale, maxSeqLen);
  const X = input.size;
  const D = H + X; // length of z_t = [h_{t−1}; x_t], the row length of every gate matrix
  const params = allocParams(lstmSpec(V, H, X));
  const grads = allocParams(lstmSpec(V, H, X));
  // randn · 1 is randn exactly, so scaling afterwards gives the same numbers as drawing at each scale.
  initNormal(rng, params, { Wf: 1, Wi: 1, Wc: 1, Wo: 1, Wy: initScale });
  params.tensors.bf.data.fill(forgetBias);
  const { Wy, by } = dataOf(params);
  const { Wy: dWy, by: dby } = dataOf(grads);
  const readout = createReadout(Wy, by, dWy, dby, V, H, maxSeqLen, options.loss);
  // The spec stores Wf, Wi, Wc, Wo one after another, and bf, bi, bc, bo likewise, so together they
  // are one matrix W = [W_f; W_i; W_c; W_o] (4H, H + V) and one bias b (4H): one product per step
  // serves all four gates. Their gradients lie the same way in grads.flat.
  const W = stacked(params, ['Wf', 'Wi', 'Wc', 'Wo']), b = stacked(params, ['bf', 'bi', 'bc', 'bo']);
  const dW = stacked(grads, ['Wf', 'Wi', 'Wc', 'Wo']), db = stacked(grads, ['bf', 'bi', 'bc', 'bo']);
  for (let k = 0; k < W.length; k++) W[k] *= k % D < H ? recurrentScale : initScale;
  const state = new Float64Array(2 * H); // [h; c]
  const zeros = new Float64Array(2 * H);

  // Workspaces, allocated once. Time runs t = 1..T as in the equations: hs[0], cs[0] are the carried
  // h_0, c_0; hs[t], cs[t] are h_t, c_t; gates[t] = [f_t; i_t; g_t; o_t] holds the gates at step t,
  // and fs[t], is[t], gs[t], os[t] are views of its four parts; tanhCs[t] is tanh(c_t);
  // inputs[t − 1], targets[t − 1] are x_t and its target.
  const steps = (n: number) => Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(n));
  const parts = (wholes: Float64Array[], k: number) => wholes.map((a) => a.subarray(k * H, (k + 1) * H)); // part k, (H)
  const hs = steps(H), cs = steps(H), tanhCs = steps(H);
  const gates = steps(4 * H); // (4H)
  const fs = parts(gates, 0), is = parts(gates, 1), gs = parts(gates, 2), os = parts(gates, 3);
  const dhs = steps(H);
  const das = steps(4 * H); // da = [da_f; da_i; da_c; da_o], da_g = ∂L/∂(W_g z_t + b_g), (4H)
  const dafs = parts(das, 0), dais = parts(das, 1), dacs = parts(das, 2), daos = parts(das, 3);
  const hPrev = [hs[0], ...hs]; // hPrev[t] is hs[t − 1], so that sums over t can pair da_t with h_{t−1}
  const dhNext = new Float64Array(H);
  const dcNext = new Float64Array(H);
  const gatesSample = new Float64Array(4 * H), tanhCSample = new Float64Array(H);
  const [fSample, iSample, gSample, oSample] = [0, 1, 2, 3].map((k) => gatesSample.subarray(k * H, (k + 1) * H));
  const hSample = new Float64Array(H), cSample = new Float64Array(H);
  const pSample = new Float64Array(V);

  function lossAndGrads(inputs: Int32Array, targets: Int32Array, T: number): number {
    checkWindow(T, maxSeqLen, inputs, targets);
    const loss = forward(inputs, targets, T, state);
    backward(inputs, targets, T, 1);
    // The next window starts here; its BPTT stops here.
    state.set(hs[T], 0);
    state.set(cs[T], H);
    return loss;
  }

  function hiddenGradNorms(inputs: Int32Array, targets: Int32Array, T: number, out: Float64Array): Float64Array {
    checkWindow(T, maxSeqLen, inputs, targets);
    forward(inputs, targets, T, zeros);
    backward(inputs, targets, T, T); // the last step's loss alone
    return norms(out, dhs, T);
  }

  // #region forward
  /**
   * One step of the cell for input token x, from h_{t−1}, c_{t−1} into the step's arrays. h and c may
   * be hPrev and cPrev themselves: each is written only after the last read of the old value.
   */
  function cell(
    x: number, hPrev: Float64Array, cPrev: Float64Array,
    a: Float64Array, f: Float64Array, i: Float64Array, g: Float64Array, o: Float64Array,
    c: Float64Array, tanhC: Float64Array, h: Float64Array,
  ): void {
    // (3.8) a = W z_t + b for all four gates at once, rows [f; i; g; o]; W z_t = W[:, :H] h_{t−1} + W[:, H + x_t],
    // as the one-hot x_t picks one column.
    affineLeft(a, W, hPrev, b, 4 * H, H, D);                        // (3.8) W[:, :H] h_{t−1} + b
    input.project(a, W, 4 * H, D, H, x);                            // (3.8) + W[:, H:] x_t
    // f, i, g, o are the four parts of a: each gate overwrites its own pre-activation. A pass per
    // block, not a call per unit, keeps this function small enough for V8 to inline the products above.
    sigmoidEach(a, 0, 2 * H);                                       // (3.2), (3.3) f_t = σ(W_f z_t + b_f); i_t = σ(W_i z_t + b_i)
    tanhEach(g, 0, H);                                              // (3.4) g_t = tanh(W_c z_t + b_c)
    sigmoidEach(o, 0, H);                                           // (3.5) o_t = σ(W_o z_t + b_o)
    for (let k = 0; k < H; k++) {
      c[k] = f[k] * cPrev[k] + i[k] * g[k];                         // (3.6) c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
      tanhC[k] = c[k];
    }
    tanhEach(tanhC, 0, H);
    for (let k = 0; k < H; k++) h[k] = o[k] * tanhC[k];             // (3.7) h_t = o_t ⊙ tanh(c_t)
  }

  // Two functions rather than one: V8 inlines a limited amount of code into each optimised function,
  // and one for each pass leaves room to inline its per-step products as well.
  function forward(inputs: Int32Array, targets: Int32Array, T: number, start: Float64Array): number {
    hs[0].set(start.subarray(0, H));
    cs[0].set(start.subarray(H));
    for (let t = 1; t <= T; t++) {
      cell(inputs[t - 1], hs[t - 1], cs[t - 1], gates[t], fs[t], is[t], gs[t], os[t], cs[t], tanhCs[t], hs[t]);
    }
    return readout.forward(hs, targets, T);                         // (2.3)–(2.5) y_t, p_t and the loss as in the RNN
  }
  // #endregion forward

  /** Gradients of the losses of steps from..T (1 in training; T in the vanishing-gradient study). */
  function backward(inputs: Int32Array, targets: Int32Array, T: number, from: number): void {
    // #region backward
    grads.flat.fill(0);
    readout.backward(hs, targets, T, dhs, from);                    // (2.6), (2.7) dW_y, db_y; W_yᵀ dy_t into dhs[t]
    // Nothing flows back from beyond the window's end.
    dhNext.fill(0);
    dcNext.fill(0);
    for (let t = T; t >= 1; t--) {
      const f = fs[t], i = is[t], g = gs[t], o = os[t], tanhC = tanhCs[t], cPrev = cs[t - 1];
      const dh = dhs[t], da = das[t], daf = dafs[t], dai = dais[t], dac = dacs[t], dao = daos[t];
      for (let k = 0; k < H; k++) {
        dh[k] += dhNext[k];                                         // (3.9) dh_t = W_yᵀ dy_t + dhNext
        const dc = dh[k] * o[k] * (1 - tanhC[k] * tanhC[k]) + dcNext[k]; // (3.10) dc_t = dh_t ⊙ o_t ⊙ (1 − tanh²c_t) + dcNext
        dao[k] = dh[k] * tanhC[k] * o[k] * (1 - o[k]);              // (3.11) da_o = dh_t ⊙ tanh(c_t) ⊙ o_t ⊙ (1 − o_t)
        dac[k] = dc * i[k] * (1 - g[k] * g[k]);                     // (3.12) da_c = dc_t ⊙ i_t ⊙ (1 − g_t²)
        dai[k] = dc * g[k] * i[k] * (1 - i[k]);                     // (3.13) da_i = dc_t ⊙ g_t ⊙ i_t ⊙ (1 − i_t)
        daf[k] = dc * cPrev[k] * f[k] * (1 - f[k]);                 // (3.14) da_f = dc_t ⊙ c_{t−1} ⊙ f_t ⊙ (1 − f_t)
        dcNext[k] = dc * f[k];                                      // (3.15) dcNext = dc_t ⊙ f_t
      }
      // da = [da_f; da_i; da_c; da_o] from here on: all four gates at once.
      for (let k = 0; k < 4 * H; k++) db[k] += da[k];               // (3.16) db = Σ_t da
      // dz_t = Wᵀ da = Σ_g W_gᵀ da_g; its first H entries are the gradient of h_{t−1}.
      dhNext.fill(0);
      addMatTVecLeft(dhNext, W, da, 4 * H, H, D);                   // (3.18) dhNext = W[:, :H]ᵀ da
    }
    // dW = Σ_t da z_tᵀ needs every da, so it waits for the loop and then takes all T steps in one
    // pass: the h_{t−1} part, then the x_t part.
    addOuterEachLeft(dW, das, hPrev, 4 * H, H, D, 1, T + 1);        // (3.17) dW[:, :H] = Σ_t da h_{t−1}ᵀ
    input.backward(dW, W, das, 4 * H, D, H, inputs, T);             // (3.17) dW[:, H:] = Σ_t da x_tᵀ
    input.finish(inputs, T);
    // #endregion backward
  }

  function sample(rng: RandomState, seedToken: number, temperature: number, out: Int32Array, h0?: Float64Array): Int32Array {
    checkToken(seedToken, V);
    assertSetting('temperature', temperature);
    checkStart(h0, 2 * H, 'the state [h; c], 2 · hidden size');
    // #region sample
    const h = hSample, c = cSample;
    h.set((h0 ?? zeros).subarray(0, H));
    c.set((h0 ?? zeros).subarray(H));
    let x = seedToken;
    for (let n = 0; n < out.length; n++) {
      cell(x, h, c, gatesSample, fSample, iSample, gSample, oSample, c, tanhCSample, h); // (3.2)–(3.8) h_t, c_t in place
      readout.predict(pSample, h, temperature);                     // (2.3), (2.14) softmax((W_y h_t + b_y) / τ)
      x = rng.choice(pSample);                                      // (2.14) draw the next character
      out[n] = x; // and it is the next input
    }
    return out;
    // #endregion sample
  }

  function activations(inputs: Int32Array, h0?: Float64Array): Activations {
    checkStart(h0, 2 * H, 'the state [h; c], 2 · hidden size');
    const f: Float64Array[] = [], i: Float64Array[] = [], o: Float64Array[] = [], c: Float64Array[] = [];
    let hPrev = (h0 ?? zeros).subarray(0, H), cPrev = (h0 ?? zeros).subarray(H);
    for (const x of inputs) {
      checkToken(x, V, 'input token');
      const a = new Float64Array(4 * H), ct = new Float64Array(H), h = new Float64Array(H);
      const [ft, it, gt, ot] = [0, 1, 2, 3].map((k) => a.subarray(k * H, (k + 1) * H));
      cell(x, hPrev, cPrev, a, ft, it, gt, ot, ct, new Float64Array(H), h);
      f.push(ft);
      i.push(it);
      o.push(ot);
      c.push(ct);
      [hPrev, cPrev] = [h, ct];
    }
    return { f, i, o, c };
  }

  return {
    kind: 'lstm', vocabSize: V, hidden: H, maxSeqLen, params, grads, state, embedding: input.embedding,
    recurrent: { data: W, rows: 4 * H, cols: H, stride: D },
    lossAndGrads, hiddenGradNorms, sample, activations,
  };
}


