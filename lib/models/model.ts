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

/** Refuse a window length that the model's workspaces or the given arrays cannot hold. */
export function checkWindow(T: number, maxSeqLen: number, inputs: Int32Array, targets: Int32Array): void {
  if (!(Number.isInteger(T) && T >= 1 && T <= maxSeqLen && T <= inputs.length && T <= targets.length)) {
    throw new Error(
      `window length must be an integer in 1..${maxSeqLen} (the model's maxSeqLen) and at most the ` +
        `${inputs.length} inputs and ${targets.length} targets given, got ${T}`,
    );
  }
}

/** Refuse a seed token outside the vocabulary. */
export function checkToken(token: number, V: number): void {
  if (!(Number.isInteger(token) && token >= 0 && token < V)) {
    throw new Error(`seed token must be an integer in 0..${V - 1}, got ${token}`);
  }
}
