/**
 * A decoder input that carries a context vector besides the token: x_t = [e_t; c_t], so that each
 * matrix acting on x_t splits into the token's columns and the context's, W_x x_t = W_e e_t + C c_t.
 * For Cho et al.'s decoder c_t = c at every step, the encoder's summary; an attention decoder feeds a
 * new c_t at each step. The context is then one more part of the GRU's input (lib/models/input.ts),
 * and the GRU's step and backward pass (lib/models/gru.ts) take it unchanged.
 *
 * The gradients, for each matrix W that reads x_t (the gates' Wz, Wr and the candidate's Wh):
 *
 *   ∂L/∂C = Σ_t da_t c_tᵀ,   ∂L/∂c_t = Σ_W Cᵀ da_t,
 *
 * where da_t is that matrix's pre-activation gradient at step t. ∂L/∂c_t is left in dcs[t] for the
 * model to pass back to whatever made c_t.
 */
import type { Embedding, Input } from '../input.ts';
import { addMatTVecLeft, addOuterEachLeft, affineLeft } from '../../core/tensor.ts';

export interface ContextInput extends Input {
  readonly embedding: Embedding;
  /** cs[t] = c_t, set by the model: the vector that step t reads. (size of c) */
  readonly cs: readonly Float64Array[];
  /** The step whose c_t `project` reads: the model sets it before each step. */
  t: number;
  /**
   * dcs[t] = ∂L/∂c_t through the GRU's matrices, added to by `backward`; the model zeroes dcs[1..T]
   * before the backward pass. (size of c)
   */
  readonly dcs: readonly Float64Array[];
}

/** [e_t; c_t]: the embedding input `token` followed by the model's cs[t], for up to maxLen steps. */
export function withContext(token: Input & { readonly embedding: Embedding }, cs: readonly Float64Array[], maxLen: number): ContextInput {
  const E = token.size, C = cs[0].length;
  if (cs.length !== maxLen + 1) throw new Error(`cs must hold c_t for steps 0..${maxLen}, got ${cs.length} vectors`);
  const dcs = Array.from({ length: maxLen + 1 }, () => new Float64Array(C));
  // The context's columns of W, from column offset + E on, rows still `width` apart: a view made once
  // per (W, offset), so that a step allocates nothing.
  const blocks = new Map<Float64Array, Map<number, Float64Array>>();
  const block = (W: Float64Array, offset: number) => {
    let byOffset = blocks.get(W);
    if (!byOffset) blocks.set(W, (byOffset = new Map()));
    let view = byOffset.get(offset);
    if (!view) byOffset.set(offset, (view = W.subarray(offset + E)));
    return view;
  };

  // #region context-input
  const input: ContextInput = {
    size: E + C,
    embedding: token.embedding,
    cs,
    t: 0,
    dcs,
    project(a, W, rows, width, offset, x) {
      token.project(a, W, rows, width, offset, x);                  // W_e e_t
      affineLeft(a, block(W, offset), cs[input.t], a, rows, C, width); // (8.6) + C c_t
    },
    backward(dW, W, das, rows, width, offset, inputs, T) {
      token.backward(dW, W, das, rows, width, offset, inputs, T);  // (5.5), (5.6) dW_e, ∂L/∂e_t
      addOuterEachLeft(block(dW, offset), das, cs, rows, C, width, 1, T + 1); // (8.14) dC = Σ_t da_t c_tᵀ
      for (let t = 1; t <= T; t++) addMatTVecLeft(dcs[t], block(W, offset), das[t], rows, C, width); // (8.15) ∂L/∂c_t += Cᵀ da_t
    },
    finish(inputs, T) {
      token.finish(inputs, T);                                      // (5.7) ∂L/∂E_y
    },
  };
  // #endregion context-input
  return input;
}
