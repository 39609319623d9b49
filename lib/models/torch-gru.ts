/**
 * The GRU as PyTorch's torch.nn.GRU computes it, with PyTorch's parameter layout, so that weights
 * trained in PyTorch run here unchanged:
 *
 *   r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr),
 *   z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz),
 *   n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn)),
 *   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1},
 *
 * then the shared readout. Unlike Cho et al.'s GRU (gru.ts) the reset gate multiplies the recurrent
 * product W_hn h_{t−1} + b_hn after it is formed, bias included, rather than h_{t−1} before it. As in
 * PyTorch, W_ih = [W_ir; W_iz; W_in] (3H, X) is weight_ih_l0, W_hh = [W_hr; W_hz; W_hn] (3H, H) is
 * weight_hh_l0, and b_ih, b_hh (3H) are bias_ih_l0 and bias_hh_l0, row blocks in the order r, z, n.
 */
import type { Tensor } from '../core/tensor.ts';
import { type ParamSpec, allocParams, dataOf } from '../core/params.ts';
import { RandomState } from '../core/random.ts';
import { initNormal } from '../core/init.ts';
import { tanh } from '../core/libm.ts';
import { sigmoid } from '../core/sigmoid.ts';
import { addOuterEach, affine, matTVec } from '../core/tensor.ts';
import { assertSetting, limits } from '../train/limits.ts';
import { createInput } from './input.ts';
import { type Activations, type SequenceModel, checkOptions, checkStart, checkToken, checkWindow, norms } from './model.ts';
import { createReadout } from './readout.ts';

export type TorchGruParam = 'Wih' | 'Whh' | 'bih' | 'bhh' | 'Wy' | 'by';

export interface TorchGruOptions {
  /** V: number of distinct tokens. */
  vocabSize: number;
  /** H: size of the hidden state. */
  hidden: number;
  /** Seed of the RandomState that draws the initial weights. */
  seed: number;
  /** Standard deviation of the initial weights (biases start at zero). */
  initScale?: number;
  /** Standard deviation of the initial W_hh, if not initScale. */
  recurrentScale?: number;
  /** Read each token as a learnt vector of this many numbers (a word model) rather than as a one-hot. */
  embedding?: number;
  /** Longest window `lossAndGrads` accepts; its workspaces are sized for it once, at creation. */
  maxSeqLen?: number;
}

export interface TorchGru extends SequenceModel<TorchGruParam> {
  readonly hidden: number;
  readonly maxSeqLen: number;
}

/** Parameter shapes, for inputs of length X (V for one-hot characters, the embedding size for words). */
export function torchGruSpec(V: number, H: number, X = V): ParamSpec<TorchGruParam> {
  return { Wih: [3 * H, X], Whh: [3 * H, H], bih: [3 * H], bhh: [3 * H], Wy: [V, H], by: [V] };
}

export function createTorchGru(options: TorchGruOptions): TorchGru {
  const { vocabSize: V, hidden: H, seed, initScale = 0.01, maxSeqLen = limits.seqLen.max } = options;
  const { recurrentScale = initScale } = options;
  checkOptions(V, H, seed, initScale, recurrentScale, maxSeqLen);

  const rng = new RandomState(seed);
  const input = createInput(V, options.embedding, rng, initScale, maxSeqLen);
  const X = input.size;
  const params = allocParams(torchGruSpec(V, H, X));
  const grads = allocParams(torchGruSpec(V, H, X));
  initNormal(rng, params, { Wih: initScale, Whh: recurrentScale, Wy: initScale });
  const { Wih, Whh, bih, bhh, Wy, by } = dataOf(params);
  const { Wih: dWih, Whh: dWhh, bih: dbih, bhh: dbhh, Wy: dWy, by: dby } = dataOf(grads);
  const readout = createReadout(Wy, by, dWy, dby, V, H, maxSeqLen);
  const state = new Float64Array(H);
  const zeros = new Float64Array(H);

  // Workspaces, allocated once; index t is step t, 1..T, and hs[0] is the carried h_0. gis[t] and
  // ghs[t] are the two products with their biases, W_ih x_t + b_ih and W_hh h_{t−1} + b_hh, row
  // blocks r, z, n; the loop overwrites the r and z blocks of gis[t] with the gates themselves.
  const steps = (n: number) => Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(n));
  const hs = steps(H), ns = steps(H), gis = steps(3 * H), ghs = steps(3 * H);
  const dhs = steps(H), dgis = steps(3 * H), dghs = steps(3 * H);
  const hPrevs = [hs[0], ...hs]; // hPrevs[t] is hs[t − 1]
  const dhNext = new Float64Array(H), dhW = new Float64Array(H);
  const hSample = new Float64Array(H), giSample = new Float64Array(3 * H), ghSample = new Float64Array(3 * H);
  const nSample = new Float64Array(H), pSample = new Float64Array(V);

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
  /** One step for token x from hPrev: gi, gh, n and h (h may be hPrev: h[k] is written after its last read). */
  function cell(x: number, hPrev: Float64Array, gi: Float64Array, gh: Float64Array, n: Float64Array, h: Float64Array): void {
    gi.set(bih);
    input.project(gi, Wih, 3 * H, X, 0, x);                         // (7.5) gi_t = W_ih x_t + b_ih
    affine(gh, Whh, hPrev, bhh, 3 * H, H);                          // (7.5) gh_t = W_hh h_{t−1} + b_hh
    for (let k = 0; k < H; k++) {
      const r = (gi[k] = sigmoid(gi[k] + gh[k]));                   // (7.1), (7.6) r_t, in the r block of gi
      const z = (gi[H + k] = sigmoid(gi[H + k] + gh[H + k]));       // (7.2), (7.6) z_t, in the z block of gi
      n[k] = tanh(gi[2 * H + k] + r * gh[2 * H + k]);               // (7.3), (7.6) n_t: r_t multiplies W_hn h_{t−1} + b_hn
      h[k] = (1 - z) * n[k] + z * hPrev[k];                         // (7.4) h_t: z_t keeps the old state
    }
  }

  function forward(inputs: Int32Array, targets: Int32Array, T: number, h0: Float64Array): number {
    hs[0].set(h0);
    for (let t = 1; t <= T; t++) cell(inputs[t - 1], hs[t - 1], gis[t], ghs[t], ns[t], hs[t]);
    return readout.forward(hs, targets, T);                         // (2.3)–(2.5) y_t, p_t and the loss as in the RNN
  }
  // #endregion forward

  /** Gradients of the losses of steps from..T (1 in training; T in the vanishing-gradient study). */
  function backward(inputs: Int32Array, targets: Int32Array, T: number, from: number): void {
    // #region backward
    grads.flat.fill(0);
    readout.backward(hs, targets, T, dhs, from);                    // (2.6), (2.7) dW_y, db_y; W_yᵀ dy_t into dhs[t]
    dhNext.fill(0);
    for (let t = T; t >= 1; t--) {
      const hPrev = hs[t - 1], gi = gis[t], gh = ghs[t], n = ns[t], dh = dhs[t], dgi = dgis[t], dgh = dghs[t];
      for (let k = 0; k < H; k++) {
        dh[k] += dhNext[k];                                         // (7.8) dh_t = W_yᵀ dy_t + dhNext
        const r = gi[k], z = gi[H + k];
        const dan = dh[k] * (1 - z) * (1 - n[k] * n[k]);            // (7.9) through h_t = (1 − z) n + …, then tanh
        const daz = dh[k] * (hPrev[k] - n[k]) * z * (1 - z);        // (7.10) dz_t = dh_t ⊙ (h_{t−1} − n_t), then σ
        const dar = dan * gh[2 * H + k] * r * (1 - r);              // (7.11) dr_t = da_n ⊙ (W_hn h_{t−1} + b_hn), then σ
        dgi[k] = dar; dgi[H + k] = daz; dgi[2 * H + k] = dan;       // (7.12) dgi_t = ∂L/∂(W_ih x_t + b_ih)
        dgh[k] = dar; dgh[H + k] = daz; dgh[2 * H + k] = dan * r;   // (7.13) dgh_t = ∂L/∂(W_hh h_{t−1} + b_hh): r_t scales the n block
        dhNext[k] = dh[k] * z;                                      // (7.14) h_{t−1}'s direct path through z_t
      }
      matTVec(dhW, Whh, dgh, 3 * H, H);
      for (let k = 0; k < H; k++) dhNext[k] += dhW[k];              // (7.14) + W_hhᵀ dgh: h_{t−1}'s paths through W_hh
      for (let k = 0; k < 3 * H; k++) {
        dbih[k] += dgi[k];                                          // (7.15) db_ih = Σ_t dgi_t
        dbhh[k] += dgh[k];                                          // (7.15) db_hh = Σ_t dgh_t
      }
    }
    // The weight gradients need every step's dgi, dgh, so they wait for the loop.
    addOuterEach(dWhh, dghs, hPrevs, 3 * H, H, 1, T + 1);           // (7.16) dW_hh = Σ_t dgh_t h_{t−1}ᵀ
    input.backward(dWih, Wih, dgis, 3 * H, X, 0, inputs, T);        // (7.16) dW_ih = Σ_t dgi_t x_tᵀ
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
    for (let i = 0; i < out.length; i++) {
      cell(x, h, giSample, ghSample, nSample, h);                   // (7.1)–(7.6) h_t in place
      readout.predict(pSample, h, temperature);                     // (2.3), (2.14) softmax((W_y h_t + b_y) / τ)
      x = rng.choice(pSample);                                      // (2.14) draw the next token
      out[i] = x; // and it is the next input
    }
    return out;
    // #endregion sample
  }

  function activations(inputs: Int32Array, h0?: Float64Array): Activations {
    checkStart(h0, H, 'the hidden size');
    const r: Float64Array[] = [], z: Float64Array[] = [];
    let hPrev = h0 ?? zeros;
    for (const x of inputs) {
      checkToken(x, V, 'input token');
      const gi = new Float64Array(3 * H), h = new Float64Array(H);
      cell(x, hPrev, gi, new Float64Array(3 * H), new Float64Array(H), h);
      r.push(gi.subarray(0, H));
      z.push(gi.subarray(H, 2 * H));
      hPrev = h;
    }
    return { r, z };
  }

  return {
    kind: 'torch-gru', vocabSize: V, hidden: H, maxSeqLen, params, grads, state, embedding: input.embedding,
    recurrent: { data: Whh, rows: 3 * H, cols: H, stride: H },
    lossAndGrads, hiddenGradNorms, sample, activations,
  };
}

/** PyTorch's name of each parameter in a GRU layer's state dict, and ours. */
const torchNames: Record<string, 'Wih' | 'Whh' | 'bih' | 'bhh'> = {
  weight_ih_l0: 'Wih', weight_hh_l0: 'Whh', bias_ih_l0: 'bih', bias_hh_l0: 'bhh',
};

/** A tensor as a JSON state dict holds it: its shape and its numbers, row-major. */
export interface JsonTensor {
  shape: number[];
  data: number[];
}

/**
 * Copy a PyTorch GRU layer's weights into the model: `dict` holds weight_ih_l0 (3H, X),
 * weight_hh_l0 (3H, H), bias_ih_l0 and bias_hh_l0 (3H), as `torch.nn.GRU(...).state_dict()` names
 * them (converted to lists). Refuses a missing tensor, a shape that does not fit, or a tensor it has no
 * place for (a second layer's weight_ih_l1, a bidirectional GRU's weight_ih_l0_reverse), naming it,
 * before it copies anything.
 */
export function loadTorchGruState(model: TorchGru, dict: Record<string, JsonTensor>): void {
  const extra = Object.keys(dict).filter((key) => !Object.hasOwn(torchNames, key));
  if (extra.length > 0) {
    throw new Error(
      `the state dict has ${extra.join(', ')}, which a one-layer, one-direction GRU has no place for; it takes ${Object.keys(torchNames).join(', ')}`,
    );
  }
  for (const [torchName, name] of Object.entries(torchNames)) {
    const target: Tensor = model.params.tensors[name];
    const source = dict[torchName];
    if (!source) throw new Error(`the state dict has no ${torchName}; a GRU layer needs ${Object.keys(torchNames).join(', ')}`);
    const expected = target.shape.join(' × ');
    if (source.shape.join(' × ') !== expected || source.data.length !== target.data.length) {
      throw new Error(`${torchName} has shape ${source.shape.join(' × ')}, the model needs ${expected}`);
    }
  }
  for (const [torchName, name] of Object.entries(torchNames)) model.params.tensors[name].data.set(dict[torchName].data);
}
