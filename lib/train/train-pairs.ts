/**
 * Training a sequence-to-sequence model, as a task of the one loop (loop.ts): one pair per step, in
 * the order given, as the NumPy original does (the dates of lib/data/dates.ts are drawn in random order
 * already), the decoder fed the true token or its own as the teacher-forcing ratio says (pair-model.ts). Every `sampleEvery` steps the model answers one of
 * `probes` greedily, in turn: pairs held out of training, so that the reader sees what it makes of a
 * source it has not learned.
 */
import { RandomState } from '../core/random.ts';
import type { Pair } from '../data/pairs.ts';
import { greedy } from '../models/seq2seq/decode.ts';
import type { PairModel, TeacherForcing } from '../models/seq2seq/pair-model.ts';
import { assertSetting } from './limits.ts';
import { type LoopOptions, type Task, type TrainControl, type TrainEvent, loop } from './loop.ts';

export interface TrainPairsOptions extends Omit<LoopOptions, 'smoothing' | 'windowLength' | 'topK'> {
  /** Probability of feeding the true token at steps t ≥ 2 (default 1). */
  teacherForcing?: number;
  /** Sources answered in the samples, in turn (default: the training pairs). */
  probes?: readonly Pair[];
}

export function* trainPairs(
  model: PairModel,
  pairs: readonly Pair[],
  options: TrainPairsOptions,
): Generator<TrainEvent, void, TrainControl | undefined> {
  const { seed, teacherForcing = 1, probes = pairs } = options;
  if (pairs.length === 0) throw new Error('there are no pairs to train on');
  if (probes.length === 0) throw new Error('probes must hold at least one pair');
  assertSetting('teacherForcing', teacherForcing);
  const check = (p: Pair, what: string) => {
    if (p.source.length > model.maxSourceLen || p.target.length > model.maxTargetLen) {
      throw new Error(
        `${what} has a source of ${p.source.length} and a target of ${p.target.length} tokens; ` +
        `the model takes at most ${model.maxSourceLen} and ${model.maxTargetLen}`,
      );
    }
  };
  pairs.forEach((p, i) => check(p, `pair ${i}`));
  probes.forEach((p, i) => check(p, `probe ${i}`));
  // The coins of teacher forcing: a stream of their own, so that the samples (drawn in the loop) do not change them.
  const forcing: TeacherForcing | undefined = teacherForcing < 1 ? { ratio: teacherForcing, rng: new RandomState(seed) } : undefined;
  let sampled = 0;
  const task: Task = {
    vocabSize: model.targetVocabSize,
    length: pairs.length,
    params: model.params.flat,
    grads: model.grads.flat,
    tables: [model.embeddings.source, model.embeddings.target],
    startPass: () => {},
    lossAndGrads: (k) => model.lossAndGrads(pairs[k].source, pairs[k].target, forcing),
    tokensOf: (k) => pairs[k].target.length,
    sample: () => {
      const { source, target } = probes[sampled++ % probes.length];
      // Room for the right answer and a few tokens more, so that a model that runs on is seen to.
      const maxLen = Math.min(model.maxTargetLen, target.length + 5);
      return { tokens: greedy(model, source, maxLen).tokens, source };
    },
  };
  return yield* loop(task, options);
}
