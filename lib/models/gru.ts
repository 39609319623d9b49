/**
 * The gated recurrent unit (Cho et al. 2014) as a character-level language model:
 *
 *   r_t = σ(W_r x_t + U_r h_{t−1} + b_r),        z_t = σ(W_z x_t + U_z h_{t−1} + b_z),
 *   h̃_t = tanh(W x_t + U (r_t ⊙ h_{t−1}) + b_h),   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t,
 *   y_t = W_y h_t + b_y,   p_t = softmax(y_t),   L = Σ_t −log p_t[target_t],
 *
 * with biases (zero at the start) that Cho's equations leave out, trained by backpropagation through
 * time over one window, truncated at the window's start. The update gate z keeps the old state, and
 * the reset gate acts on h_{t−1} before the recurrent product.
 *
 * As in the NumPy notebooks, each transform is one matrix (H, H + V) acting on a concatenation with
 * the hidden part first: Wz = [U_z | W_z] and Wr = [U_r | W_r] on [h_{t−1}; x_t], Wh = [U | W] on
 * [r_t ⊙ h_{t−1}; x_t]. A one-hot x_t selects column H + x_t of each, so W x_t is a column, read
 * without a product.
 */
import { type ParamSpec, allocParams, dataOf, stacked } from '../core/params.ts';
import { RandomState } from '../core/random.ts';
import { initNormal } from '../core/init.ts';
import { tanhEach } from '../core/libm.ts';
import { sigmoidEach } from '../core/sigmoid.ts';
import { addMatTVecLeft, addOuterEachLeft, affineLeft } from '../core/tensor.ts';
import { assertSetting, limits } from '../train/limits.ts';
import { type Input, createInput } from './input.ts';
import { type Activations, type SequenceModel, checkOptions, checkStart, checkToken, checkWindow, norms } from './model.ts';
import { type LossForm, createReadout } from './readout.ts';

export type GruParam = 'Wz' | 'Wr' | 'Wh' | 'Wy' | 'bz' | 'br' | 'bh' | 'by';

export interface GruOptions {
  /** V: number of distinct tokens. */
  vocabSize: number;
  /** H: size of the hidden state. */
  hidden: number;
  /** Seed of the RandomState that draws the initial weights. */
  seed: number;
  /** Standard deviation of the initial weights (biases start at zero). */
  initScale?: number;
  /**
   * Standard deviation of the initial U_z, U_r, U (the first H columns of Wz, Wr, Wh), if not
   * initScale: the vanishing-gradient study varies it.
   */
  recurrentScale?: number;
  /** Read each token as a learnt vector of this many numbers (a word model) rather than as a one-hot. */
  embedding?: number;
  /** Longest window `lossAndGrads` accepts; its workspaces are sized for it once, at creation. */
  maxSeqLen?: number;
  /** How a step's loss is formed (readout.ts): 'logsumexp' (default) or the notebooks' 'numpy'. */
  loss?: LossForm;
}

export interface Gru extends SequenceModel<GruParam> {
  readonly hidden: number;
  readonly maxSeqLen: number;
}

/** Parameter shapes in the order they are drawn (the NumPy notebooks' order). */
export function gruSpec(V: number, H: number, X = V): ParamSpec<GruParam> {
  const D = H + X; // [h_{t−1}; x_t], with x_t of length X: V for one-hot characters, the embedding size for words
  return { Wz: [H, D], Wr: [H, D], Wh: [H, D], Wy: [V, H], bz: [H], br: [H], bh: [H], by: [V] };
}

/**
 * A GRU's weights as its step reads them: views into a model's parameters. The language model below
 * is one GRU and a readout; the encoder and the decoder of lib/models/seq2seq are GRUs too, and run
 * the same step and backward pass (createGruCell) on weights of their own.
 */
export interface GruWeights {
  /** [Wz; Wr] (2H, H + X) and [bz; br] (2H): both gates read [h_{t−1}; x_t], so one product per step serves both. */
  readonly Wzr: Float64Array;
  readonly bzr: Float64Array;
  /** Wh (H, H + X) and bh (H): the candidate reads [r_t ⊙ h_{t−1}; x_t]. */
  readonly Wh: Float64Array;
  readonly bh: Float64Array;
}

/** The gradients of a GRU's weights, laid out as the weights are. */
export interface GruGrads {
  readonly dWzr: Float64Array;
  readonly dbzr: Float64Array;
  readonly dWh: Float64Array;
  readonly dbh: Float64Array;
}

/** One GRU's step, its backward pass and its weight gradients, bound to its weights (createGruCell). */
export interface GruCell {
  /**
   * One step for input token x from h_{t−1} into the step's arrays: zr = [z_t; r_t] (z, r its halves),
   * rh = r_t ⊙ h_{t−1}, h̃_t and h_t. h may be hPrev itself: each h[i] is written after the last read of hPrev[i].
   */
  step(
    x: number, hPrev: Float64Array,
    zr: Float64Array, z: Float64Array, r: Float64Array, rh: Float64Array, hTilde: Float64Array, h: Float64Array,
  ): void;
  /**
   * Step t of backpropagation through time. dh holds ∂L/∂h_t from outside the recurrence (for the
   * language model, the readout's W_yᵀ dy_t) and dhNext the gradient from step t + 1. Completes dh,
   * writes the pre-activation gradients dazr = [da^z_t; da^r_t] (daz, dar are its halves) and dah, and
   * leaves in dhNext the gradient for h_{t−1}. drh is a workspace of H numbers.
   */
  backward(
    hPrev: Float64Array, z: Float64Array, r: Float64Array, hTilde: Float64Array, dh: Float64Array,
    dhNext: Float64Array, dazr: Float64Array, daz: Float64Array, dar: Float64Array, dah: Float64Array, drh: Float64Array,
  ): void;
  /**
   * After the loop over t = T..1: the weight gradients of a window of T steps, added to the gradients,
   * from every step's dazrs[t] and dahs[t], with hPrevs[t] = h_{t−1} and rhs[t] = r_t ⊙ h_{t−1}.
   */
  weightGrads(
    inputs: Int32Array, T: number,
    dazrs: readonly Float64Array[], dahs: readonly Float64Array[], hPrevs: readonly Float64Array[], rhs: readonly Float64Array[],
  ): void;
}

/**
 * The GRU with state size H on the weights w, fed by `input`, adding its gradients to g. Closures
 * rather than functions that take the weights as arguments: V8 compiles a function that was created
 * once with the variables it closes over as constants, so each product runs on known arrays and
 * sizes; with the weights passed in, the training step took about 1.2× as long.
 */
export function createGruCell(H: number, input: Input, w: GruWeights, g: GruGrads): GruCell {
  const D = H + input.size; // row length of Wz, Wr, Wh
  const { Wzr, bzr, Wh, bh } = w;
  const { dWzr, dbzr, dWh, dbh } = g;

  // #region forward
  function step(
    x: number, hPrev: Float64Array,
    zr: Float64Array, z: Float64Array, r: Float64Array, rh: Float64Array, hTilde: Float64Array, h: Float64Array,
  ): void {
    // Both gates at once, rows [z; r]:
    affineLeft(zr, Wzr, hPrev, bzr, 2 * H, H, D);                    // (4.5) U_z h_{t−1} + b_z; U_r h_{t−1} + b_r
    input.project(zr, Wzr, 2 * H, D, H, x);                          // (4.5) + W_z x_t; + W_r x_t
    sigmoidEach(zr, 0, 2 * H);                                       // (4.2), (4.1) z_t = σ(a^z_t); r_t = σ(a^r_t)
    for (let i = 0; i < H; i++) rh[i] = r[i] * hPrev[i];             // (4.3) r_t ⊙ h_{t−1}
    affineLeft(hTilde, Wh, rh, bh, H, H, D);                         // (4.5) U (r_t ⊙ h_{t−1}) + b_h
    input.project(hTilde, Wh, H, D, H, x);                           // (4.5) + W x_t
    tanhEach(hTilde, 0, H);                                          // (4.3) h̃_t = tanh(a^h_t)
    // (4.4) h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t: z_t keeps the old state, 1 − z_t takes the candidate
    for (let i = 0; i < H; i++) h[i] = z[i] * hPrev[i] + (1 - z[i]) * hTilde[i];
  }
  // #endregion forward

  // #region backward
  function backward(
    hPrev: Float64Array, z: Float64Array, r: Float64Array, hTilde: Float64Array, dh: Float64Array,
    dhNext: Float64Array, dazr: Float64Array, daz: Float64Array, dar: Float64Array, dah: Float64Array, drh: Float64Array,
  ): void {
    for (let i = 0; i < H; i++) dh[i] += dhNext[i];                // (4.6) dh_t = W_yᵀ dy_t + dhNext
    for (let i = 0; i < H; i++) {
      const dhTilde = dh[i] * (1 - z[i]);                          // (4.7) dh̃_t = dh_t ⊙ (1 − z_t)
      const dz = dh[i] * (hPrev[i] - hTilde[i]);                   // (4.8) dz_t = dh_t ⊙ (h_{t−1} − h̃_t)
      dah[i] = dhTilde * (1 - hTilde[i] * hTilde[i]);              // (4.9) through tanh: ⊙ (1 − h̃_t²)
      daz[i] = dz * z[i] * (1 - z[i]);                             // (4.10) through σ: ⊙ z_t (1 − z_t)
    }
    drh.fill(0);
    addMatTVecLeft(drh, Wh, dah, H, H, D);                         // (4.11) d(r_t ⊙ h_{t−1}) = Uᵀ da^h_t
    for (let i = 0; i < H; i++) {
      const dr = drh[i] * hPrev[i];                                // (4.12) dr_t = d(r_t ⊙ h_{t−1}) ⊙ h_{t−1}
      dar[i] = dr * r[i] * (1 - r[i]);                             // (4.13) through σ: ⊙ r_t (1 − r_t)
    }
    // (4.14) dhNext = dh_t ⊙ z_t + d(r_t ⊙ h_{t−1}) ⊙ r_t + U_zᵀ da^z_t + U_rᵀ da^r_t: h_{t−1}'s four paths into step t
    for (let i = 0; i < H; i++) dhNext[i] = dh[i] * z[i] + drh[i] * r[i];
    addMatTVecLeft(dhNext, Wzr, dazr, 2 * H, H, D);                // (4.14) + U_zᵀ da^z_t + U_rᵀ da^r_t
  }

  function weightGrads(
    inputs: Int32Array, T: number,
    dazrs: readonly Float64Array[], dahs: readonly Float64Array[], hPrevs: readonly Float64Array[], rhs: readonly Float64Array[],
  ): void {
    // The weight gradients need every da_t, so they wait for the loop. Inside it, the columns
    // would touch a new cache line of each dW per row and step, pushing U_z, U_r, U out of the cache.
    input.backward(dWzr, Wzr, dazrs, 2 * H, D, H, inputs, T);        // (4.15) dW_z = Σ_t da^z_t x_tᵀ; dW_r = Σ_t da^r_t x_tᵀ
    input.backward(dWh, Wh, dahs, H, D, H, inputs, T);               // (4.15) dW = Σ_t da^h_t x_tᵀ
    input.finish(inputs, T);
    for (let t = 1; t <= T; t++) {
      const dazr = dazrs[t], dah = dahs[t];
      for (let i = 0; i < 2 * H; i++) dbzr[i] += dazr[i];            // (4.16) db_z = Σ_t da^z_t; db_r = Σ_t da^r_t
      for (let i = 0; i < H; i++) dbh[i] += dah[i];                  // (4.16) db_h = Σ_t da^h_t
    }
    addOuterEachLeft(dWzr, dazrs, hPrevs, 2 * H, H, D, 1, T + 1);    // (4.17) dU_z = Σ_t da^z_t h_{t−1}ᵀ; dU_r = Σ_t da^r_t h_{t−1}ᵀ
    addOuterEachLeft(dWh, dahs, rhs, H, H, D, 1, T + 1);             // (4.17) dU = Σ_t da^h_t (r_t ⊙ h_{t−1})ᵀ
  }
  // #endregion backward

  return { step, backward, weightGrads };
}

export function createGru(options: GruOptions): Gru {
  const { vocabSize: V, hidden: H, seed, initScale = 0.01, maxSeqLen = limits.seqLen.max } = options;
  const { recurrentScale = initScale } = options;
  checkOptions(V, H, seed, initScale, recurrentScale, maxSeqLen);
  const rng = new RandomState(seed);
  const input = createInput(V, options.embedding, rng, initScale, maxSeqLen);
  const X = input.size;
  const D = H + X; // row length of Wz, Wr, Wh

  const params = allocParams(gruSpec(V, H, X));
  const grads = allocParams(gruSpec(V, H, X));
  // randn · 1 is randn exactly, so scaling afterwards gives the same numbers as drawing at each scale.
  initNormal(rng, params, { Wz: 1, Wr: 1, Wh: 1, Wy: initScale });
  const { Wh, Wy, bh, by } = dataOf(params);
  const { Wh: dWh, Wy: dWy, bh: dbh, by: dby } = dataOf(grads);
  const readout = createReadout(Wy, by, dWy, dby, V, H, maxSeqLen, options.loss);
  const Wzrh = stacked(params, ['Wz', 'Wr', 'Wh']); // [U_z | W_z; U_r | W_r; U | W], (3H, H + V)
  for (let k = 0; k < Wzrh.length; k++) Wzrh[k] *= k % D < H ? recurrentScale : initScale;
  // The spec stores Wz, Wr one after the other, and bz, br likewise, so together they are one matrix
  // Wzr = [Wz; Wr] (2H, H + V) and one bias bzr (2H): both gates read [h_{t−1}; x_t], so one product
  // per step serves both. Wh stays apart, as it reads r_t ⊙ h_{t−1}. The gradients lie the same way.
  const Wzr = stacked(params, ['Wz', 'Wr']), bzr = stacked(params, ['bz', 'br']);
  const dWzr = stacked(grads, ['Wz', 'Wr']), dbzr = stacked(grads, ['bz', 'br']);
  const cell = createGruCell(H, input, { Wzr, bzr, Wh, bh }, { dWzr, dbzr, dWh, dbh });
  const state = new Float64Array(H);
  const zeros = new Float64Array(H);

  // Workspaces, allocated once. Time runs t = 1..T as in the equations: hs[0] is the carried state
  // h_0, hs[t] is h_t, and inputs[t − 1], targets[t − 1] are x_t and its target.
  const steps = (n: number) => Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(n));
  const hs = steps(H), hTildes = steps(H);
  const zrs = steps(2 * H); // [z_t; r_t], (2H)
  const zs = zrs.map((zr) => zr.subarray(0, H)), rs = zrs.map((zr) => zr.subarray(H));
  const rhs = steps(H); // rhs[t] = r_t ⊙ h_{t−1}, the hidden part of the candidate's input
  const dhs = steps(H), dahs = steps(H); // da: gradients of pre-activations
  const dazrs = steps(2 * H); // [da_z; da_r], (2H)
  const dazs = dazrs.map((da) => da.subarray(0, H)), dars = dazrs.map((da) => da.subarray(H));
  const hPrevs = [hs[0], ...hs]; // hPrevs[t] is hs[t − 1], so that sums over t can pair da_t with h_{t−1}
  const drh = new Float64Array(H);
  const dhNext = new Float64Array(H);
  const hSample = new Float64Array(H), zrSample = new Float64Array(2 * H);
  const zSample = zrSample.subarray(0, H), rSample = zrSample.subarray(H);
  const rhSample = new Float64Array(H), hTildeSample = new Float64Array(H);
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

  // Two functions rather than one: V8 inlines a limited amount of code into each optimised function,
  // and one for each pass leaves room to inline its per-step products as well.
  function forward(inputs: Int32Array, targets: Int32Array, T: number, h0: Float64Array): number {
    hs[0].set(h0);
    for (let t = 1; t <= T; t++) cell.step(inputs[t - 1], hs[t - 1], zrs[t], zs[t], rs[t], rhs[t], hTildes[t], hs[t]);
    return readout.forward(hs, targets, T);                          // (2.3)–(2.5) y_t, p_t and the loss as in the RNN
  }

  /** Gradients of the losses of steps from..T (1 in training; T in the vanishing-gradient study). */
  function backward(inputs: Int32Array, targets: Int32Array, T: number, from: number): void {
    grads.flat.fill(0);
    readout.backward(hs, targets, T, dhs, from);                     // (2.6)–(2.8) dW_y, db_y; W_yᵀ dy_t into dhs[t]
    dhNext.fill(0);                                                  // nothing flows back from beyond the window's end
    // dh_t = W_yᵀ dy_t + dhNext: the first term is in dhs[t] already; the loop adds the second.
    for (let t = T; t >= 1; t--) { // (4.6)–(4.14)
      cell.backward(hs[t - 1], zs[t], rs[t], hTildes[t], dhs[t], dhNext, dazrs[t], dazs[t], dars[t], dahs[t], drh);
    }
    cell.weightGrads(inputs, T, dazrs, dahs, hPrevs, rhs);           // (4.15)–(4.17)
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
      cell.step(x, h, zrSample, zSample, rSample, rhSample, hTildeSample, h); // (4.1)–(4.5) h_t in place
      readout.predict(pSample, h, temperature);                      // (2.3), (2.14) softmax((W_y h_t + b_y) / τ)
      x = rng.choice(pSample);                                       // (2.14) draw the next character
      out[n] = x; // and it is the next input
    }
    return out;
    // #endregion sample
  }

  function activations(inputs: Int32Array, h0?: Float64Array): Activations {
    checkStart(h0, H, 'the hidden size');
    const z: Float64Array[] = [], r: Float64Array[] = [];
    let hPrev = h0 ?? zeros;
    for (const x of inputs) {
      checkToken(x, V, 'input token');
      const zr = new Float64Array(2 * H), h = new Float64Array(H);
      const [zt, rt] = [zr.subarray(0, H), zr.subarray(H)];
      cell.step(x, hPrev, zr, zt, rt, new Float64Array(H), new Float64Array(H), h);
      z.push(zt);
      r.push(rt);
      hPrev = h;
    }
    return { r, z };
  }

  return {
    kind: 'gru', vocabSize: V, hidden: H, maxSeqLen, params, grads, state, embedding: input.embedding,
    recurrent: { data: Wzrh, rows: 3 * H, cols: H, stride: D },
    lossAndGrads, hiddenGradNorms, sample, activations,
  };
}


