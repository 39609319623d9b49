// The numbers chapter 8 states about the encoder–decoder on the dates task, with the settings of the
// training test in encoder-decoder.test.ts: H = 32, word vectors of 16, seed 1, Adam 1e-2, clipping at 5,
// 3,000 pairs.
import { describe, expect, it } from 'vitest';
import { dateSourceVocab, dateTargetVocab, datePairs } from '../../../../lib/data/dates.ts';
import { EOS } from '../../../../lib/data/words.ts';
import { greedy } from '../../../../lib/models/seq2seq/decode.ts';
import { createEncoderDecoder } from '../../../../lib/models/seq2seq/encoder-decoder.ts';
import { heldLoss, trainedOn } from './dates-training.ts';

const H = 32, X = 16;
const train = datePairs(2000, 1), held = datePairs(100, 2);

const model = (contextEverywhere: boolean) => createEncoderDecoder({
  sourceVocabSize: dateSourceVocab.size, targetVocabSize: dateTargetVocab.size, hidden: H, embedding: X, seed: 1,
  contextEverywhere, maxSourceLen: 8, maxTargetLen: 11,
});

/** The model after 3,000 pairs, with the loop of the training test. */
const trained = (contextEverywhere: boolean) => trainedOn(model(contextEverywhere), train, 3000);

describe('the encoder–decoder on the dates task', () => {
  // By hand: GRU 3H(H + X) + 3H = 4,704, bridge H² + H = 1,056, decoder GRU 4,704 (or 3H(2H + X) + 3H = 7,776
  // with C = H more columns), readout V_y H + V_y = 462 (or V_y · 2H + V_y = 910), with V_y = 14.
  it('has 10,926 parameters with the context only in s_0 and 14,446 with it everywhere (H = 32, D = 16), besides the tables', () => {
    expect(dateTargetVocab.size).toBe(14);
    expect(model(false).params.flat.length).toBe(4704 + 1056 + 4704 + 462);
    expect(model(true).params.flat.length).toBe(4704 + 1056 + 7776 + 910);
    expect(model(false).params.flat.length).toBe(10926);
    expect(model(true).params.flat.length).toBe(14446);
  });

  it('starts the held-out loss per token within 0.01 of ln 14, the uniform guess over the 14 target tokens', () => {
    for (const contextEverywhere of [false, true]) {
      expect(Math.abs(heldLoss(model(contextEverywhere), held) - Math.log(14))).toBeLessThan(0.01);
    }
  });

  describe('after 3,000 pairs', () => {
    const only = trained(false), everywhere = trained(true);

    it('has a lower held-out loss per token with the context everywhere than with it only in s_0', () => {
      expect(heldLoss(everywhere, held)).toBeLessThan(heldLoss(only, held));
    });

    // The dashes and <EOS> are the same in every target; the digits must come from the source.
    it('writes the two dashes and <EOS> in their places for at least 95 of the 100 held-out dates, greedily, with the context only in s_0', () => {
      const dash = dateTargetVocab.index.get('-');
      const formatted = held.filter((p) => {
        const y = greedy(only, p.source, 11).tokens;
        return y.length === 11 && y[4] === dash && y[7] === dash && y[10] === EOS;
      });
      expect(formatted.length).toBeGreaterThanOrEqual(95);
    });

    it('writes fewer than 10 of the 100 held-out dates exactly right, greedily, with the context in either place', () => {
      for (const m of [only, everywhere]) {
        const exact = held.filter((p) => Array.from(greedy(m, p.source, 11).tokens).join() === Array.from(p.target).join());
        expect(exact.length).toBeLessThan(10);
      }
    });
  });
});
