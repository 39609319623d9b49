/**
 * Messages between a training widget (page) and its worker. One worker trains one model; the
 * page terminates it to reset or to restart with other settings, so there is no "reset" message.
 *
 *   page → worker:  configure (once, first) · start · pause · step · temperature · neighbours ·
 *                   translate (sequence-to-sequence models)
 *   worker → page:  ready (after configure) · measures (language models: at step 0, then with
 *                   every sample) · progress (one batch per time slice) · sample · neighbours
 *                   (after a request, and with every measure once a word has been asked for) ·
 *                   translation (after a request, and with every sample once a source has been given) ·
 *                   then at most one of diverged / error / done, after which the worker is idle.
 */
import type { ClipOptions } from '../../lib/train/train.ts';
import type { DecodeChoice, Translation } from '../workers/pair-task.ts';
import type { PairTaskName } from './tasks.ts';

/** What the reader chooses in the form; every number is checked against lib/train/limits.ts first. */
export interface Settings {
  /** H, the size of the hidden state. */
  hidden: number;
  /** T, time steps per truncated-BPTT window (language models only). */
  seqLen?: number;
  lr: number;
  clip: ClipOptions;
  /** Softmax temperature of the samples (language models only). */
  temperature?: number;
  /** Seeds the initial weights and the sampling generator. */
  seed: number;
  /**
   * Spread of the initial recurrent weights as a multiple of 1/√H, for the vanishing-gradient study;
   * null: randn · 0.01, like the other weights.
   */
  recurrentGain: number | null;
  /** D, the size of a word's vector (word models only). */
  embedding?: number;
  /** Samples draw among the k most probable tokens (0: all); word models only. */
  topK?: number;
  /** Probability of feeding the decoder the true token in training (sequence-to-sequence models only). */
  teacherForcing?: number;
}

export type ToWorker =
  | {
      type: 'configure';
      /** A key of the worker's model registry (src/workers/models.ts), e.g. "rnn". */
      model: string;
      /** The training text; its distinct characters become the vocabulary. A pair model's task reads it if it needs a text. */
      text: string;
      /** What a sequence-to-sequence model learns; absent for a language model. */
      task?: PairTaskName;
      settings: Settings;
      /** The run stops with `done` after this many steps. */
      maxSteps: number;
      /** A sample every this many steps. */
      sampleEvery: number;
    }
  /** Train until paused, done, diverged or failed. */
  | { type: 'start' }
  /** Stop after the current time slice; `start` continues from there. */
  | { type: 'pause' }
  /** Take exactly one step (while not training). */
  | { type: 'step' }
  /** Draw the samples from now on at this softmax temperature (the one setting that may change mid-run). */
  | { type: 'temperature'; value: number }
  /** The words nearest this one in the embedding, now and at every measure from now on. */
  | { type: 'neighbours'; word: string }
  /** A sequence-to-sequence model's answer to this source, now and at every sample from now on. */
  | ({ type: 'translate'; source: string } & DecodeChoice);

/** The latest numbers of a batch, for the readouts. */
export interface Readout {
  step: number;
  pass: number;
  /** Nats per token (character or word), this step's window. */
  loss: number;
  smoothLoss: number;
  gradNorm: number;
  stepsPerSecond: number;
}

export type FromWorker =
  | {
      type: 'ready';
      vocabSize: number;
      tokens: number;
      parameters: number;
      /** A word model's vocabulary, in token order (for the embedding view); absent for characters. */
      words?: string[];
      /** A sequence-to-sequence model's pairs and its target vocabulary (vocabSize is the source's). */
      pairs?: { count: number; targetVocabSize: number };
    }
  | ({ type: 'translation'; step: number; request: string } & Translation)
  | { type: 'neighbours'; word: string; step: number; neighbours: { word: string; similarity: number }[] }
  /** Every step taken in one time slice (parallel arrays, for the chart) and the last one's readout. */
  | { type: 'progress'; steps: number[]; losses: number[]; smoothLosses: number[]; latest: Readout }
  | { type: 'sample'; step: number; text: string }
  | ({ type: 'measures' } & Measures)
  /** The loss or the gradient stopped being finite; the message says which and what to try. */
  | { type: 'diverged'; step: number; message: string }
  | { type: 'error'; message: string }
  /** `maxSteps` reached. */
  | { type: 'done'; step: number };

/** What the widget shows about the model's insides at one step. */
export interface Measures {
  step: number;
  /** ‖∂L_T/∂h_t‖ for t = 1..T over the text's first window: the loss of its last step alone. */
  flow: number[];
  /** Largest singular value of the weights that multiply h_{t−1}. */
  sigmaMax: number;
  /** The first characters of the text, one per column of the heatmap. */
  labels: string[];
  /** Each gate (or state) by the chapter's symbol: values[t][unit] at the step that reads labels[t]. */
  gates: { name: string; values: Float64Array[] }[];
  /** A word model's embedding table projected onto its first two principal components. */
  embedding?: EmbeddingMap;
}

export interface EmbeddingMap {
  /** x, y of token v at points[2v], points[2v + 1]; the special tokens are left out (NaN). */
  points: Float64Array;
  /** Fraction of the table's variance along each axis. */
  explained: [number, number];
  /** Token ids of the most frequent words, which the picture labels. */
  labelled: number[];
}
