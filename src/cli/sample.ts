/**
 * `seqmodels sample`: text from a saved model, continuing --prime if given, at a softmax temperature,
 * optionally among the k most probable tokens only.
 */
import { type Checkpoint, parseCheckpoint, setModelTensors } from '../../lib/models/checkpoint.ts';
import type { SequenceModel } from '../../lib/models/model.ts';
import { RandomState } from '../../lib/core/random.ts';
import { TopKRandomState } from '../../lib/core/top-k.ts';
import { UsageError, numberOption, parseOptions, stringOption } from './args.ts';
import { type Tokens, modelNamed, tokensOf } from './models.ts';
import { readJson } from './text.ts';

const sampleOptions = {
  load: { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  length: { type: 'string' },
  prime: { type: 'string' },
  seed: { type: 'string' },
} as const;

const DEFAULTS = { temperature: 1, length: 200, seed: 42 };

export function sampleCommand(args: string[]): void {
  const values = parseOptions('sample', args, sampleOptions);
  const path = stringOption(values, 'load');
  if (path === undefined) throw new UsageError('--load is required: a checkpoint saved by train --save');
  const temperature = numberOption(values, 'temperature', 'temperature', DEFAULTS.temperature);
  const length = numberOption(values, 'length', 'sampleLength', DEFAULTS.length);
  const seed = numberOption(values, 'seed', 'seed', DEFAULTS.seed);
  const prime = stringOption(values, 'prime');
  if (prime === '') throw new UsageError('--prime must not be empty: give the text to continue, or leave the option out');

  const { checkpoint, model, tokens } = loadModel(path);
  const V = model.vocabSize;
  const topK = numberOption(values, 'top-k', { label: 'top-k', min: 1, max: V, integer: true }, V);
  let ids: Int32Array;
  try {
    const encoded = prime === undefined ? { ids: Int32Array.of(tokens.start), unknown: [] } : tokens.encode(prime);
    ids = encoded.ids;
    if (encoded.unknown.length > 0) {
      process.stderr.write(`seqmodels: not in the vocabulary, read as <UNK>: ${encoded.unknown.map((w) => JSON.stringify(w)).join(', ')}\n`);
    }
  } catch (error) {
    throw new UsageError(`--prime: ${(error as Error).message}`);
  }
  const out = new Int32Array(length);
  readInto(model, ids, checkpoint.config.seqLen);
  model.sample(topK < V ? new TopKRandomState(seed, topK) : new RandomState(seed), ids[ids.length - 1], temperature, out, model.state);
  const shown = prime === undefined ? out : Int32Array.from([...ids, ...out]);
  process.stdout.write(`${tokens.decode(shown)}\n`);
}

/** The model and vocabulary saved at `path`. */
function loadModel(path: string): { checkpoint: Checkpoint; model: SequenceModel; tokens: Tokens } {
  const json = readJson(path); // its messages name the file
  try {
    return modelFrom(parseCheckpoint(json));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

function modelFrom(checkpoint: Checkpoint): { checkpoint: Checkpoint; model: SequenceModel; tokens: Tokens } {
  const { config, vocabulary } = checkpoint;
  const entry = modelNamed(checkpoint.model);
  if (entry.words !== (vocabulary.kind === 'words')) {
    throw new Error(`model ${checkpoint.model} needs a vocabulary of ${entry.words ? 'words' : 'chars'}, got ${vocabulary.kind}`);
  }
  if (entry.words !== (config.embedding !== undefined)) {
    throw new Error(`config.embedding must be ${entry.words ? 'given' : 'absent'} for ${checkpoint.model}`);
  }
  const tokens = tokensOf(vocabulary);
  const model = entry.create({
    vocabSize: vocabulary.tokens.length, hidden: config.hidden, seed: config.seed, maxSeqLen: config.seqLen,
    embedding: config.embedding,
  });
  setModelTensors(model, checkpoint.tensors);
  return { checkpoint, model, tokens };
}

/**
 * Run the model over ids[0..n−2] from a zero state, leaving in model.state the state that the last
 * id, the first input of sampling, continues from. lossAndGrads carries the state from one call to
 * the next, so a prime longer than T, the model's longest window, is read a window at a time.
 */
function readInto(model: SequenceModel, ids: Int32Array, T: number): void {
  model.state.fill(0);
  const n = ids.length;
  for (let start = 0; start < n - 1; start += T) {
    const len = Math.min(T, n - 1 - start);
    model.lossAndGrads(ids.subarray(start, start + len), ids.subarray(start + 1, start + len + 1), len);
  }
}
