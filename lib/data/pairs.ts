/**
 * Sentence pairs for sequence-to-sequence models: a source x_1..x_S to read and a target y_1..y_T to
 * write, both as token ids. The target ends with <EOS>, so that a model learns when to stop; neither
 * side carries <SOS>, which is the decoder's first input and never a token it must predict.
 *
 * The next-sentence task, as the NumPy original sets it: every sentence of a story is the source of
 * one pair and the target of the one before. Source and target share one vocabulary, built by
 * buildVocab over the whole text: both sides are the same language, and every sentence appears on
 * both sides, so two vocabularies would hold the same words under two sets of ids. The model still
 * gives each side its own embedding table.
 */
import { EOS, UNK, type WordVocab, sentences } from './words.ts';

export interface Pair {
  /** x_1..x_S, unframed. */
  readonly source: Int32Array;
  /** y_1..y_T, the last of them <EOS>. */
  readonly target: Int32Array;
}

/** Two or more blank lines: the gap between two stories of a collection (data/fables.txt). */
const STORY_BREAK = /\n[^\S\n]*\n[^\S\n]*\n\s*/;

// #region next-sentence
/**
 * (sentence k, sentence k + 1) for every two consecutive sentences of each story in `text`, in order.
 * A story's title is its first sentence. No pair crosses from one story into the next: a story's last
 * sentence (its moral) does not predict the next story's title. A token without an id is <UNK>.
 */
export function nextSentencePairs(vocab: WordVocab, text: string): Pair[] {
  const ids = (sentence: string[]) => sentence.map((token) => vocab.index.get(token) ?? UNK);
  const pairs: Pair[] = [];
  for (const story of text.split(STORY_BREAK)) {
    if (!/[\p{L}\p{N}]/u.test(story)) continue;
    const all = sentences(story, { notebookRule: vocab.notebookRule }).map(ids);
    for (let k = 0; k + 1 < all.length; k++) {
      pairs.push({ source: Int32Array.from(all[k]), target: Int32Array.from([...all[k + 1], EOS]) });
    }
  }
  if (pairs.length === 0) {
    throw new Error('text has fewer than two sentences in any story; a next-sentence pair needs two consecutive sentences');
  }
  return pairs;
}
// #endregion next-sentence
