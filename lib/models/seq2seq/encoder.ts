/**
 * The encoder of every sequence-to-sequence model here: source tokens x_1..x_S as rows of an
 * embedding table E_x, read by a GRU into one annotation h_j per source position,
 *
 *   →h_j = GRU(→h_{j−1}, E_x[x_j]),  →h_0 = 0,                                    (8.1)
 *
 * and, for a bidirectional encoder (Bahdanau et al. 2014), a second GRU with weights of its own
 * reading the source from its end, the annotation being both states side by side:
 *
 *   ←h_j = GRU'(←h_{j+1}, E_x[x_j]),  ←h_{S+1} = 0,   h_j = [→h_j; ←h_j].          (8.2)
 *
 * The encoder–decoder reads one vector, h_S (its context c); an attention decoder reads them all. So
 * the backward pass takes ∂L/∂h_j for every j, from whatever read the annotations.
 */
import { accumulate } from '../../core/embedding.ts';
import type { ParamSpec, Params } from '../../core/params.ts';
import type { Tensor } from '../../core/tensor.ts';
import { type Embedding, embedded } from '../input.ts';
import { type GruLayerParam, createGruLayer, gruLayerSpec } from './gru-layer.ts';

/** The forward GRU's tensors 'enc.Wz' …, and the backward GRU's 'encBack.Wz' … of a bidirectional encoder. */
export type EncoderParam = GruLayerParam<'enc'> | GruLayerParam<'encBack'>;

/** The encoder's tensors for a state of H and word vectors of X numbers: the forward GRU's, then the backward GRU's. */
export function encoderSpec(H: number, X: number, bidirectional: boolean): ParamSpec<EncoderParam> {
  return { ...gruLayerSpec('enc', H, X), ...(bidirectional ? gruLayerSpec('encBack', H, X) : {}) } as ParamSpec<EncoderParam>;
}

export interface Encoder {
  readonly bidirectional: boolean;
  /** Length of an annotation: H, or 2H when bidirectional. */
  readonly size: number;
  /** The source's embedding table E_x and its sparse gradient over the last `backward`. */
  readonly embedding: Embedding;
  /** annotations[j] = h_j for j = 1..S after `forward`. (size) */
  readonly annotations: readonly Float64Array[];
  /** dAnnotations[j] = ∂L/∂h_j: `forward` zeroes entries 1..S, the model adds its share before `backward`. (size) */
  readonly dAnnotations: readonly Float64Array[];
  forward(source: Int32Array): void;
  /** After `forward` on the same source: adds the GRUs' weight gradients (the model zeroes them) and writes E_x's gradient. */
  backward(source: Int32Array): void;
}

/**
 * The encoder over the table E (V, X) whose tensors are in params (as encoderSpec lays them out, in a
 * model's spec of its own) and their gradients in grads, for sources of up to maxLen tokens.
 */
export function createEncoder(
  params: Params<string>, grads: Params<string>, E: Tensor, H: number, maxLen: number, bidirectional: boolean,
): Encoder {
  const forwardInput = embedded(E, maxLen);
  const forwardGru = createGruLayer(params, grads, 'enc', forwardInput, H, maxLen);
  // The backward GRU reads the same table through an input of its own, whose gradient rows are
  // added into the forward input's after each backward pass: one gradient for the one table.
  const backwardInput = bidirectional ? embedded(E, maxLen) : undefined;
  const backwardGru = backwardInput && createGruLayer(params, grads, 'encBack', backwardInput, H, maxLen);
  const size = bidirectional ? 2 * H : H;
  const annotations = Array.from({ length: maxLen + 1 }, () => new Float64Array(size));
  const dAnnotations = Array.from({ length: maxLen + 1 }, () => new Float64Array(size));
  const reversed = new Int32Array(maxLen); // x_S, …, x_1: what the backward GRU reads at its steps 1..S

  function check(source: Int32Array): number {
    const S = source.length;
    if (!(S >= 1 && S <= maxLen)) throw new Error(`source must have 1..${maxLen} tokens (the encoder's maxLen), got ${S}`);
    return S;
  }

  // #region encoder
  // #region encoder-forward
  function forward(source: Int32Array): void {
    const S = check(source);
    forwardGru.hs[0].fill(0);
    for (let j = 1; j <= S; j++) {
      forwardGru.step(j, source[j - 1]);                            // (8.1) →h_j, reading E_x[x_j] (5.3)
      annotations[j].set(forwardGru.hs[j]);
      dAnnotations[j].fill(0);
    }
    if (!backwardGru) return;
    // The backward GRU's step t reads x_{S+1−t}, so its h_t is ←h_{S+1−t}.
    for (let t = 1; t <= S; t++) reversed[t - 1] = source[S - t];
    backwardGru.hs[0].fill(0);
    for (let t = 1; t <= S; t++) {
      backwardGru.step(t, reversed[t - 1]);                         // (8.2) ←h_j for j = S + 1 − t
      annotations[S + 1 - t].set(backwardGru.hs[t], H);             // (8.2) h_j = [→h_j; ←h_j]
    }
  }
  // #endregion encoder-forward

  // #region encoder-backward
  function backward(source: Int32Array): void {
    const S = check(source);
    for (let j = 1; j <= S; j++) forwardGru.dhs[j].set(dAnnotations[j].subarray(0, H)); // the →h_j half of ∂L/∂h_j
    forwardGru.backward(source, S);                                 // (4.6)–(4.17), (5.5)–(5.7)
    if (!backwardGru || !backwardInput) return;
    for (let t = 1; t <= S; t++) backwardGru.dhs[t].set(dAnnotations[S + 1 - t].subarray(H)); // the ←h_j half
    backwardGru.backward(reversed, S);                              // (4.6)–(4.17), (5.5)–(5.7)
    const g = backwardInput.embedding.grad, D = g.D;
    for (let s = 0; s < g.count; s++) {                             // (5.7) both GRUs' rows, into one gradient of E_x
      accumulate(forwardInput.embedding.grad, g.ids[s], g.grads.subarray(s * D, (s + 1) * D));
    }
  }
  // #endregion encoder-backward
  // #endregion encoder

  return { bidirectional, size, embedding: forwardInput.embedding, annotations, dAnnotations, forward, backward };
}
