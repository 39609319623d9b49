/**
 * Additive attention (Bahdanau, Cho & Bengio 2015): rather than one vector for the whole source, the
 * decoder reads at every step a context c_t of its own, a weighted mean of the annotations h_j, whose
 * weights α_tj it computes from its previous state:
 *
 *   h_j = [→h_j; ←h_j]                        (bidirectional encoder, (8.1), (8.2))
 *   s_0 = tanh(W_s ←h_1 + b_s)                                                   (9.1)
 *   e_tj = v_aᵀ tanh(W_a s_{t−1} + U_a h_j)                                      (9.2)
 *   α_tj = exp(e_tj) / Σ_k exp(e_tk),   c_t = Σ_j α_tj h_j                       (9.3), (9.4)
 *   s_t = GRU_dec(s_{t−1}, [E_y[ŷ_{t−1}]; c_t])                                  (9.5)
 *   o_t = W_y [s_t; c_t] + b_y,   p_t = softmax(o_t),   L = −Σ_t log p_t[y_t]     (9.6)
 *
 * Choices, against the paper:
 * - s_0 is the paper's (its appendix A.2.2): the backward encoder's first state ←h_1, which has read
 *   the whole source, through tanh, with a bias as the encoder–decoder's bridge has one. With the
 *   unidirectional encoder (an option) there is no ←h_1, and the bridge reads →h_S, as encoder-decoder.ts's.
 * - The output layer reads s_t and c_t, linearly. The paper's also reads E_y[ŷ_{t−1}], takes a maxout,
 *   and (in the appendix) reads s_{t−1} for s_t; we keep the course's linear readout (readout.ts).
 * - The score has no bias, as in the paper; its hidden size n' is H, as in the paper (n' = n = 1000).
 * - Biases start at zero; every matrix, v_a and both tables are drawn as randn · initScale, the tables
 *   first (source, then target), then the others in spec order.
 */
import { log, tanh } from '../../core/libm.ts';
import { type ParamSpec, dataOf } from '../../core/params.ts';
import { softmax } from '../../core/softmax.ts';
import { addMatTVecLeft, addOuter, affine } from '../../core/tensor.ts';
import { SOS } from '../../data/words.ts';
import { createReadout } from '../readout.ts';
import { type AttentionModel, attend, attendBackward, createContextGru, softmaxBackward } from './attention.ts';
import { argmax } from './decode.ts';
import { type EncoderParam, createEncoder, encoderSpec } from './encoder.ts';
import { type GruLayerParam, gruLayerSpec } from './gru-layer.ts';
import { type PairModelOptions, type TeacherForcing, checkRatio, checkSequence, startPairModel } from './pair-model.ts';

export type BahdanauParam = EncoderParam | 'Ws' | 'bs' | 'Wa' | 'Ua' | 'va' | GruLayerParam<'dec'> | 'Wy' | 'by';

export interface BahdanauOptions extends PairModelOptions {
  /** Annotations [→h_j; ←h_j] as in the paper (default true), or →h_j alone. */
  bidirectional?: boolean;
}

export interface Bahdanau extends AttentionModel<BahdanauParam> {
  readonly hidden: number;
  readonly bidirectional: boolean;
}

/**
 * Parameter shapes in the order they are drawn: the encoder, the bridge W_s (H, H), the score's W_a
 * (H, H), U_a (H, A) and v_a (H), the decoder's GRU on [s_{t−1}; E_y[ŷ]; c_t], the readout on
 * [s_t; c_t]; A, an annotation's size, is 2H for the bidirectional encoder, else H.
 */
export function bahdanauSpec(Vt: number, H: number, X: number, bidirectional: boolean): ParamSpec<BahdanauParam> {
  const A = bidirectional ? 2 * H : H;
  return {
    ...encoderSpec(H, X, bidirectional), Ws: [H, H], bs: [H], Wa: [H, H], Ua: [H, A], va: [H],
    ...gruLayerSpec('dec', H, X + A), Wy: [Vt, H + A], by: [Vt],
  } as ParamSpec<BahdanauParam>;
}

export function createBahdanau(options: BahdanauOptions): Bahdanau {
  const { targetVocabSize: Vt, hidden: H, embedding: X, bidirectional = true } = options;
  const spec = bahdanauSpec(Vt, H, X, bidirectional);
  const { Vs, maxSourceLen, maxTargetLen, Ex, Ey, params, grads } = startPairModel(options, spec, (k: BahdanauParam) => spec[k].length === 2 || k === 'va');
  const { Ws, bs, Wa, Ua, va, Wy, by } = dataOf(params);
  const { Ws: dWs, bs: dbs, Wa: dWa, Ua: dUa, va: dva, Wy: dWy, by: dby } = dataOf(grads);

  const encoder = createEncoder(params, grads, Ex, H, maxSourceLen, bidirectional);
  const A = encoder.size;
  const hs = encoder.annotations, dhs = encoder.dAnnotations; // h_j, ∂L/∂h_j for j = 1..S
  const stepsT = (n: number) => Array.from({ length: maxTargetLen + 1 }, () => new Float64Array(n));
  const stepsS = (n: number) => Array.from({ length: maxSourceLen + 1 }, () => new Float64Array(n));
  // outs[t] = [s_t; c_t], what the readout reads; the decoder reads c_t as the view cs[t] of it.
  const outs = stepsT(H + A), dOuts = stepsT(H + A);
  const decoder = createContextGru(params, grads, 'dec', Ey, outs.map((o) => o.subarray(H)), H, maxTargetLen);
  const readout = createReadout(Wy, by, dWy, dby, Vt, H + A, maxTargetLen);

  // Workspaces, allocated once. Step t = 1..T: decoder.hs[t] is s_t, fed[t − 1] is ŷ_{t−1}.
  const fed = new Int32Array(maxTargetLen);
  const alphas = stepsT(maxSourceLen);                      // α_t[j − 1] = α_tj
  const Was = stepsT(H);                                    // W_a s_{t−1}
  const Uhs = stepsS(H), dUhs = stepsS(H);                  // U_a h_j, and Σ_t δ_tj
  const noBias = new Float64Array(Math.max(H, A));          // the score's products have no bias
  const e = new Float64Array(maxSourceLen), dAlpha = new Float64Array(maxSourceLen), de = new Float64Array(maxSourceLen);
  const delta = new Float64Array(H), deltaSum = new Float64Array(H);
  const aB = new Float64Array(H), daB = new Float64Array(H);
  const dBack1 = bidirectional ? dhs[1].subarray(H) : undefined; // ∂L/∂←h_1
  const p = new Float64Array(Vt);
  const out1 = new Float64Array(H + A), s1 = out1.subarray(0, H), c1 = out1.subarray(H); // one decoding step
  const Wa1 = new Float64Array(H), alpha1 = new Float64Array(maxSourceLen);
  let S = 0; // length of the source last encoded

  // #region encode
  /** The annotations h_1..h_S, their U_a h_j, and the bridge's s_0 into `state`, for `source`. */
  function encodeInto(source: Int32Array, state: Float64Array): void {
    S = source.length;
    encoder.forward(source);                                         // (8.1), (8.2) h_1..h_S
    for (let j = 1; j <= S; j++) affine(Uhs[j], Ua, hs[j], noBias, H, A); // (9.2) U_a h_j, once per source
    const first = bidirectional ? hs[1].subarray(H) : hs[S];         // ←h_1, or →h_S
    affine(aB, Ws, first, bs, H, H);                                 // (9.1) W_s ←h_1 + b_s
    for (let i = 0; i < H; i++) state[i] = tanh(aB[i]);              // (9.1) s_0 = tanh(·)
  }
  // #endregion encode

  // #region attention
  /** α_t and c_t from s_{t−1} (`s`), keeping W_a s_{t−1} in `Was` for the backward pass. */
  function attention(s: Float64Array, Wa_s: Float64Array, alpha: Float64Array, c: Float64Array): void {
    affine(Wa_s, Wa, s, noBias, H, H);                               // (9.2) W_a s_{t−1}
    for (let j = 1; j <= S; j++) {
      const Uh = Uhs[j];
      let ej = 0;
      for (let i = 0; i < H; i++) ej += va[i] * tanh(Wa_s[i] + Uh[i]); // (9.2) e_tj = v_aᵀ tanh(W_a s_{t−1} + U_a h_j)
      e[j - 1] = ej;
    }
    softmax(alpha, e, S);                                            // (9.3) α_t = softmax(e_t) over positions
    attend(c, alpha, hs, S, A);                                      // (9.4) c_t = Σ_j α_tj h_j
  }
  // #endregion attention

  /** ŷ_{t−1} for step t ≥ 2: the model's own most likely token at step t − 1. */
  function ownToken(t: number): number {
    readout.predict(p, outs[t - 1], 1);                              // (9.6) p_{t−1}
    return argmax(p);
  }

  /** Steps 1..T of the decoder, fed as `forcing` says; leaves every [s_t; c_t] and α_t in the workspaces. */
  function forward(source: Int32Array, target: Int32Array, forcing?: TeacherForcing): void {
    checkSequence(source, maxSourceLen, Vs, 'source');
    checkSequence(target, maxTargetLen, Vt, 'target');
    const ratio = checkRatio(forcing?.ratio ?? 1);
    // #region forward
    encodeInto(source, decoder.hs[0]);                               // (8.1), (8.2), (9.1)
    for (let t = 1; t <= target.length; t++) {
      let x = SOS;                                                   // (8.5) ŷ_0 = <SOS>
      if (t > 1) x = ratio === 1 || forcing!.rng.randomSample() < ratio ? target[t - 2] : ownToken(t); // (8.5)
      fed[t - 1] = x;
      attention(decoder.hs[t - 1], Was[t], alphas[t], decoder.cs[t]); // (9.2)–(9.4)
      decoder.step(t, x);                                            // (9.5) s_t = GRU_dec(s_{t−1}, [E_y[ŷ_{t−1}]; c_t])
      outs[t].set(decoder.hs[t]);                                    // [s_t; c_t], c_t already in place
    }
    // #endregion forward
  }

  function lossAndGrads(source: Int32Array, target: Int32Array, forcing?: TeacherForcing): number {
    forward(source, target, forcing);
    const T = target.length;
    const loss = readout.forward(outs, target, T);                   // (9.6), (8.8), (8.9)

    // #region backward
    grads.flat.fill(0);
    readout.backward(outs, target, T, dOuts, 1);                     // (9.7) [∂L/∂s_t; ∂L/∂c_t] = W_yᵀ do_t
    for (let j = 1; j <= S; j++) dUhs[j].fill(0);
    decoder.startBackward();
    for (let t = T; t >= 1; t--) {
      const dOut = dOuts[t], sPrev = decoder.hs[t - 1], Wa_s = Was[t], alpha = alphas[t];
      decoder.dhs[t].set(dOut.subarray(0, H));                       // (9.7) ∂L/∂s_t from the readout
      decoder.backwardStep(t);                                       // (4.6)–(4.14), and ∂L/∂c_t through the gates (9.8)
      const dc = decoder.dcs[t];
      for (let i = 0; i < A; i++) dc[i] += dOut[H + i];              // (9.8) + the readout's share
      attendBackward(dAlpha, dhs, dc, alpha, hs, S, A);              // (9.9) ∂L/∂α_tj, and ∂L/∂h_j += α_tj ∂L/∂c_t
      softmaxBackward(de, alpha, dAlpha, S);                         // (9.10) ∂L/∂e_tj
      deltaSum.fill(0);
      for (let j = 1; j <= S; j++) {
        const Uh = Uhs[j], dUh = dUhs[j], dej = de[j - 1];
        for (let i = 0; i < H; i++) {
          const u = tanh(Wa_s[i] + Uh[i]);                           // u_tj, recomputed rather than kept (T × S × H)
          dva[i] += dej * u;                                         // (9.11) ∂L/∂v_a += ∂L/∂e_tj u_tj
          delta[i] = dej * va[i] * (1 - u * u);                      // (9.11) δ_tj = ∂L/∂e_tj v_a ⊙ (1 − u_tj²)
          deltaSum[i] += delta[i];
          dUh[i] += delta[i];                                        // (9.13) Σ_t δ_tj
        }
      }
      addOuter(dWa, deltaSum, sPrev, H, H);                          // (9.12) ∂L/∂W_a += (Σ_j δ_tj) s_{t−1}ᵀ
      addMatTVecLeft(decoder.dhPrev, Wa, deltaSum, H, H, H);         // (9.12) ∂L/∂s_{t−1} += W_aᵀ Σ_j δ_tj
    }
    const s0 = decoder.hs[0], ds0 = decoder.dhPrev;
    for (let i = 0; i < H; i++) {
      daB[i] = ds0[i] * (1 - s0[i] * s0[i]);                         // (9.14) da_s = ∂L/∂s_0 ⊙ (1 − s_0²)
      dbs[i] += daB[i];                                              // (9.14) ∂L/∂b_s = da_s
    }
    const first = bidirectional ? hs[1].subarray(H) : hs[S];
    addOuter(dWs, daB, first, H, H);                                 // (9.14) ∂L/∂W_s = da_s ←h_1ᵀ
    addMatTVecLeft(dBack1 ?? dhs[S], Ws, daB, H, H, H);              // (9.14) ∂L/∂←h_1 += W_sᵀ da_s
    for (let j = 1; j <= S; j++) {
      addOuter(dUa, dUhs[j], hs[j], H, A);                           // (9.13) ∂L/∂U_a = Σ_j (Σ_t δ_tj) h_jᵀ
      addMatTVecLeft(dhs[j], Ua, dUhs[j], H, A, A);                  // (9.13) ∂L/∂h_j += U_aᵀ Σ_t δ_tj
    }
    decoder.weightGrads(fed, T);                                     // (4.15)–(4.17), (8.14), and ∂L/∂E_y by (5.5)–(5.7)
    encoder.backward(source);                                        // both encoder GRUs' BPTT, and ∂L/∂E_x
    // #endregion backward
    return loss;
  }

  function align(source: Int32Array, target: Int32Array): Float64Array[] {
    forward(source, target);
    return Array.from({ length: target.length }, (_, t) => alphas[t + 1].slice(0, S));
  }

  function encode(source: Int32Array, state: Float64Array): void {
    checkSequence(source, maxSourceLen, Vs, 'source');
    if (state.length !== H) throw new Error(`state must have the decoder's ${H} numbers, got ${state.length}`);
    encodeInto(source, state);
  }

  // #region step
  function step(state: Float64Array, token: number, next: Float64Array, logp: Float64Array, alignment?: Float64Array): void {
    if (!(Number.isInteger(token) && token >= 0 && token < Vt)) {
      throw new Error(`token must be a target id in 0..${Vt - 1}, got ${token}`);
    }
    attention(state, Wa1, alpha1, c1);                               // (9.2)–(9.4) from s_{t−1}
    decoder.advance(token, c1, state, s1);                           // (9.5)
    readout.predict(p, out1, 1);                                     // (9.6) p_t from [s_t; c_t]
    for (let v = 0; v < Vt; v++) logp[v] = log(p[v]);
    next.set(s1);
    alignment?.set(alpha1.subarray(0, S));
  }
  // #endregion step

  return {
    kind: 'bahdanau', sourceVocabSize: Vs, targetVocabSize: Vt, stateSize: H, hidden: H, bidirectional,
    maxSourceLen, maxTargetLen, params, grads,
    embeddings: { source: encoder.embedding, target: decoder.embedding },
    lossAndGrads, encode, step, align,
  };
}
