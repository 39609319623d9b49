// The same seed and settings give bit-identical losses in the page's worker and in Node: the
// widget's first 100 steps of each model against lib/train run here, on the same text, from the
// settings the widget's form sends. They can agree because lib computes exp, log and tanh itself
// (lib/core/libm.ts): Math.exp and friends differ in the last bit between Node's V8 and Chromium's.
import { readFileSync } from 'node:fs';
import { assert, hydrate, root, test, waitForStep } from './harness.mjs';

const STEPS = 100;
const lib = (file) => import(new URL(file, `file://${root}`).href);
const { train } = await lib('lib/train/train.ts');
const { trainPairs } = await lib('lib/train/train-pairs.ts');
const { models, pairModels, unitOf } = await lib('src/workers/models.ts');
const { pairData, pairModelOptions, pairTrainOptions } = await lib('src/workers/pair-task.ts');
const { pairTasks } = await lib('src/widgets/tasks.ts');
const { tokenise } = await lib('src/workers/tokens.ts');
const { parseSettings } = await lib('src/widgets/settings.ts');

/** The settings, text and sample interval that the widget's worker is configured with, as the form holds them. */
export async function widgetSettings(widget) {
  const form = await widget.evaluate((w) => ({
    values: Object.fromEntries([...w.querySelectorAll('form [name]')].map((f) => [f.name, f.value])),
    sampleEvery: Number(w.dataset.sampleEvery),
  }));
  const parsed = parseSettings(form.values);
  assert(parsed.ok, `the widget's defaults do not parse: ${JSON.stringify(parsed.errors)}`);
  // A sequence-to-sequence widget has a task, whose pairs may come from a text, where a language model has a corpus.
  const { task } = form.values;
  const corpus = task ? pairTasks[task].corpus : form.values.corpus;
  const text = corpus ? readFileSync(new URL(`data/${corpus}.txt`, `file://${root}`), 'utf8') : '';
  return { settings: parsed.settings, text, task, sampleEvery: form.sampleEvery };
}

/** A training run as the worker sets it up (src/workers/train.worker.ts, configure), in Node. */
export async function nodeRun(modelName, { settings, text, task, sampleEvery }) {
  const unit = unitOf(modelName);
  if (unit === 'pair') {
    const data = pairData(task, text);
    const model = (await pairModels[modelName]())(pairModelOptions(data, settings));
    return trainPairs(model, data.pairs, pairTrainOptions(data, settings, sampleEvery));
  }
  const tokens = tokenise(unit, text);
  const { hidden, seqLen, lr, clip, temperature, seed, recurrentGain, embedding, topK } = settings;
  const recurrentScale = recurrentGain === null ? undefined : recurrentGain / Math.sqrt(hidden);
  const create = await models[modelName]();
  const model = create({ vocabSize: tokens.size, hidden, seed, maxSeqLen: seqLen, recurrentScale, embedding: unit === 'word' ? embedding : undefined });
  return train(model, tokens.stream, { seqLen, lr, seed, clip, temperature, topK, sampleEvery });
}

/** A page per unit, and the models its selector offers. */
const runs = [
  ['/phase-1/rnn/', ['rnn', 'lstm', 'gru']],
  ['/phase-2/torch-gru/', ['word-rnn', 'word-lstm', 'word-gru', 'torch-gru']],
  ['/phase-3/bahdanau/', ['encoder-decoder', 'bahdanau', 'luong']],
];

export async function determinismChecks({ context, base }) {
  for (const [path, names] of runs) {
    const page = await context.newPage();
    await page.goto(base + path);
    const widget = await hydrate(page);
    const setup = await widgetSettings(widget);
    for (const [index, name] of names.entries()) {
      await test(`${name}: the worker's first ${STEPS} losses are bit-identical to lib/train's in Node, for the same seed and settings`, async () => {
        await widget.getByLabel('Model', { exact: true }).selectOption(name);
        await widget.getByRole('button', { name: 'Start' }).click();
        await waitForStep(page, STEPS);
        await widget.getByRole('button', { name: 'Pause' }).click();
        const run = await page.evaluate((i) => window.__workers.list[i], index);
        assert(run.losses.length >= STEPS && run.breaks.length === 0, `the worker reported ${run.losses.length} losses, breaks ${run.breaks.join(', ')}`);
        const events = await nodeRun(name, setup);
        const differ = [];
        for (let k = 0; k < STEPS; k++) {
          const node = events.next().value.loss;
          if (node !== run.losses[k]) differ.push(`step ${k + 1}: worker ${run.losses[k]}, Node ${node}`);
        }
        assert(differ.length === 0, `${differ.length} of ${STEPS} steps differ; the first at ${differ[0]}`);
        return `step 1 ${run.losses[0]}, step ${STEPS} ${run.losses[STEPS - 1]}`;
      });
    }
    await widget.getByRole('button', { name: 'Reset' }).click();
    await page.close();
  }
}
