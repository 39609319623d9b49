/**
 * How a token enters a step. Every model multiplies its input x_t by a block of a weight matrix,
 * W_x x_t, where W_x is the columns offset .. offset + size of a matrix W (rows, width): the RNN's
 * W_xh, or the input part of a gate matrix acting on [h_{t−1}; x_t]. Only this product and its
 * gradient change between a character model and a word model:
 *
 * - one-hot (characters): x_t = onehot(token), size V. W_x x_t is one column of W_x, and the
 *   gradient dW_x = Σ_t da_t x_tᵀ adds da_t to that column. Nothing else learns.
 * - embedding (words): x_t = e_t = E[token], a row of an embedding table E (V, D), size D. W_x e_t is
 *   a product, dW_x = Σ_t da_t e_tᵀ an outer product, and the table learns too:
 *   ∂L/∂E[v] = Σ_{t : token_t = v} W_xᵀ da_t, kept as sparse rows (lib/core/embedding.ts).
 */
import {
  type SparseRows, lookup, lookupBackward, rowViews, sparseRows,
} from '../core/embedding.ts';
import type { RandomState } from '../core/random.ts';
import {
  addColumn, addMatTVecLeft, addOuterEachLeft, addToColumn, affineLeft, type Tensor, tensor,
} from '../core/tensor.ts';
import { assertSetting } from '../train/limits.ts';

export interface Input {
  /** Length of x_t: V for a one-hot, D for an embedding. */
  readonly size: number;
  /** a += W_x x for the token's x, with W_x = W[:, offset : offset + size] and W (rows, width). */
  project(a: Float64Array, W: Float64Array, rows: number, width: number, offset: number, token: number): void;
  /**
   * After a window's backward loop, for one matrix W that reads x_t: dW_x += Σ_t das[t] x_tᵀ for
   * t = 1..T, and, for an embedding, ∂L/∂e_t += W_xᵀ das[t]. A model whose input enters several
   * matrices calls it once for each.
   */
  backward(
    dW: Float64Array, W: Float64Array, das: readonly Float64Array[],
    rows: number, width: number, offset: number, inputs: Int32Array, T: number,
  ): void;
  /** After every `backward` of a window: for an embedding, ∂L/∂E from the ∂L/∂e_t (sparse rows). */
  finish(inputs: Int32Array, T: number): void;
}

/** A model's embedding table and its gradient over the last window, for the optimiser. */
export interface Embedding {
  /** E (V, D): row v is the vector of token v. */
  readonly table: Tensor;
  /** ∂L/∂E over the last window: the touched rows only. */
  readonly grad: SparseRows;
}

// #region onehot
/** x_t = onehot(token) among V tokens: a product with x_t reads or writes one column. */
export function oneHot(V: number): Input {
  return {
    size: V,
    project(a, W, rows, width, offset, token) {
      addColumn(a, W, offset + token, rows, width);                 // W_x x_t: column `token` of W_x
    },
    backward(dW, _W, das, rows, width, offset, inputs, T) {
      for (let t = 1; t <= T; t++) addToColumn(dW, offset + inputs[t - 1], das[t], rows, width); // dW_x += da_t x_tᵀ
    },
    finish() {},
  };
}
// #endregion onehot

/**
 * x_t = e_t = E[token], a row of the table E (V, D), for windows of up to maxSeqLen steps. The
 * table is the caller's (a model draws it with its other weights); the input owns its gradient.
 */
export function embedded(E: Tensor, maxSeqLen: number): Input & { readonly embedding: Embedding } {
  const [V, D] = E.shape;
  const rows = rowViews(E);
  const grad = sparseRows(V, D, maxSeqLen);
  const es: Float64Array[] = new Array(maxSeqLen + 1).fill(rows[0]); // es[t] = e_t, a view of a row of E
  const des = Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(D)); // ∂L/∂e_t
  // W_x as a matrix of its own: the view of W from column `offset` on, rows still `width` apart.
  // Made once per (W, offset), so that a step allocates nothing.
  const blocks = new Map<Float64Array, Map<number, Float64Array>>();
  const block = (W: Float64Array, offset: number) => {
    let byOffset = blocks.get(W);
    if (!byOffset) blocks.set(W, (byOffset = new Map()));
    let view = byOffset.get(offset);
    if (!view) byOffset.set(offset, (view = W.subarray(offset)));
    return view;
  };

  // #region embedding
  return {
    size: D,
    embedding: { table: E, grad },
    project(a, W, nRows, width, offset, token) {
      // a is both the bias and the output of affineLeft: each a[i] is read before it is written.
      affineLeft(a, block(W, offset), rows[token], a, nRows, D, width); // (5.3), (5.4) a += W_x e_t, e_t = E[token]
    },
    backward(dW, W, das, nRows, width, offset, inputs, T) {
      lookup(es, rows, inputs, T);
      addOuterEachLeft(block(dW, offset), das, es, nRows, D, width, 1, T + 1); // (5.5) dW_x += Σ_t da_t e_tᵀ
      for (let t = 1; t <= T; t++) addMatTVecLeft(des[t], block(W, offset), das[t], nRows, D, width); // (5.6) ∂L/∂e_t += W_xᵀ da_t
    },
    finish(inputs, T) {
      lookupBackward(grad, inputs, des, T);                         // (5.7) ∂L/∂E[v] = Σ_{t: x_t = v} ∂L/∂e_t
      for (let t = 1; t <= T; t++) des[t].fill(0);
    },
  };
  // #endregion embedding
}

/**
 * The input a model's options ask for: one-hot over V tokens, or, if `embedding` is given, an
 * embedding of that many numbers per token, drawn as randn · initScale from `rng` before the model's
 * other weights (the NumPy notebooks draw Wemb first).
 */
export function createInput(
  V: number, embedding: number | undefined, rng: RandomState, initScale: number, maxSeqLen: number,
): Input & { readonly embedding?: Embedding } {
  if (embedding === undefined) return oneHot(V);
  assertSetting('embedding', embedding);
  const E = tensor([V, embedding]);
  rng.fillNormal(E.data, initScale);
  return embedded(E, maxSeqLen);
}
