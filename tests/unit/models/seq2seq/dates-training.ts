// What the tests that train a sequence-to-sequence model share: lib/train's loop run for a number of
// pairs with the chapters' settings (Adam 1e-2, clipping at 5), and the held-out loss.
import type { Pair } from '../../../../lib/data/pairs.ts';
import type { PairModel } from '../../../../lib/models/seq2seq/pair-model.ts';
import { trainPairs } from '../../../../lib/train/train-pairs.ts';

/** `model` after `steps` steps of trainPairs over `pairs` (the pairs in a seeded random order each pass). */
export function trainedOn<M extends PairModel>(model: M, pairs: readonly Pair[], steps: number): M {
  for (const event of trainPairs(model, pairs, { lr: 1e-2, seed: 1, sampleEvery: 1e6 })) {
    if (event.diverged) throw new Error(event.message);
    if (event.step === steps) break;
  }
  return model;
}

/** Mean loss per target token over `held`, with teacher forcing. */
export function heldLoss(model: PairModel, held: readonly Pair[]): number {
  let loss = 0, tokens = 0;
  for (const p of held) {
    loss += model.lossAndGrads(p.source, p.target);
    tokens += p.target.length;
  }
  return loss / tokens;
}
