import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildVocab, encode } from '../../../lib/data/chars.ts';
import { createRnn } from '../../../lib/models/rnn.ts';
import { train } from '../../../lib/train/train.ts';
import { DivergenceWatch, FACTOR, WINDOW } from '../../../lib/train/divergence.ts';

/** Feed `losses` to a watch for a vocabulary of V; the step and message of the first alarm, if any. */
function firstAlarm(V: number, losses: readonly number[]): { step: number; message: string } | null {
  const watch = new DivergenceWatch(V);
  for (let i = 0; i < losses.length; i++) {
    const message = watch.observe(i + 1, losses[i]);
    if (message) return { step: i + 1, message };
  }
  return null;
}

describe('DivergenceWatch', () => {
  const V = 40;
  const limit = FACTOR * Math.log(V);

  it('stays quiet while the mean of the last 50 losses is at most 3 ln V', () => {
    expect(firstAlarm(V, Array(200).fill(limit))).toBeNull();
  });

  it('stops a run whose last 50 losses average more than 3 ln V, saying so and what to try', () => {
    const alarm = firstAlarm(V, Array(200).fill(limit * 1.01));
    expect(alarm?.step).toBe(WINDOW);
    expect(alarm?.message).toBe(
      `training diverged at step 50: the loss averaged ${(limit * 1.01).toFixed(1)} nats per token over the last 50 steps, ` +
        `more than 3 × ${Math.log(V).toFixed(2)}, the loss of a uniform guess; try a lower learning rate or a tighter clipping threshold`,
    );
  });

  it('waits for a full window of steps before judging', () => {
    expect(firstAlarm(V, Array(WINDOW - 1).fill(1e6))).toBeNull();
  });

  it('judges the mean of the window, so one wild step among sound ones does not stop the run', () => {
    const losses = [...Array(49).fill(0), 40 * limit, ...Array(100).fill(0)];
    expect(firstAlarm(V, losses)).toBeNull();
  });

  it('measures a one-character text against ln 2, as its loss is always 0', () => {
    expect(firstAlarm(1, Array(100).fill(0))).toBeNull();
    expect(firstAlarm(1, Array(100).fill(FACTOR * Math.log(2) + 0.01))?.step).toBe(WINDOW);
  });

  const text = readFileSync(new URL('../../../data/thirsty-crow.txt', import.meta.url), 'utf8');
  const vocab = buildVocab(text);
  const tokens = encode(vocab, text);
  /** The training loop's own verdict: the step of its diverged event and its message, if it ends within `steps`. */
  const watchRun = (lr: number, clip: number, steps: number) => {
    const model = createRnn({ vocabSize: vocab.size, hidden: 64, seed: 42, maxSeqLen: 25 });
    const events = train(model, tokens, { seqLen: 25, lr, seed: 42, clip: { mode: 'norm', max: clip } });
    for (let i = 0; i < steps; i++) {
      const e = events.next().value!;
      if (e.diverged) return { step: e.step, loss: e.loss, message: e.message };
    }
    return null;
  };

  it('makes the loop stop the RNN at learning rate 1 with clipping at 1000 within its first 60 steps, though its loss stays finite', () => {
    const stop = watchRun(1, 1000, 60);
    expect(Number.isFinite(stop?.loss)).toBe(true);
    expect(stop?.message).toMatch(/^training diverged at step \d+: the loss averaged [\d.]+ nats per token over the last 50 steps/);
  });

  it('lets the RNN at the chapter settings (learning rate 0.003, clipping at 5) train 2000 steps', () => {
    expect(watchRun(3e-3, 5, 2000)).toBeNull();
  });
});
