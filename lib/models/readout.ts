/**
 * The output layer that every next-token model here shares, derived in the RNN chapter:
 *
 *   y_t = W_y h_t + b_y,   p_t = softmax(y_t),   L = Σ_t −log p_t[target_t],
 *
 * over the hidden states h_1..h_T of one window, and its backward pass down to dh_t. The models
 * differ only in how they compute h_t; each hands its hs to one of these.
 */
import { log } from '../core/libm.ts';
import { softmax, softmaxCrossEntropy } from '../core/softmax.ts';
import { addOuterEach, affine, affineEach, matTVecEach } from '../core/tensor.ts';

/**
 * How a step's loss is formed. 'logsumexp' (ours): −log p[target] = logSumExp(y) − y[target], finite
 * however small p[target] is. 'numpy': −ln(p[target] + 1e-8) from the softmax, as the NumPy notebooks
 * print it; the 1e-8 caps a step's loss at 8 ln 10 ≈ 18.42 nats. The gradient is p − onehot(target)
 * under both (the notebooks, too, leave the 1e-8 out of it), so only the reported loss differs.
 */
export type LossForm = 'logsumexp' | 'numpy';

/** The notebooks' guard against log(0). */
const NUMPY_EPS = 1e-8;

export interface Readout {
  /**
   * The summed loss of targets[t − 1] given hs[t] for t = 1..T (hs[0], the carried state, is not
   * read). Keeps p_t for `backward`.
   */
  forward(hs: Float64Array[], targets: Int32Array, T: number): number;
  /**
   * After `forward`: adds the gradients of W_y and b_y to theirs, and writes W_yᵀ dy_t, the output's
   * share of dh_t, into dhs[t]. Only the losses of steps from..T count (1 in training; T to follow
   * the last step's loss alone back through time); dhs[t] is zero for t < from.
   */
  backward(hs: Float64Array[], targets: Int32Array, T: number, dhs: Float64Array[], from?: number): void;
  /** p = softmax(y / τ) for y = W_y h + b_y: the next-token distribution when sampling. */
  predict(p: Float64Array, h: Float64Array, temperature: number): void;
}

/** The readout over W_y (V, H) and b_y (V) with their gradients dW_y, db_y, for windows of up to maxSeqLen steps. */
export function createReadout(
  Wy: Float64Array, by: Float64Array, dWy: Float64Array, dby: Float64Array, V: number, H: number, maxSeqLen: number,
  lossForm: LossForm = 'logsumexp',
): Readout {
  if (lossForm !== 'logsumexp' && lossForm !== 'numpy') {
    throw new Error(`loss form must be 'logsumexp' or 'numpy', got ${JSON.stringify(lossForm)}`);
  }
  // Workspaces, allocated once; index t holds step t, index 0 is unused.
  const steps = () => Array.from({ length: maxSeqLen + 1 }, () => new Float64Array(V));
  const ys = steps(), ps = steps(), dys = steps();
  const y = new Float64Array(V);

  // #region forward
  function forward(hs: Float64Array[], targets: Int32Array, T: number): number {
    // The outputs do not feed the recurrence, so they wait for it and take all T steps in one pass.
    affineEach(ys, Wy, hs, by, V, H, 1, T + 1);                     // (2.3) y_t = W_y h_t + b_y, t = 1..T
    let loss = 0;
    for (let t = 1; t <= T; t++) {
      loss += softmaxCrossEntropy(ps[t], ys[t], targets[t - 1], V); // (2.4), (2.5)
    }
    return loss;
  }
  // #endregion forward

  /** `forward`, then the loss re-read from the p_t it kept, as the notebooks form it. */
  function forwardNumpy(hs: Float64Array[], targets: Int32Array, T: number): number {
    forward(hs, targets, T);
    let loss = 0;
    for (let t = 1; t <= T; t++) loss -= log(ps[t][targets[t - 1]] + NUMPY_EPS);
    return loss;
  }

  // #region backward
  function backward(hs: Float64Array[], targets: Int32Array, T: number, dhs: Float64Array[], from = 1): void {
    for (let t = from; t <= T; t++) {
      dys[t].set(ps[t]);
      dys[t][targets[t - 1]] -= 1;                                  // (2.6) dy_t = p_t − onehot(target_t)
      for (let k = 0; k < V; k++) dby[k] += dys[t][k];              // (2.7) db_y = Σ_t dy_t
    }
    addOuterEach(dWy, dys, hs, V, H, from, T + 1);                  // (2.7) dW_y = Σ_t dy_t h_tᵀ
    matTVecEach(dhs, Wy, dys, V, H, from, T + 1);                   // (2.8) W_yᵀ dy_t, dh_t's first term
    for (let t = 1; t < from; t++) dhs[t].fill(0);
  }
  // #endregion backward

  function predict(p: Float64Array, h: Float64Array, temperature: number): void {
    affine(y, Wy, h, by, V, H);                                     // (2.3)
    softmax(p, y, V, temperature);                                  // (2.14) softmax(y / τ)
  }

  return { forward: lossForm === 'numpy' ? forwardNumpy : forward, backward, predict };
}
