/**
 * The RNN encoder–decoder of Cho et al. (2014): a GRU reads the source into one vector, a bridge turns
 * it into the start state of a second GRU, and that one writes the target a token at a time.
 *
 *   h_j = GRU_enc(h_{j−1}, E_x[x_j]),   c = h_S                                 (8.1), (8.3)
 *   s_0 = tanh(W_b c + b_b)                                                     (8.4)
 *   s_t = GRU_dec(s_{t−1}, E_y[ŷ_{t−1}])                 ŷ_0 = <SOS>            (8.5), (8.6)
 *   o_t = W_y s_t + b_y,   p_t = softmax(o_t),   L = −Σ_t log p_t[y_t]          (8.7)–(8.9)
 *
 * c reaches the decoder only through s_0, as in the NumPy notebook this course follows. With
 * `contextEverywhere`, closer to the paper, c also enters every decoder step and the output layer: the
 * decoder's input is x_t = [E_y[ŷ_{t−1}]; c] (context-input.ts), so each gate adds C_g c, and
 * o_t = W_y s_t + C_y c + b_y, kept as one matrix [W_y | C_y] acting on [s_t; c]. (The paper's output
 * layer also reads E_y[ŷ_{t−1}] and takes a maxout; we keep the course's linear readout.)
 *
 * Biases are zero at the start; every matrix and both embedding tables are drawn as randn · initScale,
 * the tables first (source, then target), then the matrices in spec order.
 */
import { log, tanh } from '../../core/libm.ts';
import { type ParamSpec, dataOf } from '../../core/params.ts';
import { addMatTVecLeft, addOuter, affine } from '../../core/tensor.ts';
import { SOS } from '../../data/words.ts';
import { embedded } from '../input.ts';
import { createReadout } from '../readout.ts';
import { withContext } from './context-input.ts';
import { argmax } from './decode.ts';
import { type EncoderParam, createEncoder, encoderSpec } from './encoder.ts';
import { type GruLayerParam, createGruLayer, gruLayerSpec } from './gru-layer.ts';
import { type PairModel, type PairModelOptions, type TeacherForcing, checkRatio, checkSequence, startPairModel } from './pair-model.ts';

export type EncoderDecoderParam = EncoderParam | 'Wb' | 'bb' | GruLayerParam<'dec'> | 'Wy' | 'by';

export interface EncoderDecoderOptions extends PairModelOptions {
  /** c also enters every decoder step and the output layer, as in the paper (default false: only through s_0). */
  contextEverywhere?: boolean;
}

export interface EncoderDecoder extends PairModel<EncoderDecoderParam> {
  readonly hidden: number;
  readonly contextEverywhere: boolean;
}

/**
 * Parameter shapes in the order they are drawn: the encoder's GRU, the bridge, the decoder's GRU, the
 * readout. C = H when the context enters every step, else 0: the decoder's matrices grow by C columns
 * [U | W | C] and W_y by C columns [W_y | C_y].
 */
export function encoderDecoderSpec(
  Vt: number, H: number, X: number, contextEverywhere: boolean,
): ParamSpec<EncoderDecoderParam> {
  const C = contextEverywhere ? H : 0;
  return {
    ...encoderSpec(H, X, false), Wb: [H, H], bb: [H], ...gruLayerSpec('dec', H, X + C), Wy: [Vt, H + C], by: [Vt],
  } as ParamSpec<EncoderDecoderParam>;
}

export function createEncoderDecoder(options: EncoderDecoderOptions): EncoderDecoder {
  const { targetVocabSize: Vt, hidden: H, embedding: X, contextEverywhere = false } = options;
  const spec = encoderDecoderSpec(Vt, H, X, contextEverywhere);
  const { Vs, maxSourceLen, maxTargetLen, Ex, Ey, params, grads } = startPairModel(options, spec, (k: EncoderDecoderParam) => spec[k].length === 2);
  const { Wb, bb, Wy, by } = dataOf(params);
  const { Wb: dWb, bb: dbb, Wy: dWy, by: dby } = dataOf(grads);

  const encoder = createEncoder(params, grads, Ex, H, maxSourceLen, false);
  const c = new Float64Array(H); // the context, h_S of the last source read
  const targetInput = embedded(Ey, maxTargetLen);
  // With the context everywhere, every step reads the one vector c: cs[t] is c for all t.
  const context = contextEverywhere ? withContext(targetInput, new Array(maxTargetLen + 1).fill(c), maxTargetLen) : undefined;
  const decoder = createGruLayer(params, grads, 'dec', context ?? targetInput, H, maxTargetLen);
  const R = contextEverywhere ? 2 * H : H; // what the readout reads: s_t, or [s_t; c]
  const readout = createReadout(Wy, by, dWy, dby, Vt, R, maxTargetLen);

  // Workspaces, allocated once. Decoder step t = 1..T: decoder.hs[t] is s_t, fed[t − 1] is ŷ_{t−1}.
  const steps = (n: number) => Array.from({ length: maxTargetLen + 1 }, () => new Float64Array(n));
  // outs[t] is what the readout reads at step t: s_t itself, or [s_t; c] copied together.
  const outs = contextEverywhere ? steps(R) : decoder.hs;
  const dOuts = contextEverywhere ? steps(R) : decoder.dhs;
  const fed = new Int32Array(maxTargetLen);
  const s0 = decoder.hs[0];
  const aB = new Float64Array(H), daB = new Float64Array(H), dc = new Float64Array(H);
  const p = new Float64Array(Vt);
  const out1 = new Float64Array(R), s1 = out1.subarray(0, H); // one decoding step: [s_t; c], or s_t

  // #region own-token
  /** ŷ_{t−1} for step t ≥ 2: the model's own most likely token at step t − 1. */
  function ownToken(t: number): number {
    readout.predict(p, outs[t - 1], 1);                              // (8.7), (8.8) p_{t−1}
    return argmax(p);                                                // (8.5) argmax_v p_{t−1}[v]
  }
  // #endregion own-token

  // #region bridge
  /** The context c = h_S and the bridge's s_0 into `state`, for `source`. */
  function encodeInto(source: Int32Array, state: Float64Array): void {
    encoder.forward(source);                                         // (8.1) h_1..h_S
    c.set(encoder.annotations[source.length]);                       // (8.3) c = h_S
    affine(aB, Wb, c, bb, H, H);                                     // (8.4) W_b c + b_b
    for (let i = 0; i < H; i++) state[i] = tanh(aB[i]);              // (8.4) s_0 = tanh(·)
  }
  // #endregion bridge

  function lossAndGrads(source: Int32Array, target: Int32Array, forcing?: TeacherForcing): number {
    checkSequence(source, maxSourceLen, Vs, 'source');
    checkSequence(target, maxTargetLen, Vt, 'target');
    const ratio = checkRatio(forcing?.ratio ?? 1);
    const T = target.length;
    // #region forward
    encodeInto(source, s0);                                          // (8.1)–(8.4)
    for (let t = 1; t <= T; t++) {
      let x = SOS;                                                   // (8.5) ŷ_0 = <SOS>
      if (t > 1) x = ratio === 1 || forcing!.rng.randomSample() < ratio ? target[t - 2] : ownToken(t); // (8.5)
      fed[t - 1] = x;
      if (context) context.t = t;
      decoder.step(t, x);                                            // (8.6) s_t = GRU_dec(s_{t−1}, x_t)
      if (contextEverywhere) {
        outs[t].set(decoder.hs[t]);
        outs[t].set(c, H);                                           // [s_t; c]
      }
    }
    const loss = readout.forward(outs, target, T);                   // (8.7)–(8.9)
    // #endregion forward

    // #region backward
    grads.flat.fill(0);
    readout.backward(outs, target, T, dOuts, 1);                     // (8.10), (8.11) do_t, dW_y, db_y; [W_y | C_y]ᵀ do_t into dOuts[t]
    dc.fill(0);
    if (context) {
      for (let t = 1; t <= T; t++) {
        const dOut = dOuts[t];
        decoder.dhs[t].set(dOut.subarray(0, H));                     // (8.12) ds_t's first term, W_yᵀ do_t
        for (let i = 0; i < H; i++) dc[i] += dOut[H + i];            // (8.12) dc = Σ_t C_yᵀ do_t
        context.dcs[t].fill(0);
      }
    }
    decoder.backward(fed, T);                                        // (8.13) the decoder's BPTT, (4.6)–(4.17): ds_0, and dE_y by (5.5)–(5.7)
    if (context) {
      for (let t = 1; t <= T; t++) {
        const dct = context.dcs[t];
        for (let i = 0; i < H; i++) dc[i] += dct[i];                 // (8.15) dc += Σ_t ∂L/∂c_t through the gates
      }
    }
    const ds0 = decoder.dh0;
    for (let i = 0; i < H; i++) {
      daB[i] = ds0[i] * (1 - s0[i] * s0[i]);                         // (8.16) da_b = ds_0 ⊙ (1 − s_0²)
      dbb[i] += daB[i];                                              // (8.17) db_b = da_b
    }
    addOuter(dWb, daB, c, H, H);                                     // (8.17) dW_b = da_b cᵀ
    addMatTVecLeft(dc, Wb, daB, H, H, H);                            // (8.18) dc += W_bᵀ da_b
    encoder.dAnnotations[source.length].set(dc);                     // (8.19) ∂L/∂h_S = dc, ∂L/∂h_j = 0 from outside for j < S
    encoder.backward(source);                                        // the encoder's BPTT, (4.6)–(4.17), and dE_x by (5.5)–(5.7)
    // #endregion backward
    return loss;
  }

  function encode(source: Int32Array, state: Float64Array): void {
    checkSequence(source, maxSourceLen, Vs, 'source');
    if (state.length !== H) throw new Error(`state must have the decoder's ${H} numbers, got ${state.length}`);
    encodeInto(source, state);
  }

  // #region step
  function step(state: Float64Array, token: number, next: Float64Array, logp: Float64Array): void {
    if (!(Number.isInteger(token) && token >= 0 && token < Vt)) {
      throw new Error(`token must be a target id in 0..${Vt - 1}, got ${token}`);
    }
    if (context) context.t = 0; // c_t is c at every step
    decoder.advance(token, state, s1);                               // (8.6) s_t = GRU_dec(s_{t−1}, x_t)
    if (contextEverywhere) out1.set(c, H);                           // [s_t; c]
    readout.predict(p, out1, 1);                                     // (8.7), (8.8) p_t
    for (let v = 0; v < Vt; v++) logp[v] = log(p[v]);
    next.set(s1);
  }
  // #endregion step

  return {
    kind: 'encoder-decoder', sourceVocabSize: Vs, targetVocabSize: Vt, stateSize: H, hidden: H, contextEverywhere,
    maxSourceLen, maxTargetLen, params, grads,
    embeddings: { source: encoder.embedding, target: targetInput.embedding },
    lossAndGrads, encode, step,
  };
}
