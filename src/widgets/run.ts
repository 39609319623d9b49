/** One model's run in a widget: its worker and everything the worker has reported. */
import { TrainSession } from './controller.ts';
import { LossSeries } from './loss-series.ts';
import type { FromWorker, Measures, Readout } from './protocol.ts';
import type { State } from './readouts.ts';
import type { Sample } from './samples.ts';

export class Run {
  /** A key of the worker's model registry. */
  readonly model: string;
  readonly session: TrainSession;
  readonly series = new LossSeries();
  state: State = 'idle';
  /** Started, but the worker not yet told: a language model trains once its first measures are drawn. */
  held = false;
  /** The worker's message when the state is diverged or error. */
  detail = '';
  latest: Readout | null = null;
  samples: Sample[] = [];
  /** The size of the text, vocabulary and model, once the worker is ready. */
  info = '';
  /** Measures at step 0 and the latest ones. */
  first: Measures | null = null;
  last: Measures | null = null;
  /** A word model's vocabulary, in token order. */
  words: string[] = [];
  /** The latest answer to the reader's question about a word. */
  neighbours: Extract<FromWorker, { type: 'neighbours' }> | null = null;
  /** A sequence-to-sequence model's latest answer to the reader's source. */
  translation: Extract<FromWorker, { type: 'translation' }> | null = null;

  constructor(model: string, onMessage: (run: Run, message: FromWorker) => void) {
    this.model = model;
    this.session = new TrainSession((message) => onMessage(this, message));
  }
}

/** How the widget names and colours each model (colours are Starlight's CSS variables). */
export const modelStyles: Record<string, { label: string; color: string }> = {
  rnn: { label: 'RNN', color: '--sl-color-blue' },
  lstm: { label: 'LSTM', color: '--sl-color-orange' },
  gru: { label: 'GRU', color: '--sl-color-green' },
  'word-rnn': { label: 'Word RNN', color: '--sl-color-blue' },
  'word-lstm': { label: 'Word LSTM', color: '--sl-color-orange' },
  'word-gru': { label: "Cho's GRU", color: '--sl-color-green' },
  'torch-gru': { label: "PyTorch's GRU", color: '--sl-color-purple' },
  'encoder-decoder': { label: 'Encoder–decoder', color: '--sl-color-blue' },
  bahdanau: { label: 'Bahdanau', color: '--sl-color-orange' },
  luong: { label: 'Luong', color: '--sl-color-green' },
};

export const modelLabel = (model: string) => modelStyles[model]?.label ?? model;
export const modelColor = (model: string) => modelStyles[model]?.color ?? '--sl-color-accent';
