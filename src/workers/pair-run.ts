/**
 * A sequence-to-sequence model's run in the worker: a task's pairs (lib/train/train-pairs.ts), each
 * sample a line "source → answer", and the model's answer to the reader's source, given when asked
 * and again with every sample.
 */
import type { TrainEvent } from '../../lib/train/loop.ts';
import { trainPairs } from '../../lib/train/train-pairs.ts';
import type { FromWorker } from '../widgets/protocol.ts';
import { pairModels } from './models.ts';
import { isPairTaskName, pairData, pairModelOptions, pairTrainOptions, translate } from './pair-task.ts';
import type { Configure, Request, StartRun, WorkerRun } from './worker-run.ts';

export const start: StartRun = async (message: Configure, post) => {
  const create = await pairModels[message.model]();
  if (!isPairTaskName(message.task)) throw new Error(`"${message.model}" trains on a task, dates or next-sentence; got ${JSON.stringify(message.task)}`);
  const data = pairData(message.task, message.text);
  const model = create(pairModelOptions(data, message.settings));
  const events = trainPairs(model, data.pairs, pairTrainOptions(data, message.settings, message.sampleEvery));
  const { source, target } = model.embeddings;
  post({
    type: 'ready', vocabSize: model.sourceVocabSize, tokens: data.pairs.reduce((n, p) => n + p.target.length, 0),
    parameters: model.params.flat.length + source.table.data.length + target.table.data.length,
    pairs: { count: data.pairs.length, targetVocabSize: model.targetVocabSize },
  });
  /** The reader's last source, answered again at every sample. */
  let request: Extract<Request, { type: 'translate' }> | undefined;
  /** The step the model has reached, which an answer is dated by. */
  let step = 0;
  const answer = (): FromWorker => {
    const { source: text, decode, width } = request!;
    return { type: 'translation', step, request: text, ...translate(model, data, text, { decode, width }) };
  };
  return {
    events, maxSteps: message.maxSteps, started: false,
    stepped: (e: TrainEvent) => {
      step = e.step;
      if (!e.sample) return null;
      const messages: FromWorker[] = [{ type: 'sample', step: e.step, text: `${data.sourceText(e.sampleSource!)} → ${data.targetText(e.sample)}` }];
      if (request) messages.push(answer());
      return messages;
    },
    ask: (r) => {
      if (r.type !== 'translate') return null;
      request = r;
      return answer();
    },
  } satisfies WorkerRun;
};
