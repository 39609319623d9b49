/**
 * The models a widget can train, by the name chapters use in `<TrainWidget model="…">`. Each entry
 * loads its module on demand, so the worker fetches only the model it trains. A new chapter adds
 * one line.
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
}

export type CreateModel = (options: ModelOptions) => SequenceModel;

export const models: Record<string, () => Promise<CreateModel>> = {
  rnn: () => import('../../lib/models/rnn.ts').then((m) => m.createRnn),
  lstm: () => import('../../lib/models/lstm.ts').then((m) => m.createLstm),
  gru: () => import('../../lib/models/gru.ts').then((m) => m.createGru),
};
