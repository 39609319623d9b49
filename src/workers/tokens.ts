/**
 * The text of a run as tokens, for either unit: characters (lib/data/chars.ts) or words framed into
 * sentences (lib/data/words.ts), behind one shape so that the worker's loop does not care which.
 */
import * as chars from '../../lib/data/chars.ts';
import * as words from '../../lib/data/words.ts';
import type { Unit } from './models.ts';

/** What a language model reads its text as. */
export type TextUnit = Exclude<Unit, 'pair'>;

export interface Tokens {
  unit: TextUnit;
  /** V, the number of distinct tokens. */
  size: number;
  /** The training stream. */
  stream: Int32Array;
  /** Token v as the reader sees it: a character, or a word such as "crow" or "<EOS>". */
  names: readonly string[];
  /** Text for a run of tokens: characters joined, or words spaced as prose with a line per sentence. */
  decode(ids: ArrayLike<number>): string;
  /** The token that ends a sample (a word model's <EOS>); none for characters. */
  stop: number | null;
  /** Token ids the embedding view leaves out (the special tokens). */
  special: (id: number) => boolean;
}

export function tokenise(unit: TextUnit, text: string): Tokens {
  if (unit === 'char') {
    const vocab = chars.buildVocab(text);
    return {
      unit, size: vocab.size, stream: chars.encode(vocab, text), names: vocab.chars,
      decode: (ids) => chars.decode(vocab, Int32Array.from(ids)), stop: null, special: () => false,
    };
  }
  const vocab = words.buildVocab(text);
  return {
    unit, size: vocab.size, stream: words.trainingStream(vocab, text), names: vocab.words,
    decode: (ids) => words.decode(vocab, ids), stop: words.EOS, special: (id) => id <= words.UNK,
  };
}
