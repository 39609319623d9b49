/**
 * `seqmodels train` for a sequence-to-sequence model (encoder-decoder, bahdanau, luong): lib/train's
 * loop over a task's pairs, built as the page builds them (src/workers/pair-task.ts), logged as a
 * language model's run is, and ended with how many of the task's probes the model answers exactly.
 */
import { greedy } from '../../lib/models/seq2seq/decode.ts';
import { limits } from '../../lib/train/limits.ts';
import { trainPairs } from '../../lib/train/train-pairs.ts';
import { pairData, pairModelOptions, pairTrainOptions } from '../workers/pair-task.ts';
import { pairModels } from '../workers/models.ts';
import { isPairTaskName, pairTaskNames, pairTasks } from '../widgets/tasks.ts';
import { UsageError, type Values, numberOption, stringOption } from './args.ts';
import { readText } from './text.ts';
import { logEveryRange, runDefaults, runLogged, stepsRange } from './logged-run.ts';

export async function trainPairsCommand(name: string, values: Values): Promise<void> {
  for (const option of ['seq-len', 'parity', 'save']) {
    if (values[option] !== undefined) throw new UsageError(`--${option} applies to the language models, not to ${name}`);
  }
  const task = stringOption(values, 'task');
  if (!isPairTaskName(task)) {
    throw new UsageError(`${task === undefined ? `--task is required for ${name}` : `unknown task ${JSON.stringify(task)}`}: one of ${pairTaskNames.join(', ')}`);
  }
  const file = stringOption(values, 'data');
  if (task === 'dates' && file !== undefined) throw new UsageError('--data does not apply to the dates task, which draws its own dates');
  if (task === 'next-sentence' && file === undefined) throw new UsageError('--data is required for the next-sentence task: the stories to read, e.g. data/fables.txt');
  const settings = {
    seed: numberOption(values, 'seed', 'seed', runDefaults.seed),
    hidden: numberOption(values, 'hidden', 'hidden', pairTasks[task].hidden),
    embedding: numberOption(values, 'embedding', 'embedding', pairTasks[task].embedding),
    lr: numberOption(values, 'lr', 'lr', pairTasks[task].lr),
    clip: { mode: 'norm' as const, max: numberOption(values, 'clip', 'clip', runDefaults.clip) },
    teacherForcing: numberOption(values, 'teacher-forcing', 'teacherForcing', 1),
  };
  const steps = numberOption(values, 'steps', stepsRange, runDefaults.steps);
  const logEvery = numberOption(values, 'log-every', logEveryRange, runDefaults.logEvery);

  const data = pairData(task, file === undefined ? '' : readText(file));
  const model = (await pairModels[name]())(pairModelOptions(data, settings));
  // As for a language model, the command line does not sample during training: as rarely as allowed.
  const events = trainPairs(model, data.pairs, pairTrainOptions(data, settings, limits.sampleEvery.max));
  const last = await runLogged(events, { steps, logEvery, jsonl: values.jsonl === true });
  if (values.jsonl || !last) return;

  // An answer is right when it is the target word for word, up to the model's <EOS>.
  const right = data.probes.filter((p) => {
    const answer = data.targetText(greedy(model, p.source, model.maxTargetLen).tokens);
    return answer === data.targetText(p.target);
  }).length;
  const probes = task === 'dates' ? 'held-out dates' : 'pairs it trained on';
  process.stdout.write(
    `${name} on ${task}: ${last.step} steps, loss ${last.loss.toFixed(4)} nats per token, smoothed ${last.smoothLoss.toFixed(4)}; ` +
      `${right} of ${data.probes.length} ${probes} answered exactly (greedy)\n`,
  );
}
