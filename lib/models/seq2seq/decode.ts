/**
 * Writing a target for a source with a trained model, one token at a time from the decoder's
 * log-probabilities (pair-model.ts's Decoder): the first step is fed <SOS>, every later step the token
 * chosen before it, until <EOS> is chosen or maxLen tokens are written.
 *
 * - greedy: the most likely token at each step. Cheap, but a likely first token can lead to an
 *   unlikely sentence.
 * - sample: a draw from softmax(log p_t / τ), for variety; τ < 1 sharpens, τ > 1 flattens.
 * - beam search: keeps the k most likely partial targets rather than one, and ranks the finished ones
 *   by log-probability per token (length normalisation): the unnormalised sum only falls as a target
 *   grows, so it would prefer short targets.
 *
 * A hypothesis's log-probability is always the model's, log p_t at temperature 1.
 */
import { exp, log } from '../../core/libm.ts';
import type { RandomState } from '../../core/random.ts';
import { softmax } from '../../core/softmax.ts';
import { EOS, SOS } from '../../data/words.ts';
import { assertSetting } from '../../train/limits.ts';
import type { Decoder } from './pair-model.ts';

export interface Hypothesis {
  /** ŷ_1..ŷ_n: the last is <EOS>, unless decoding stopped at maxLen first. */
  readonly tokens: Int32Array;
  /** log p(ŷ_1..ŷ_n | x) = Σ_t log p_t[ŷ_t]. */
  readonly logProb: number;
}

export interface BeamOptions {
  /** k: how many hypotheses the beam holds, live and finished together. */
  width: number;
  /** Most tokens a hypothesis may have, <EOS> included. */
  maxLen: number;
  /** α of the length normalisation logProb / n^α (default 1: the mean log-probability per token; 0: none). */
  alpha?: number;
}

// #region length-normalised
/** A finished hypothesis's score in beam search: log p(ŷ | x) / n^α, for its n tokens. */
export function lengthNormalised(h: Hypothesis, alpha: number): number {
  // n^α as exp(α ln n) from libm.ts, whose results are the same in every engine (`**` may differ).
  return h.logProb / exp(alpha * log(h.tokens.length));             // (8.22)
}
// #endregion length-normalised

// #region decode
/** The most likely token at each step; the first of equals. */
export function greedy(decoder: Decoder, source: Int32Array, maxLen: number): Hypothesis {
  return decodeBy(decoder, source, maxLen, argmax);                 // (8.20)
}

/** A draw from softmax(log p_t / τ) at each step, from rng. */
export function sample(decoder: Decoder, source: Int32Array, maxLen: number, rng: RandomState, temperature: number): Hypothesis {
  assertSetting('temperature', temperature);
  const p = new Float64Array(decoder.targetVocabSize);
  return decodeBy(decoder, source, maxLen, (logp) => {
    softmax(p, logp, logp.length, temperature);                     // (8.21) softmax(log p_t / τ)
    return rng.choice(p);                                           // (8.21) ŷ_t ~ that
  });
}

/** One token per step, chosen from log p_t by `choose`, from <SOS> to <EOS> or maxLen tokens. */
function decodeBy(decoder: Decoder, source: Int32Array, maxLen: number, choose: (logp: Float64Array) => number): Hypothesis {
  checkMaxLen(maxLen);
  const state = new Float64Array(decoder.stateSize), logp = new Float64Array(decoder.targetVocabSize);
  decoder.encode(source, state);
  const tokens: number[] = [];
  let logProb = 0, token = SOS;
  while (tokens.length < maxLen && token !== EOS) {
    decoder.step(state, token, state, logp);
    token = choose(logp);
    tokens.push(token);
    logProb += logp[token];
  }
  return { tokens: Int32Array.from(tokens), logProb };
}
// #endregion decode

interface Live {
  readonly tokens: number[];
  readonly logProb: number;
  /** s_t after the last token: what the next step starts from. Never written after it is made. */
  readonly state: Float64Array;
}

// #region beam
/**
 * Beam search of width k: at each step every live hypothesis is extended by every token, and of these
 * candidates the k − f most likely (by log-probability: all have the same length) are kept, f being
 * the number already finished. A kept candidate that ends in <EOS>, or reaches maxLen tokens, is
 * finished and keeps its place in the beam for good: the beam narrows as hypotheses finish, and
 * width 1 is greedy decoding. Stops when none is live.
 * Returns every finished hypothesis, best first by lengthNormalised (ties in the order they finished).
 */
export function beamSearch(decoder: Decoder, source: Int32Array, options: BeamOptions): Hypothesis[] {
  const { width, maxLen, alpha = 1 } = options;
  if (!(Number.isInteger(width) && width >= 1)) throw new Error(`beam width must be an integer ≥ 1, got ${width}`);
  checkMaxLen(maxLen);
  if (!(alpha >= 0 && alpha < Infinity)) throw new Error(`length-normalisation alpha must be a finite number ≥ 0, got ${alpha}`);
  const V = decoder.targetVocabSize, n = decoder.stateSize;
  const s0 = new Float64Array(n);
  decoder.encode(source, s0);
  let live: Live[] = [{ tokens: [], logProb: 0, state: s0 }];
  const finished: Hypothesis[] = [];
  for (let t = 1; live.length > 0; t++) {
    const room = width - finished.length;
    // Candidate i·V + v extends live[i] by token v; its log-probability is scores[i·V + v].
    const scores = new Float64Array(live.length * V);
    const nexts = live.map((h, i) => {
      const next = new Float64Array(n), logp = scores.subarray(i * V, (i + 1) * V);
      decoder.step(h.state, h.tokens.at(-1) ?? SOS, next, logp);   // log p_t for every next token
      for (let v = 0; v < V; v++) logp[v] += h.logProb;             // log p(ŷ_1..ŷ_{t−1}, v | x)
      return next;
    });
    // The `room` best candidates, the earlier of equals first.
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, room);
    const kept: Live[] = [];
    for (const k of order) {
      const i = Math.floor(k / V), v = k % V;
      const tokens = [...live[i].tokens, v];
      if (v === EOS || t === maxLen) finished.push({ tokens: Int32Array.from(tokens), logProb: scores[k] });
      else kept.push({ tokens, logProb: scores[k], state: nexts[i] });
    }
    live = kept;
  }
  // Array.prototype.sort is stable: equal scores keep the order in which they finished.
  return finished.sort((a, b) => lengthNormalised(b, alpha) - lengthNormalised(a, alpha)); // (8.22) best first
}
// #endregion beam

/** The index of the largest entry; the first of equals. */
export function argmax(logp: Float64Array): number {
  let best = 0;
  for (let v = 1; v < logp.length; v++) if (logp[v] > logp[best]) best = v;
  return best;
}

function checkMaxLen(maxLen: number): void {
  if (!(Number.isInteger(maxLen) && maxLen >= 1)) throw new Error(`maxLen must be an integer ≥ 1 (tokens to write, <EOS> included), got ${maxLen}`);
}
