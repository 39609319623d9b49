/**
 * Training a language model: whole-text truncated-BPTT windows, read in order, the state carried from
 * one window to the next, as a task of the one loop (loop.ts). Options follow the NumPy notebooks
 * instead where we differ (lib/train/parity.ts lists them).
 */
import { type WindowRule, windows } from '../data/windows.ts';
import type { SequenceModel } from '../models/model.ts';
import { type ClipOptions, type LoopOptions, type Task, type TrainControl, type TrainEvent, loop } from './loop.ts';
import { assertSetting } from './limits.ts';

export type { ClipOptions, TrainControl, TrainEvent };

export interface TrainOptions extends Omit<LoopOptions, 'windowLength'> {
  /** T: time steps per window (BPTT truncation length). */
  seqLen: number;
  /** Tokens per sample (default 200). */
  sampleLength?: number;
  /** How the text is cut into windows (lib/data/windows.ts): 'cover' (default) or the notebooks' 'min-char-rnn'. */
  windowRule?: WindowRule;
}

export function* train(
  model: SequenceModel,
  tokens: Int32Array,
  options: TrainOptions,
): Generator<TrainEvent, void, TrainControl | undefined> {
  const { seqLen, sampleLength = 200, windowRule = 'cover' } = options;
  assertSetting('seqLen', seqLen);
  assertSetting('sampleLength', sampleLength);
  const onePass = windows(tokens, seqLen, windowRule);
  const task: Task = {
    vocabSize: model.vocabSize,
    length: onePass.length,
    params: model.params.flat,
    grads: model.grads.flat,
    tables: model.embedding ? [model.embedding] : [],
    // Each pass reads the text from its beginning, so from a blank state.
    startPass: () => model.state.fill(0),
    lossAndGrads: (k) => model.lossAndGrads(onePass[k].inputs, onePass[k].targets, onePass[k].length),
    tokensOf: (k) => onePass[k].length,
    // Continue the text from where window k ended: the state after its last input, fed its last target.
    sample: (k, rng, temperature) => {
      const w = onePass[k];
      return { tokens: model.sample(rng, w.targets[w.length - 1], temperature, new Int32Array(sampleLength), model.state) };
    },
  };
  return yield* loop(task, { ...options, windowLength: seqLen });
}
