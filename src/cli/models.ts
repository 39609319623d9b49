/**
 * The models the command line trains, by the names the page gives them (src/workers/models.ts), and
 * the two ways a text becomes tokens: characters (lib/data/chars.ts) for rnn, lstm, gru; words
 * (lib/data/words.ts), each read through an embedding, for word-rnn, word-lstm, word-gru and
 * torch-gru. As on the page, a character model's vocabulary is the text's distinct characters, and a
 * word model trains on the text framed into sentences (<SOS> … <EOS>) under our tokeniser; with
 * --parity numpy it trains on the notebooks' unframed stream instead.
 */
import * as chars from '../../lib/data/chars.ts';
import * as words from '../../lib/data/words.ts';
import type { CheckpointVocabulary } from '../../lib/models/checkpoint.ts';
import { createGru } from '../../lib/models/gru.ts';
import { createLstm } from '../../lib/models/lstm.ts';
import type { SequenceModel } from '../../lib/models/model.ts';
import type { LossForm } from '../../lib/models/readout.ts';
import { createRnn } from '../../lib/models/rnn.ts';
import { createTorchGru } from '../../lib/models/torch-gru.ts';
import { numpyWords } from '../../lib/train/parity.ts';
import { unitOf } from '../workers/models.ts';
import { UsageError } from './args.ts';

export interface CreateOptions {
  vocabSize: number;
  hidden: number;
  seed: number;
  maxSeqLen: number;
  embedding?: number;
  initScale?: number;
  loss?: LossForm;
}

export interface CliModel {
  /** Tokens are words, read through an embedding, rather than one-hot characters. */
  words: boolean;
  /** A NumPy notebook trains this model, so --parity numpy applies to it. */
  notebook: boolean;
  create(options: CreateOptions): SequenceModel;
}

// Which models read words is the page's registry's fact (unitOf); only how to build each is restated here,
// since the page loads its models lazily and the command line needs them at once.
const cliModel = (name: string, notebook: boolean, create: CliModel['create']): [string, CliModel] =>
  [name, { words: unitOf(name) === 'word', notebook, create }];

const cliModels: Record<string, CliModel> = Object.fromEntries([
  cliModel('rnn', true, createRnn),
  cliModel('lstm', true, createLstm),
  cliModel('gru', true, createGru),
  cliModel('word-rnn', true, createRnn),
  cliModel('word-lstm', true, createLstm),
  cliModel('word-gru', true, createGru),
  cliModel('torch-gru', false, createTorchGru),
]);

export const modelNames = Object.keys(cliModels);

/** The model called `name`; refuses an unknown name, naming the models and `others` (those a command handles elsewhere). */
export function modelNamed(name: string | undefined, others: readonly string[] = []): CliModel {
  const names = [...modelNames, ...others].join(', ');
  if (name === undefined) throw new UsageError(`--model is required: one of ${names}`);
  const model = Object.hasOwn(cliModels, name) ? cliModels[name] : undefined;
  if (!model) throw new UsageError(`unknown model ${JSON.stringify(name)}; the models are ${names}`);
  return model;
}

/** A vocabulary with what the commands do with it. */
export interface Tokens {
  vocabulary: CheckpointVocabulary;
  /**
   * The ids of a text to start sampling from. A character outside the vocabulary is refused (a
   * character model has no token for it); a word outside it is read as <UNK> and listed in `unknown`.
   */
  encode(text: string): { ids: Int32Array; unknown: string[] };
  decode(ids: ArrayLike<number>): string;
  /** Where sampling starts without a prime: <SOS> for words; for characters a line break, else the first character. */
  start: number;
}

/** The vocabulary of `text` and the stream of ids a model trains on. */
export function tokenize(text: string, useWords: boolean, parity: boolean): { tokens: Tokens; stream: Int32Array } {
  if (!useWords) {
    const vocab = chars.buildVocab(text);
    return { tokens: charTokens(vocab), stream: chars.encode(vocab, text) };
  }
  if (parity) {
    const { vocab, tokens } = numpyWords(text);
    return { tokens: wordTokens(vocab), stream: tokens };
  }
  const vocab = words.buildVocab(text);
  return { tokens: wordTokens(vocab), stream: words.trainingStream(vocab, text) };
}

/** The vocabulary a checkpoint holds. */
export function tokensOf(vocabulary: CheckpointVocabulary): Tokens {
  const { tokens } = vocabulary;
  const index = new Map(tokens.map((token, i) => [token, i]));
  if (vocabulary.kind === 'chars') return charTokens({ chars: tokens, index, size: tokens.length });
  const specials = [words.SOS, words.EOS, words.UNK].map((id) => tokens[id]);
  if (specials.join() !== '<SOS>,<EOS>,<UNK>') {
    throw new Error(`a word vocabulary must start with <SOS>, <EOS>, <UNK>, got ${specials.join(', ')}`);
  }
  const notebookRule = vocabulary.notebookRule ?? false;
  // Counts describe the text a vocabulary was built from, which a checkpoint does not keep.
  return wordTokens({ words: tokens, index, size: tokens.length, counts: new Map(), minCount: 1, notebookRule });
}

function charTokens(vocab: chars.Vocab): Tokens {
  return {
    vocabulary: { kind: 'chars', tokens: [...vocab.chars] },
    encode: (text) => ({ ids: chars.encode(vocab, text), unknown: [] }),
    decode: (ids) => chars.decode(vocab, ids),
    start: vocab.index.get('\n') ?? 0,
  };
}

function wordTokens(vocab: words.WordVocab): Tokens {
  return {
    vocabulary: { kind: 'words', tokens: [...vocab.words], notebookRule: vocab.notebookRule },
    encode(text) {
      const { tokens, unknown } = words.encode(vocab, text);
      if (tokens.length === 0) throw new Error(`${JSON.stringify(text)} has no tokens`);
      // Our streams frame every sentence, so a prime starts one; the notebooks' stream has no frames.
      return { ids: vocab.notebookRule ? tokens : Int32Array.of(words.SOS, ...tokens), unknown };
    },
    decode: (ids) => words.decode(vocab, ids),
    start: words.SOS,
  };
}
