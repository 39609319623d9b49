/**
 * The oracle for the NumPy parity options: what the original NumPy word-LSTM notebook printed, with
 * np.random.seed(42), on the text it trains on. Both files live in ../shared/parity/ beside the
 * repository (the text is not ours to commit) and are read at test time.
 *
 * Each of the options that the trace can tell apart (value clipping, min-char-rnn windows, the
 * window-sum smoothing, dense Adam on the embedding) changes the printed value at iteration 500
 * already when it is left out (measured), so the first 1,001 iterations (about 8 s) are run here.
 * All 20 printed values, through iteration 9,500, match as well (about 80 s):
 *   npx seqmodels parity --trace ../shared/parity/word_lstm_trace.json
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLstm } from '../../../lib/models/lstm.ts';
import { numpyParity, numpyWords } from '../../../lib/train/parity.ts';
import { train } from '../../../lib/train/train.ts';

const shared = new URL('../../../../shared/parity/', import.meta.url);
/** Printed iterations checked here: the trace's first three. */
const LAST_ITERATION = 1000;

interface Trace {
  config: { seed: number; hidden: number; embedding: number; seq_len: number; lr: number; V: number };
  printed_smooth_loss: Record<string, number>;
}

/** The notebook's text and trace; a clear failure, not a skip, when ../shared/parity is not there. */
function parityData(): { text: string; trace: Trace } {
  const read = (name: string) => {
    const url = new URL(name, shared);
    if (!existsSync(url)) {
      throw new Error(
        `parity data missing: ${fileURLToPath(url)} does not exist. The parity test reads the NumPy ` +
          'notebook\'s text and trace from ../shared/parity/ beside the repository; put them there to run it.',
      );
    }
    return readFileSync(url, 'utf8');
  };
  return { text: read('thirsty_crow.txt'), trace: JSON.parse(read('word_lstm_trace.json')) as Trace };
}

describe('the NumPy word-LSTM notebook, reproduced', () => {
  it('reads the notebook\'s text as the V = 90 tokens of its vocabulary, <SOS>, <EOS>, <UNK> first', () => {
    const { text, trace } = parityData();
    const { vocab } = numpyWords(text);
    expect(vocab.size).toBe(trace.config.V);
    expect(vocab.words.slice(0, 3)).toEqual(['<SOS>', '<EOS>', '<UNK>']);
  });

  it(`prints the notebook's smoothed loss to 4 decimals at every printed iteration through ${LAST_ITERATION}`, () => {
    const { text, trace } = parityData();
    const { config } = trace;
    const { vocab, tokens } = numpyWords(text);
    const model = createLstm({
      vocabSize: vocab.size, hidden: config.hidden, embedding: config.embedding, seed: config.seed,
      maxSeqLen: config.seq_len, ...numpyParity.model,
    });
    const events = train(model, tokens, { seqLen: config.seq_len, lr: config.lr, seed: config.seed, ...numpyParity.train });
    const ours: Record<string, string> = {};
    for (const event of events) {
      const n = event.step - 1; // the notebook counts from iteration 0 and prints after updating s
      if (String(n) in trace.printed_smooth_loss) ours[n] = event.smoothLoss.toFixed(4);
      if (n === LAST_ITERATION) break;
    }
    const printed = Object.fromEntries(
      Object.entries(trace.printed_smooth_loss).filter(([n]) => Number(n) <= LAST_ITERATION).map(([n, s]) => [n, s.toFixed(4)]),
    );
    expect(Object.keys(printed)).toEqual(['0', '500', '1000']);
    expect(ours).toEqual(printed);
  }, 120_000);
});
