/**
 * What training and decoding need from a sequence-to-sequence model: the encoder–decoder with a
 * bridge (encoder-decoder.ts), and the attention models after it, all implement PairModel.
 *
 * Time runs as in the equations: the source is x_1..x_S (source[j − 1] is x_j), the target y_1..y_T
 * (target[t − 1] is y_t, y_T = <EOS>), and decoder step t reads the token before, ŷ_{t−1}, with
 * ŷ_0 = <SOS>, to give p_t, the distribution of y_t.
 */
import { initNormal } from '../../core/init.ts';
import { type ParamSpec, type Params, allocParams } from '../../core/params.ts';
import { RandomState } from '../../core/random.ts';
import { type Tensor, tensor } from '../../core/tensor.ts';
import { assertSetting, limits } from '../../train/limits.ts';
import type { Embedding } from '../input.ts';

/**
 * One decoder step at a time, from a state the caller holds: what greedy decoding, sampling and beam
 * search (decode.ts) run on. A state is `stateSize` numbers (for the encoder–decoder, s_t), so that
 * a beam can keep one per hypothesis; what every step reads and no step changes (the context, or the
 * encoder's annotations) stays inside the model from `encode` on.
 */
export interface Decoder {
  /** Number of target tokens: the length of `logp`. */
  readonly targetVocabSize: number;
  /** Length of a decoder state. */
  readonly stateSize: number;
  /** Read `source` (x_1..x_S) and write the decoder's start state s_0 into `state`. */
  encode(source: Int32Array, state: Float64Array): void;
  /**
   * Step t, from s_{t−1} (`state`) fed ŷ_{t−1} (`token`): writes s_t into `next` (which may be
   * `state`) and log p_t[v] for every target token v into `logp`. Reads the source of the last `encode`.
   */
  step(state: Float64Array, token: number, next: Float64Array, logp: Float64Array): void;
}

/**
 * Which token the decoder is fed at steps t ≥ 2 in training: with probability `ratio` the true
 * y_{t−1} (teacher forcing), otherwise its own most likely token at step t − 1, argmax_v p_{t−1}[v]
 * (scheduled sampling, Bengio et al. 2015, draws from p_{t−1} where we take its argmax). One draw of
 * `rng` per step t ≥ 2, none when the ratio is 1.
 */
export interface TeacherForcing {
  /** In 0..1; 1 feeds the true token at every step. */
  readonly ratio: number;
  readonly rng: RandomState;
}

export interface PairModel<K extends string = string> extends Decoder {
  /** Model name as the chapters use it, e.g. "encoder-decoder". */
  readonly kind: string;
  /** Number of source tokens. */
  readonly sourceVocabSize: number;
  /** Longest source and target `lossAndGrads` accepts; the workspaces are sized for them at creation. */
  readonly maxSourceLen: number;
  readonly maxTargetLen: number;
  readonly params: Params<K>;
  /** Same layout as `params`; `lossAndGrads` overwrites it. */
  readonly grads: Params<K>;
  /** The two embedding tables, outside `params`, each with its sparse gradient over the last pair. */
  readonly embeddings: { readonly source: Embedding; readonly target: Embedding };
  /**
   * Forward and backward over one pair: the summed cross-entropy −Σ_t log p_t[y_t] in nats, with
   * `grads` and the embeddings' gradients overwritten by its gradient. Without `forcing`, every step
   * is fed the true token. The token fed in place of the true one is a constant to the gradient.
   */
  lossAndGrads(source: Int32Array, target: Int32Array, forcing?: TeacherForcing): number;
}

/** A teacher-forcing ratio, refused outside 0..1. */
export function checkRatio(ratio: number): number {
  if (!(ratio >= 0 && ratio <= 1)) throw new Error(`teacher-forcing ratio must be a number in 0..1, got ${ratio}`);
  return ratio;
}

/** Refuse a sequence that is empty, longer than `max`, or holds a token outside 0..V − 1. */
export function checkSequence(tokens: Int32Array, max: number, V: number, what: string): void {
  if (!(tokens.length >= 1 && tokens.length <= max)) {
    throw new Error(`${what} must have 1..${max} tokens (the model's max${what[0].toUpperCase()}${what.slice(1)}Len), got ${tokens.length}`);
  }
  for (let i = 0; i < tokens.length; i++) {
    if (!(tokens[i] >= 0 && tokens[i] < V)) {
      throw new Error(`${what} token ${i} must be an id in 0..${V - 1}, got ${tokens[i]}`);
    }
  }
}

/** The options every pair model takes; each model adds its own. */
export interface PairModelOptions {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** H: size of the encoder's and of the decoder's state. */
  hidden: number;
  /** Size of a word vector, in both embedding tables. */
  embedding: number;
  /** Seed of the RandomState that draws the initial weights. */
  seed: number;
  /** Standard deviation of the initial weights and embeddings (default 0.1). */
  initScale?: number;
  /** Longest source and target `lossAndGrads` accepts (default: the longest sequence of lib/train/limits.ts). */
  maxSourceLen?: number;
  maxTargetLen?: number;
}

/** A pair model's settings, checked, with its tables and weights drawn. */
export interface PairModelStart<K extends string> {
  Vs: number;
  maxSourceLen: number;
  maxTargetLen: number;
  /** The source's and the target's embedding tables, (V_x, X) and (V_y, X). */
  Ex: Tensor;
  Ey: Tensor;
  params: Params<K>;
  grads: Params<K>;
}

/**
 * Check the shared options and draw the initial weights from one RandomState(seed): the source
 * table, the target table, then each tensor of `spec` that `drawn` names, in spec order, all as
 * randn · initScale. The others (the biases) start at zero.
 */
export function startPairModel<K extends string>(
  options: PairModelOptions, spec: ParamSpec<K>, drawn: (name: K) => boolean,
): PairModelStart<K> {
  const { sourceVocabSize: Vs, targetVocabSize: Vt, hidden: H, embedding: X, seed, initScale = 0.1 } = options;
  const { maxSourceLen = limits.seqLen.max, maxTargetLen = limits.seqLen.max } = options;
  assertSetting('vocabSize', Vs);
  assertSetting('vocabSize', Vt);
  assertSetting('hidden', H);
  assertSetting('embedding', X);
  assertSetting('seed', seed);
  assertSetting('initScale', initScale);
  assertSetting('seqLen', maxSourceLen);
  assertSetting('seqLen', maxTargetLen);
  const rng = new RandomState(seed);
  const Ex = tensor([Vs, X]), Ey = tensor([Vt, X]);
  rng.fillNormal(Ex.data, initScale);
  rng.fillNormal(Ey.data, initScale);
  const params = allocParams(spec), grads = allocParams(spec);
  initNormal(rng, params, Object.fromEntries(params.names.filter(drawn).map((k) => [k, initScale])) as Partial<Record<K, number>>);
  return { Vs, maxSourceLen, maxTargetLen, Ex, Ey, params, grads };
}
