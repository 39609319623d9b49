import type { Params } from '../core/params.ts';
import type { RandomState } from '../core/random.ts';
import { assertSetting } from '../train/limits.ts';
import type { Embedding } from './input.ts';

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
  /**
   * A word model's embedding table, outside `params`: its gradient is sparse (the rows a window
   * touched), and the optimiser updates only those rows. `lossAndGrads` overwrites its `grad`.
   */
  readonly embedding?: Embedding;
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
  /**
   * The vanishing-gradient study, from the model's own backward pass: out[t − 1] = ‖∂L_T/∂h_t‖ for
   * t = 1..T, where L_T is the loss of the window's last step alone, starting from a zero state.
   * Overwrites `grads` and the workspaces (call it between training steps), leaves `state` alone.
   */
  hiddenGradNorms(inputs: Int32Array, targets: Int32Array, length: number, out: Float64Array): Float64Array;
  /**
   * What the model computes at each step of `inputs`, from `h0` (default: zeros), for the gate
   * heatmap: by name (the chapter's symbol, e.g. "f" or "c"), one array of H values per input token.
   */
  activations(inputs: Int32Array, h0?: Float64Array): Activations;
  /** The weights that multiply h_{t−1}: W_hh, or the recurrent columns of the stacked gate matrices. */
  readonly recurrent: Block;
}

/** Per-step values by name: `values[name][t]` has one entry per hidden unit. */
export type Activations = Record<string, Float64Array[]>;

/** A (rows, cols) block of a row-major matrix whose rows are `stride` apart in `data`. */
export interface Block {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly stride: number;
}

/** Refuse a model's sizes, seed or initial weight scales outside the ranges of lib/train/limits.ts. */
export function checkOptions(
  V: number, H: number, seed: number, initScale: number, recurrentScale: number, maxSeqLen: number,
): void {
  assertSetting('vocabSize', V);
  assertSetting('hidden', H);
  assertSetting('seed', seed);
  assertSetting('initScale', initScale);
  assertSetting('initScale', recurrentScale);
  assertSetting('seqLen', maxSeqLen);
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

/** Refuse a token outside the vocabulary. */
export function checkToken(token: number, V: number, what = 'seed token'): void {
  if (!(Number.isInteger(token) && token >= 0 && token < V)) {
    throw new Error(`${what} must be an integer in 0..${V - 1}, got ${token}`);
  }
}

/** Refuse a start state of the wrong length; `size` is its length, `what` names it. */
export function checkStart(h0: Float64Array | undefined, size: number, what: string): void {
  if (h0 && h0.length !== size) throw new Error(`h0 must have the length of ${what}, ${size}, got length ${h0.length}`);
}

/** out[t − 1] = ‖vs[t]‖ (Euclidean) for t = 1..T. Returns out. */
export function norms(out: Float64Array, vs: Float64Array[], T: number): Float64Array {
  for (let t = 1; t <= T; t++) {
    let s = 0;
    for (const v of vs[t]) s += v * v;
    out[t - 1] = Math.sqrt(s);
  }
  return out;
}
