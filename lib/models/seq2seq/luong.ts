/**
 * Global attention with the "general" score (Luong, Pham & Manning 2015). The order of a step changes
 * from Bahdanau's: update, then look, then predict. The decoder first takes its step, then attends
 * with its new state h_t, and predicts from an attentional vector h̃_t that mixes h_t with the context:
 *
 *   h̄_s = GRU_enc(h̄_{s−1}, E_x[x_s])                  (unidirectional encoder, (8.1))
 *   h_0 = h̄_S,   h̃_0 = 0                                                          (10.1)
 *   h_t = GRU_dec(h_{t−1}, [E_y[ŷ_{t−1}]; h̃_{t−1}])                                (10.2)
 *   score(h_t, h̄_s) = h_tᵀ W_a h̄_s                                                (10.3)
 *   α_ts = exp(score(h_t, h̄_s)) / Σ_k exp(score(h_t, h̄_k)),   c_t = Σ_s α_ts h̄_s  (10.4), (10.5)
 *   h̃_t = tanh(W_c [c_t; h_t])                                                    (10.6)
 *   o_t = W_y h̃_t + b_y,   p_t = softmax(o_t),   L = −Σ_t log p_t[y_t]             (10.7)
 *
 * Input feeding (the paper's §3.3, on by default) is the h̃_{t−1} in (10.2): the decoder is told where
 * it looked at the step before. Without it the decoder reads E_y[ŷ_{t−1}] alone, and each step's
 * attention is decided without knowledge of the last one's.
 *
 * Choices, against the paper:
 * - The paper's encoder and decoder are stacks of four LSTMs; ours are one GRU each, the course's
 *   (lib/models/gru.ts): the attention does not care what made h_t and h̄_s.
 * - The decoder starts from the encoder's last state, as the paper's stacked LSTMs do, with no bridge;
 *   h̃_0, which no step made, is zero.
 * - W_c has no bias, nor does the score, as in the paper's equations (5) and (8).
 * - Biases start at zero; every matrix and both tables are drawn as randn · initScale, the tables
 *   first (source, then target), then the matrices in spec order. The default scale is 0.3, three
 *   times the other models': the score h_tᵀ W_a h̄_s multiplies three small factors, so at 0.1 the
 *   scores and their gradient start near zero and α stays nearly uniform for thousands of pairs (the
 *   paper's 1,000 units give its scores a spread at the same scale that our 16 cannot).
 */
import { log, tanh } from '../../core/libm.ts';
import { type ParamSpec, dataOf } from '../../core/params.ts';
import { softmax } from '../../core/softmax.ts';
import { addOuter, affine, matTVec } from '../../core/tensor.ts';
import { SOS } from '../../data/words.ts';
import { createReadout } from '../readout.ts';
import { type AttentionModel, attend, attendBackward, createContextGru, softmaxBackward } from './attention.ts';
import { argmax } from './decode.ts';
import { type EncoderParam, createEncoder, encoderSpec } from './encoder.ts';
import { type GruLayerParam, gruLayerSpec } from './gru-layer.ts';
import { type PairModelOptions, type TeacherForcing, checkRatio, checkSequence, startPairModel } from './pair-model.ts';

export type LuongParam = EncoderParam | GruLayerParam<'dec'> | 'Wa' | 'Wc' | 'Wy' | 'by';

export interface LuongOptions extends PairModelOptions {
  /** Standard deviation of the initial weights and embeddings (default 0.3, see above). */
  initScale?: number;
  /** Feed h̃_{t−1} to step t beside the token, as in the paper's §3.3 (default true). */
  inputFeeding?: boolean;
}

export interface Luong extends AttentionModel<LuongParam> {
  readonly hidden: number;
  readonly inputFeeding: boolean;
}

/**
 * Parameter shapes in the order they are drawn: the encoder, the decoder's GRU (H more input columns
 * for h̃_{t−1} with input feeding), the score's W_a (H, H), W_c (H, 2H) on [c_t; h_t], the readout on h̃_t.
 */
export function luongSpec(Vt: number, H: number, X: number, inputFeeding: boolean): ParamSpec<LuongParam> {
  return {
    ...encoderSpec(H, X, false), ...gruLayerSpec('dec', H, X + (inputFeeding ? H : 0)),
    Wa: [H, H], Wc: [H, 2 * H], Wy: [Vt, H], by: [Vt],
  } as ParamSpec<LuongParam>;
}

export function createLuong(options: LuongOptions): Luong {
  const { targetVocabSize: Vt, hidden: H, embedding: X, inputFeeding = true } = options;
  const spec = luongSpec(Vt, H, X, inputFeeding);
  const { Vs, maxSourceLen, maxTargetLen, Ex, Ey, params, grads } = startPairModel({ ...options, initScale: options.initScale ?? 0.3 }, spec, (k: LuongParam) => spec[k].length === 2);
  const { Wa, Wc, Wy, by } = dataOf(params);
  const { Wa: dWa, Wc: dWc, Wy: dWy, by: dby } = dataOf(grads);

  const encoder = createEncoder(params, grads, Ex, H, maxSourceLen, false);
  const hBars = encoder.annotations, dhBars = encoder.dAnnotations; // h̄_s, ∂L/∂h̄_s for s = 1..S
  const stepsT = (n: number) => Array.from({ length: maxTargetLen + 1 }, () => new Float64Array(n));
  const hTildes = stepsT(H), dhTildes = stepsT(H);          // h̃_t; h̃_0 stays zero
  // With input feeding step t reads h̃_{t−1}: cs[t] is hTildes[t − 1] (cs[0] only sizes the input).
  const cs = inputFeeding ? [hTildes[0], ...hTildes.slice(0, -1)] : stepsT(0);
  const decoder = createContextGru(params, grads, 'dec', Ey, cs, H, maxTargetLen);
  const readout = createReadout(Wy, by, dWy, dby, Vt, H, maxTargetLen);

  // Workspaces, allocated once. Step t = 1..T: decoder.hs[t] is h_t, fed[t − 1] is ŷ_{t−1}.
  const fed = new Int32Array(maxTargetLen);
  const chs = stepsT(2 * H), ctxs = chs.map((ch) => ch.subarray(0, H)); // [c_t; h_t], what W_c reads
  const qs = stepsT(H);                                     // W_aᵀ h_t
  const alphas = stepsT(maxSourceLen);                      // α_t[s − 1] = α_ts
  const noBias = new Float64Array(H);
  const scores = new Float64Array(maxSourceLen), dAlpha = new Float64Array(maxSourceLen), de = new Float64Array(maxSourceLen);
  const dg = new Float64Array(H), dch = new Float64Array(2 * H), dc = dch.subarray(0, H), dhAtt = dch.subarray(H);
  const dq = new Float64Array(H);
  const p = new Float64Array(Vt);
  const n = inputFeeding ? 2 * H : H; // a decoding state: [h_t; h̃_t], or h_t
  const prev = new Float64Array(n), hPrev1 = prev.subarray(0, H), hTildePrev1 = prev.subarray(H);
  const h1 = new Float64Array(H), q1 = new Float64Array(H), ch1 = new Float64Array(2 * H), c1 = ch1.subarray(0, H);
  const hTilde1 = new Float64Array(H), alpha1 = new Float64Array(maxSourceLen);
  let S = 0; // length of the source last encoded

  function encodeInto(source: Int32Array, h0: Float64Array): void {
    S = source.length;
    encoder.forward(source);                                         // (8.1) h̄_1..h̄_S
    h0.set(hBars[S]);                                                // (10.1) h_0 = h̄_S
  }

  // #region look
  /** Look, then the attentional vector: α_t, [c_t; h_t] and h̃_t from h_t, keeping W_aᵀ h_t in q. */
  function look(h: Float64Array, q: Float64Array, alpha: Float64Array, ch: Float64Array, c: Float64Array, hTilde: Float64Array): void {
    matTVec(q, Wa, h, H, H);                                         // (10.3) W_aᵀ h_t
    for (let s = 1; s <= S; s++) {
      const hBar = hBars[s];
      let e = 0;
      for (let i = 0; i < H; i++) e += q[i] * hBar[i];               // (10.3) score = h_tᵀ W_a h̄_s
      scores[s - 1] = e;
    }
    softmax(alpha, scores, S);                                       // (10.4) α_t over source positions
    attend(c, alpha, hBars, S, H);                                   // (10.5) c_t = Σ_s α_ts h̄_s
    ch.set(h, H);                                                    // [c_t; h_t]
    affine(hTilde, Wc, ch, noBias, H, 2 * H);                        // (10.6) W_c [c_t; h_t]
    for (let i = 0; i < H; i++) hTilde[i] = tanh(hTilde[i]);         // (10.6) h̃_t = tanh(·)
  }
  // #endregion look

  /** ŷ_{t−1} for step t ≥ 2: the model's own most likely token at step t − 1. */
  function ownToken(t: number): number {
    readout.predict(p, hTildes[t - 1], 1);                           // (10.7) p_{t−1}
    return argmax(p);
  }

  /** Steps 1..T of the decoder, fed as `forcing` says; leaves every h_t, α_t, h̃_t in the workspaces. */
  function forward(source: Int32Array, target: Int32Array, forcing?: TeacherForcing): void {
    checkSequence(source, maxSourceLen, Vs, 'source');
    checkSequence(target, maxTargetLen, Vt, 'target');
    const ratio = checkRatio(forcing?.ratio ?? 1);
    // #region forward
    encodeInto(source, decoder.hs[0]);                               // (8.1), (10.1)
    for (let t = 1; t <= target.length; t++) {
      let x = SOS;                                                   // (8.5) ŷ_0 = <SOS>
      if (t > 1) x = ratio === 1 || forcing!.rng.randomSample() < ratio ? target[t - 2] : ownToken(t); // (8.5)
      fed[t - 1] = x;
      decoder.step(t, x);                                            // (10.2) update: h_t
      look(decoder.hs[t], qs[t], alphas[t], chs[t], ctxs[t], hTildes[t]); // (10.3)–(10.6) look: α_t, c_t, h̃_t
    }
    // #endregion forward
  }

  function lossAndGrads(source: Int32Array, target: Int32Array, forcing?: TeacherForcing): number {
    forward(source, target, forcing);
    const T = target.length;
    const loss = readout.forward(hTildes, target, T);                // (10.7) predict, (8.8), (8.9)

    // #region backward
    grads.flat.fill(0);
    readout.backward(hTildes, target, T, dhTildes, 1);               // (10.8) ∂L/∂h̃_t's first term, W_yᵀ do_t
    decoder.startBackward();
    for (let t = T; t >= 1; t--) {
      const h = decoder.hs[t], hTilde = hTildes[t], dhTilde = dhTildes[t], alpha = alphas[t], q = qs[t];
      if (inputFeeding && t < T) {
        const dFed = decoder.dcs[t + 1];
        for (let i = 0; i < H; i++) dhTilde[i] += dFed[i];           // (10.8) + ∂L/∂h̃_t through step t + 1's gates (9.8)
      }
      for (let i = 0; i < H; i++) dg[i] = dhTilde[i] * (1 - hTilde[i] * hTilde[i]); // (10.9) δ_t = ∂L/∂h̃_t ⊙ (1 − h̃_t²)
      addOuter(dWc, dg, chs[t], H, 2 * H);                           // (10.9) ∂L/∂W_c += δ_t [c_t; h_t]ᵀ
      matTVec(dch, Wc, dg, H, 2 * H);                                // (10.9) [∂L/∂c_t; ∂L/∂h_t] = W_cᵀ δ_t
      attendBackward(dAlpha, dhBars, dc, alpha, hBars, S, H);        // (10.10) ∂L/∂α_ts, ∂L/∂h̄_s += α_ts ∂L/∂c_t
      softmaxBackward(de, alpha, dAlpha, S);                         // (9.10) ∂L/∂score_ts
      dq.fill(0);
      for (let s = 1; s <= S; s++) {
        const hBar = hBars[s], dhBar = dhBars[s], des = de[s - 1];
        for (let i = 0; i < H; i++) {
          dq[i] += des * hBar[i];                                    // (10.11) Σ_s ∂L/∂score_ts h̄_s
          dhBar[i] += des * q[i];                                    // (10.11) ∂L/∂h̄_s += ∂L/∂score_ts W_aᵀ h_t
        }
      }
      addOuter(dWa, h, dq, H, H);                                    // (10.12) ∂L/∂W_a += h_t (Σ_s ∂L/∂score_ts h̄_s)ᵀ
      affine(decoder.dhs[t], Wa, dq, dhAtt, H, H);                   // (10.12) ∂L/∂h_t = W_a Σ_s ∂L/∂score_ts h̄_s + W_c's share
      decoder.backwardStep(t);                                       // (4.6)–(4.14), and ∂L/∂h̃_{t−1} (9.8)
    }
    const dh0 = decoder.dhPrev, dhS = dhBars[S];
    for (let i = 0; i < H; i++) dhS[i] += dh0[i];                    // (10.13) ∂L/∂h̄_S += ∂L/∂h_0; ∂L/∂h̃_0 is dropped, h̃_0 being constant
    decoder.weightGrads(fed, T);                                     // (4.15)–(4.17), (8.14), and ∂L/∂E_y by (5.5)–(5.7)
    encoder.backward(source);                                        // the encoder's BPTT, and ∂L/∂E_x
    // #endregion backward
    return loss;
  }

  function align(source: Int32Array, target: Int32Array): Float64Array[] {
    forward(source, target);
    return Array.from({ length: target.length }, (_, t) => alphas[t + 1].slice(0, S));
  }

  function encode(source: Int32Array, state: Float64Array): void {
    checkSequence(source, maxSourceLen, Vs, 'source');
    if (state.length !== n) throw new Error(`state must have the decoder's ${n} numbers ([h_t; h̃_t] with input feeding, else h_t), got ${state.length}`);
    encodeInto(source, state);
    state.fill(0, H);                                                // (10.1) h̃_0 = 0
  }

  // #region step
  function step(state: Float64Array, token: number, next: Float64Array, logp: Float64Array, alignment?: Float64Array): void {
    if (!(Number.isInteger(token) && token >= 0 && token < Vt)) {
      throw new Error(`token must be a target id in 0..${Vt - 1}, got ${token}`);
    }
    prev.set(state);
    decoder.advance(token, hTildePrev1, hPrev1, h1);                 // (10.2) update
    look(h1, q1, alpha1, ch1, c1, hTilde1);                          // (10.3)–(10.6) look
    readout.predict(p, hTilde1, 1);                                  // (10.7) predict
    for (let v = 0; v < Vt; v++) logp[v] = log(p[v]);
    next.set(h1);
    if (inputFeeding) next.set(hTilde1, H);
    alignment?.set(alpha1.subarray(0, S));
  }
  // #endregion step

  return {
    kind: 'luong', sourceVocabSize: Vs, targetVocabSize: Vt, stateSize: n, hidden: H, inputFeeding,
    maxSourceLen, maxTargetLen, params, grads,
    embeddings: { source: encoder.embedding, target: decoder.embedding },
    lossAndGrads, encode, step, align,
  };
}
