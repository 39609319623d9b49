/**
 * `seqmodels train`: lib/train's loop over a text file, with a progress bar on stderr (or, with
 * --jsonl, one JSON object per logged step on stdout) and the trained model saved as a checkpoint.
 */
import {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint, type CheckpointConfig, modelTensors,
} from '../../lib/models/checkpoint.ts';
import { limits } from '../../lib/train/limits.ts';
import { numpyParity } from '../../lib/train/parity.ts';
import { type ClipOptions, train } from '../../lib/train/train.ts';
import { UsageError, numberOption, parseOptions, stringOption } from './args.ts';
import { logEveryRange, runDefaults, runLogged, stepsRange } from './logged-run.ts';
import { pairModels } from '../workers/models.ts';
import { modelNamed, tokenize } from './models.ts';
import { trainPairsCommand } from './train-pairs.ts';
import { checkWritable, readText, writeText } from './text.ts';

const trainOptions = {
  model: { type: 'string' },
  data: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  hidden: { type: 'string' },
  embedding: { type: 'string' },
  'seq-len': { type: 'string' },
  lr: { type: 'string' },
  clip: { type: 'string' },
  parity: { type: 'string' },
  save: { type: 'string' },
  jsonl: { type: 'boolean' },
  'log-every': { type: 'string' },
  task: { type: 'string' },
  'teacher-forcing': { type: 'string' },
} as const;

/** The defaults are the NumPy notebooks' (H = D = 100, T = 25, Adam's lr 1e-3, seed 42). */
const DEFAULTS = { ...runDefaults, hidden: 100, embedding: 100, seqLen: 25, lr: 1e-3 };

export async function trainCommand(args: string[]): Promise<void> {
  const values = parseOptions('train', args, trainOptions);
  const name = stringOption(values, 'model');
  if (name !== undefined && Object.hasOwn(pairModels, name)) return trainPairsCommand(name, values);
  const entry = modelNamed(name, Object.keys(pairModels));
  for (const option of ['task', 'teacher-forcing']) {
    if (values[option] !== undefined) {
      throw new UsageError(`--${option} applies to the sequence-to-sequence models (${Object.keys(pairModels).join(', ')}), not to ${name}`);
    }
  }
  const data = stringOption(values, 'data');
  if (data === undefined) throw new UsageError('--data is required: the text file to train on');
  const steps = numberOption(values, 'steps', stepsRange, DEFAULTS.steps);
  const seed = numberOption(values, 'seed', 'seed', DEFAULTS.seed);
  const hidden = numberOption(values, 'hidden', 'hidden', DEFAULTS.hidden);
  const seqLen = numberOption(values, 'seq-len', 'seqLen', DEFAULTS.seqLen);
  const lr = numberOption(values, 'lr', 'lr', DEFAULTS.lr);
  const logEvery = numberOption(values, 'log-every', logEveryRange, DEFAULTS.logEvery);
  if (values.embedding !== undefined && !entry.words) {
    throw new UsageError(`--embedding applies to the word models, not to ${name}`);
  }
  const embedding = entry.words ? numberOption(values, 'embedding', 'embedding', DEFAULTS.embedding) : undefined;
  const parity = parityOption(stringOption(values, 'parity'), name!, entry.notebook);
  if (parity && values.clip !== undefined) {
    throw new UsageError('--clip cannot be combined with --parity numpy, which clamps each gradient component to ±5');
  }
  const clip: ClipOptions = parity ? numpyParity.train.clip : { mode: 'norm', max: numberOption(values, 'clip', 'clip', DEFAULTS.clip) };
  const save = stringOption(values, 'save');
  if (save !== undefined) checkWritable(save);

  const text = readText(data);
  const { tokens, stream } = tokenize(text, entry.words, parity);
  const model = entry.create({
    vocabSize: tokens.vocabulary.tokens.length, hidden, seed, maxSeqLen: seqLen, embedding,
    ...(parity ? numpyParity.model : {}),
  });
  // The command line samples from a saved model (sample), not during training: samples as rarely as allowed.
  const events = train(model, stream, {
    seqLen, lr, seed, clip, sampleEvery: limits.sampleEvery.max, ...(parity ? numpyParity.train : {}),
  });

  const last = await runLogged(events, { steps, logEvery, jsonl: values.jsonl === true, save });

  const config: CheckpointConfig = { hidden, seqLen, lr, seed, steps, clip, parity: parity ? 'numpy' : null };
  if (embedding !== undefined) config.embedding = embedding;
  if (save !== undefined) {
    const checkpoint: Checkpoint = {
      format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, model: name!, config,
      vocabulary: tokens.vocabulary, tensors: modelTensors(model),
    };
    writeText(save, JSON.stringify(checkpoint));
  }
  if (!values.jsonl && last) {
    const smoothed = parity ? `${last.smoothLoss.toFixed(4)} nats per window (the notebooks' sum)` : `${last.smoothLoss.toFixed(4)} nats per token`;
    process.stdout.write(
      `${name}: ${last.step} steps, loss ${last.loss.toFixed(4)} nats per token, smoothed ${smoothed}` +
        `${save === undefined ? '' : `; saved ${save}`}\n`,
    );
  }
}

/** true for `--parity numpy`, false without the option; refuses anything else, and a model no notebook trains. */
function parityOption(value: string | undefined, name: string, notebook: boolean): boolean {
  if (value === undefined) return false;
  if (value !== 'numpy') throw new UsageError(`--parity must be numpy (the NumPy notebooks' conventions), got ${JSON.stringify(value)}`);
  if (!notebook) throw new UsageError(`--parity numpy does not apply to ${name}: no NumPy notebook trains it`);
  return true;
}
