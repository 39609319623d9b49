/**
 * `seqmodels gradcheck`: each model's backward pass against central differences (lib/core/gradcheck.ts),
 * printed as the largest relative error per tensor: a language model on one small window from a nonzero
 * carried state, a sequence-to-sequence model on one small pair. Embedding tables (a word model's E, a
 * pair model's E_x and E_y) are checked too, through their gradients scattered to dense arrays.
 */
import { gradCheck, tableGradCheck } from '../../lib/core/gradcheck.ts';
import { type Params, allocParams } from '../../lib/core/params.ts';
import { RandomState } from '../../lib/core/random.ts';
import { createBahdanau } from '../../lib/models/seq2seq/bahdanau.ts';
import { createEncoderDecoder } from '../../lib/models/seq2seq/encoder-decoder.ts';
import { createLuong } from '../../lib/models/seq2seq/luong.ts';
import type { PairModel, PairModelOptions } from '../../lib/models/seq2seq/pair-model.ts';
import { UsageError, parseOptions, stringOption } from './args.ts';
import { modelNamed, modelNames } from './models.ts';

const gradcheckOptions = { model: { type: 'string' } } as const;

/** Above this the check fails (the unit tests hold every model to it). */
const TOLERANCE = 1e-6;
const V = 7, H = 5, D = 4, T = 6;
/** Tokens 3 and 5 repeat, so that rows of a table sum two gradients; token 6 never occurs. */
const inputs = Int32Array.of(3, 1, 5, 3, 0, 5);
const targets = Int32Array.of(1, 5, 3, 0, 5, 2);
/** A pair for the sequence-to-sequence models, tokens repeating on both sides; target 2 is <EOS>. */
const source = Int32Array.of(3, 5, 3, 6, 4), target = Int32Array.of(4, 5, 4, 3, 2);

/** The sequence-to-sequence models of Phase 3, each with its paper's options. */
const pairModels: Record<string, (options: PairModelOptions) => PairModel> = {
  'encoder-decoder': createEncoderDecoder,
  bahdanau: createBahdanau,
  luong: createLuong,
};
const allNames = [...modelNames, ...Object.keys(pairModels)];

export function gradcheckCommand(args: string[]): void {
  const values = parseOptions('gradcheck', args, gradcheckOptions);
  const which = stringOption(values, 'model') ?? 'all';
  const names = which === 'all' ? allNames : [which];
  if (!allNames.includes(which) && which !== 'all') {
    throw new UsageError(`unknown model ${JSON.stringify(which)}; the models are ${allNames.join(', ')}`);
  }
  const rows: [string, string, number][] = [];
  for (const name of names) {
    const errors = Object.hasOwn(pairModels, name) ? checkPair(pairModels[name]) : check(name);
    for (const [tensorName, error] of Object.entries(errors)) rows.push([name, tensorName, error]);
  }
  const width = Math.max(...rows.map(([name]) => name.length), 'model'.length) + 2;
  const tensorWidth = Math.max(...rows.map(([, tensorName]) => tensorName.length), 'tensor'.length) + 2;
  const lines = [`${'model'.padEnd(width)}${'tensor'.padEnd(tensorWidth)}max relative error`];
  for (const [name, tensorName, error] of rows) {
    lines.push(`${name.padEnd(width)}${tensorName.padEnd(tensorWidth)}${error.toExponential(2)}${error < TOLERANCE ? '' : '  FAIL'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const failed = rows.filter(([, , error]) => !(error < TOLERANCE));
  if (failed.length > 0) {
    throw new Error(`gradient check failed (max relative error ≥ ${TOLERANCE.toExponential(0)}) for ${failed.map(([m, t]) => `${m} ${t}`).join(', ')}`);
  }
}

/** Max relative error per tensor of the model called `name`: E first for a word model, then its parameters. */
function check(name: string): Record<string, number> {
  const entry = modelNamed(name);
  const model = entry.create({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T, embedding: entry.words ? D : undefined });
  const start = new RandomState(8).fillNormal(new Float64Array(model.state.length), 0.5);
  const loss = () => {
    model.state.set(start);
    return model.lossAndGrads(inputs, targets, T);
  };
  loss();
  const analytic = copyOf(model.grads);
  const errors: Record<string, number> = {};
  if (model.embedding) errors.E = tableGradCheck(model.embedding.table, model.embedding.grad, loss);
  return { ...errors, ...gradCheck(model.params, analytic, loss) };
}

/** Max relative error per tensor of a pair model: its two tables E_x and E_y, then its parameters. */
function checkPair(create: (options: PairModelOptions) => PairModel): Record<string, number> {
  const model = create({ sourceVocabSize: V, targetVocabSize: 6, hidden: H, embedding: D, seed: 3, initScale: 0.5, maxSourceLen: 8, maxTargetLen: 8 });
  const loss = () => model.lossAndGrads(source, target);
  loss();
  const analytic = copyOf(model.grads);
  return {
    E_x: tableGradCheck(model.embeddings.source.table, model.embeddings.source.grad, loss),
    E_y: tableGradCheck(model.embeddings.target.table, model.embeddings.target.grad, loss),
    ...gradCheck(model.params, analytic, loss),
  };
}

function copyOf<K extends string>(params: Params<K>): Params<K> {
  const copy = allocParams(Object.fromEntries(params.names.map((k) => [k, params.tensors[k].shape])) as Record<K, readonly number[]>);
  copy.flat.set(params.flat);
  return copy;
}
