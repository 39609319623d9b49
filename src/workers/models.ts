/**
 * The models a widget can train, by the name chapters use in `<TrainWidget model="…">`. Each entry
 * loads its module on demand, so the worker fetches only the model it trains. A new chapter adds
 * one line. A word model is a Phase 1 model read through an embedding (lib/models/input.ts): the
 * same file, given `embedding`.
 */
import type { SequenceModel } from '../../lib/models/model.ts';

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

/** What a model reads the text as: characters (one-hot) or words (an embedding). */
export type Unit = 'char' | 'word';

const wordModels: ReadonlySet<string> = new Set(['word-rnn', 'word-lstm', 'word-gru', 'torch-gru']);

export const unitOf = (model: string): Unit => (wordModels.has(model) ? 'word' : 'char');
