import type { Params } from '../core/params.ts';
import type { RandomState } from '../core/random.ts';

/**
 * What the one training loop needs from any next-token model: parameters and gradients with
 * the same flat layout, a carried recurrent state, one truncated-BPTT window, and sampling.
 */
export interface SequenceModel<K extends string = string> {
  /** Model name as the chapters use it, e.g. "rnn". */
  readonly kind: string;
  /** Number of distinct tokens: the size of the input one-hot and of the output softmax. */
  readonly vocabSize: number;
  readonly params: Params<K>;
  /** Same layout as `params`; `lossAndGrads` overwrites it. */
  readonly grads: Params<K>;
  /** Recurrent state carried from one window to the next (for the RNN: h, length H). */
  readonly state: Float64Array;
  /**
   * Forward and backward over one window: `inputs[t]` predicts `targets[t]` for t < length.
   * Overwrites `grads` with the gradient of the summed loss, moves `state` to the window's last
   * hidden state (BPTT is truncated there), and returns the summed cross-entropy in nats.
   */
  lossAndGrads(inputs: Int32Array, targets: Int32Array, length: number): number;
  /**
   * Sample `out.length` tokens after `seed`, starting from `h0` (not from `state`, which sampling
   * leaves untouched), at the given softmax temperature (> 0). Returns `out`.
   */
  sample(rng: RandomState, seed: number, temperature: number, out: Int32Array, h0?: Float64Array): Int32Array;
}
