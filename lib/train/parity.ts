/**
 * The NumPy notebooks' conventions where ours differ, as the options that switch them on. With all of
 * them, a language model trained from the same seed on the same text prints the notebooks' smoothed
 * losses (tests/unit/parity/word-lstm-parity.test.ts reproduces the word LSTM's trace).
 *
 * What the notebooks do that is ours already, so that no option is needed: the weights drawn as
 * randn · 0.01 from RandomState(seed) in their order (E first for a word model, then the matrices in
 * spec order; gates on [h_{t−1}; x_t], hidden part first), biases zero but the forget gate's at one,
 * Adam with lr 1e-3, β 0.9 / 0.999, ε 1e-8, the state carried from window to window, and the
 * character vocabulary as the sorted distinct characters.
 */
import type { ClipOptions, TrainOptions } from './train.ts';
import type { LossForm } from '../models/readout.ts';
import { type WordVocab, buildVocab, encode } from '../data/words.ts';

export const numpyParity = {
  /** For createRnn, createLstm, createGru: each step's loss as −ln(p + 1e-8) (readout.ts). */
  model: { loss: 'numpy' as LossForm },
  /**
   * For train(): every gradient component clamped to [−5, 5]; min-char-rnn's windows (full windows,
   * back to the start and a zero state when p + T + 1 ≥ N); the smoothed loss of the window's sum,
   * from T ln V; dense Adam on a word model's embedding.
   */
  train: {
    clip: { mode: 'value', max: 5 } as ClipOptions,
    windowRule: 'min-char-rnn',
    smoothing: 'window',
    embeddingAdam: 'dense',
  } satisfies Partial<TrainOptions>,
};

/**
 * The notebooks' word data: tokens by their rule (`\w+|[.,!?'";:]` on the lowercased text), the
 * vocabulary <SOS>, <EOS>, <UNK> and the sorted distinct tokens, and the text as one stream of ids,
 * not framed into sentences.
 */
export function numpyWords(text: string): { vocab: WordVocab; tokens: Int32Array } {
  const vocab = buildVocab(text, { notebookRule: true });
  return { vocab, tokens: encode(vocab, text).tokens };
}
