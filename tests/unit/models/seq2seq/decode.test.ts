import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../../lib/core/random.ts';
import { EOS, SOS } from '../../../../lib/data/words.ts';
import { beamSearch, greedy, lengthNormalised, sample } from '../../../../lib/models/seq2seq/decode.ts';
import { createEncoderDecoder } from '../../../../lib/models/seq2seq/encoder-decoder.ts';
import type { Decoder } from '../../../../lib/models/seq2seq/pair-model.ts';

const A = 2, B = 3; // two words after <SOS> = 0, <EOS> = 1

/**
 * A decoder whose next-token distribution depends only on the token it is fed: probs[token] (rows of
 * p over <SOS>, <EOS>, a, b). It has no state to speak of; it ignores the source.
 */
function bigram(probs: Record<number, number[]>): Decoder {
  return {
    targetVocabSize: 4,
    stateSize: 1,
    encode(_source, state) {
      state[0] = 0;
    },
    step(_state, token, next, logp) {
      probs[token].forEach((p, v) => (logp[v] = Math.log(p)));
      next[0] = token;
    },
  };
}

/** After <SOS>: a .55, b .45. After a: <EOS> .3, a .05, b .65. After b: <EOS> .95, a .025, b .025. */
const table = bigram({ [SOS]: [0, 0, 0.55, 0.45], [A]: [0, 0.3, 0.05, 0.65], [B]: [0, 0.95, 0.025, 0.025] });
const none = new Int32Array(1);

describe('greedy', () => {
  it('takes the most likely token at each step and stops at <EOS>', () => {
    const h = greedy(table, none, 10);
    expect(Array.from(h.tokens)).toEqual([A, B, EOS]);
    expect(h.logProb).toBeCloseTo(Math.log(0.55 * 0.65 * 0.95), 14);
  });

  it('stops at maxLen tokens when <EOS> does not come first', () => {
    const loop = bigram({ [SOS]: [0, 0.1, 0.9, 0], [A]: [0, 0.1, 0.9, 0] });
    const h = greedy(loop, none, 3);
    expect(Array.from(h.tokens)).toEqual([A, A, A]);
    expect(h.logProb).toBeCloseTo(3 * Math.log(0.9), 14);
  });
});

describe('beamSearch', () => {
  // By hand, width 2: step 1 keeps a (.55) and b (.45). Step 2's best two of six are b <EOS> (.4275),
  // which finishes, and a b (.3575). Step 3 has room for one: a b <EOS> (.339625) finishes; none is live.
  it('finds b <EOS>, likelier than greedy a b <EOS>, at width 2 without length normalisation', () => {
    const beams = beamSearch(table, none, { width: 2, maxLen: 10, alpha: 0 });
    expect(beams.map((h) => Array.from(h.tokens))).toEqual([[B, EOS], [A, B, EOS]]);
    expect(beams[0].logProb).toBeCloseTo(Math.log(0.45 * 0.95), 14);
    expect(beams[1].logProb).toBeCloseTo(Math.log(0.55 * 0.65 * 0.95), 14);
  });

  // log(.339625) / 3 = −0.360 beats log(.4275) / 2 = −0.425: per token, the longer target is likelier.
  it('ranks a b <EOS> first when the score is the log-probability per token (α = 1)', () => {
    const beams = beamSearch(table, none, { width: 2, maxLen: 10 });
    expect(beams.map((h) => Array.from(h.tokens))).toEqual([[A, B, EOS], [B, EOS]]);
    expect(lengthNormalised(beams[0], 1)).toBeCloseTo(Math.log(0.55 * 0.65 * 0.95) / 3, 14);
  });

  it('finishes the hypotheses still live at maxLen', () => {
    const beams = beamSearch(table, none, { width: 2, maxLen: 1, alpha: 0 });
    expect(beams.map((h) => Array.from(h.tokens))).toEqual([[A], [B]]);
  });

  it('refuses a width that is not a positive integer', () => {
    expect(() => beamSearch(table, none, { width: 0, maxLen: 5 })).toThrow('beam width must be an integer ≥ 1, got 0');
  });

  describe('on a tiny encoder–decoder', () => {
    const Vt = 5, maxLen = 4;
    const model = createEncoderDecoder({
      sourceVocabSize: 6, targetVocabSize: Vt, hidden: 6, embedding: 3, seed: 4, initScale: 1.5,
    });
    const sources = [Int32Array.of(3, 4, 5), Int32Array.of(5), Int32Array.of(2, 2, 3, 4, 3)];

    /** Every target up to maxLen tokens (ending at its first <EOS>, or cut at maxLen), with its log-probability. */
    function enumerate(source: Int32Array): { tokens: number[]; logProb: number }[] {
      const all: { tokens: number[]; logProb: number }[] = [];
      const s0 = new Float64Array(model.stateSize);
      model.encode(source, s0);
      const visit = (state: Float64Array, tokens: number[], logProb: number) => {
        const next = new Float64Array(model.stateSize), logp = new Float64Array(Vt);
        model.step(state, tokens.at(-1) ?? SOS, next, logp);
        for (let v = 0; v < Vt; v++) {
          const longer = [...tokens, v];
          if (v === EOS || longer.length === maxLen) all.push({ tokens: longer, logProb: logProb + logp[v] });
          else visit(next, longer, logProb + logp[v]);
        }
      };
      visit(s0, [], 0);
      return all;
    }

    it.each(sources.map((s, i) => [i, s] as const))('returns greedy decoding at width 1 (source %i)', (_, source) => {
      const [beam] = beamSearch(model, source, { width: 1, maxLen: 10 });
      const best = greedy(model, source, 10);
      expect(Array.from(beam.tokens)).toEqual(Array.from(best.tokens));
      expect(beam.logProb).toBe(best.logProb);
    });

    // 1 + 4 + 16 + 4³ · 5 = 341 targets: a beam that wide prunes nothing and must score each one.
    it.each([0, 0.5, 1])('finds the highest-scoring target of all 341, by brute force, when the beam is that wide (α = %s)', (alpha) => {
      let beatsGreedy = 0;
      for (const source of sources) {
        const all = enumerate(source);
        expect(all).toHaveLength(341);
        const score = (h: { tokens: number[]; logProb: number }) => h.logProb / h.tokens.length ** alpha;
        const best = all.reduce((a, b) => (score(b) > score(a) ? b : a));
        const beams = beamSearch(model, source, { width: 341, maxLen, alpha });
        expect(beams).toHaveLength(341);
        expect(Array.from(beams[0].tokens)).toEqual(best.tokens);
        expect(lengthNormalised(beams[0], alpha)).toBeCloseTo(score(best), 12);
        if (Array.from(greedy(model, source, maxLen).tokens).join() !== best.tokens.join()) beatsGreedy++;
      }
      // The search is put to the test only where the best target is not simply the greedy one.
      expect(beatsGreedy).toBeGreaterThan(0);
    });
  });
});

describe('sample', () => {
  const first = [0, 0.2, 0.5, 0.3]; // after <SOS>; then <EOS> for sure
  const once = bigram({ [SOS]: first, [A]: [0, 1, 0, 0], [B]: [0, 1, 0, 0] });

  /** How often each token comes first in n samples at temperature τ. */
  function frequencies(temperature: number, n: number): number[] {
    const rng = new RandomState(1), counts = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) counts[sample(once, none, 5, rng, temperature).tokens[0]]++;
    return counts.map((c) => c / n);
  }

  it.each([1, 0.5, 2])('draws the first token with probability softmax(log p / τ) ∝ p^(1/τ) at τ = %s', (temperature) => {
    const weights = first.map((p) => p ** (1 / temperature));
    const total = weights.reduce((s, w) => s + w, 0);
    const got = frequencies(temperature, 20000);
    // 20,000 draws: the standard error of a frequency is at most 0.0036.
    got.forEach((f, v) => expect(Math.abs(f - weights[v] / total), `token ${v}`).toBeLessThan(0.015));
  });

  it("reports the model's log-probability of what it drew, not the tempered one", () => {
    const h = sample(once, none, 5, new RandomState(3), 0.5);
    expect(h.logProb).toBeCloseTo(Math.log(first[h.tokens[0]]), 14);
    expect(h.tokens.at(-1)).toBe(EOS);
  });

  it('refuses a temperature outside its range, naming the range', () => {
    expect(() => sample(once, none, 5, new RandomState(1), 0)).toThrow('temperature must be a number in 0.01..10, got 0');
  });
});
