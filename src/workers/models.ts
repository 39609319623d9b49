/**
 * The models a widget can train, by the name chapters use in `<TrainWidget model="…">`. Each entry
 * loads its module on demand, so the worker fetches only the model it trains. A new chapter adds
 * one line. A word model is a Phase 1 model read through an embedding (lib/models/input.ts): the
 * same file, given `embedding`.
 */
import type { SequenceModel } from '../../lib/models/model.ts';
import type { PairModel, PairModelOptions } from '../../lib/models/seq2seq/pair-model.ts';

export interface ModelOptions {
  vocabSize: number;
  hidden: number;
  seed: number;
  /** The longest window the model will be given (the run's sequence length). */
  maxSeqLen: number;
  /** Standard deviation of the initial recurrent weights, if not that of the others. */
  recurrentScale?: number;
  /** D, the size of a word's vector: word models only. */
  embedding?: number;
}

export type CreateModel = (options: ModelOptions) => SequenceModel;

export const models: Record<string, () => Promise<CreateModel>> = {
  rnn: () => import('../../lib/models/rnn.ts').then((m) => m.createRnn),
  lstm: () => import('../../lib/models/lstm.ts').then((m) => m.createLstm),
  gru: () => import('../../lib/models/gru.ts').then((m) => m.createGru),
  'word-rnn': () => import('../../lib/models/rnn.ts').then((m) => m.createRnn),
  'word-lstm': () => import('../../lib/models/lstm.ts').then((m) => m.createLstm),
  'word-gru': () => import('../../lib/models/gru.ts').then((m) => m.createGru),
  'torch-gru': () => import('../../lib/models/torch-gru.ts').then((m) => m.createTorchGru),
};

export type CreatePairModel = (options: PairModelOptions) => PairModel;

/** The sequence-to-sequence models (Phase 3): they train on pairs, a source to read and a target to write. */
export const pairModels: Record<string, () => Promise<CreatePairModel>> = {
  'encoder-decoder': () => import('../../lib/models/seq2seq/encoder-decoder.ts').then((m) => m.createEncoderDecoder),
  bahdanau: () => import('../../lib/models/seq2seq/bahdanau.ts').then((m) => m.createBahdanau),
  luong: () => import('../../lib/models/seq2seq/luong.ts').then((m) => m.createLuong),
};

/** What a model reads: a text as characters (one-hot) or words (an embedding), or pairs of word sequences. */
export type Unit = 'char' | 'word' | 'pair';

const wordModels: ReadonlySet<string> = new Set(['word-rnn', 'word-lstm', 'word-gru', 'torch-gru']);

export const unitOf = (model: string): Unit => (Object.hasOwn(pairModels, model) ? 'pair' : wordModels.has(model) ? 'word' : 'char');
