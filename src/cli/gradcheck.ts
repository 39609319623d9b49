/**
 * `seqmodels gradcheck`: each model's backward pass against central differences (lib/core/gradcheck.ts),
 * on one small window from a nonzero carried state, printed as the largest relative error per tensor.
 * A word model's embedding table E is checked too, through its gradient scattered to a dense array.
 */
import { scatter } from '../../lib/core/embedding.ts';
import { gradCheck } from '../../lib/core/gradcheck.ts';
import { type Params, allocParams } from '../../lib/core/params.ts';
import { RandomState } from '../../lib/core/random.ts';
import { tensor } from '../../lib/core/tensor.ts';
import type { SequenceModel } from '../../lib/models/model.ts';
import { parseOptions, stringOption } from './args.ts';
import { modelNamed, modelNames } from './models.ts';

const gradcheckOptions = { model: { type: 'string' } } as const;

/** Above this the check fails (the unit tests hold every model to it). */
const TOLERANCE = 1e-6;
const V = 7, H = 5, D = 4, T = 6;
/** Tokens 3 and 5 repeat, so that rows of a table sum two gradients; token 6 never occurs. */
const inputs = Int32Array.of(3, 1, 5, 3, 0, 5);
const targets = Int32Array.of(1, 5, 3, 0, 5, 2);

export function gradcheckCommand(args: string[]): void {
  const values = parseOptions('gradcheck', args, gradcheckOptions);
  const which = stringOption(values, 'model') ?? 'all';
  const names = which === 'all' ? modelNames : [which];
  for (const name of names) modelNamed(name);
  const rows: [string, string, number][] = [];
  for (const name of names) {
    for (const [tensorName, error] of Object.entries(check(name))) rows.push([name, tensorName, error]);
  }
  const width = Math.max(...rows.map(([name]) => name.length), 'model'.length) + 2;
  const lines = [`${'model'.padEnd(width)}${'tensor'.padEnd(8)}max relative error`];
  for (const [name, tensorName, error] of rows) {
    lines.push(`${name.padEnd(width)}${tensorName.padEnd(8)}${error.toExponential(2)}${error < TOLERANCE ? '' : '  FAIL'}`);
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
  if (model.embedding) {
    const { table } = model.embedding;
    const dE = tensor(table.shape);
    scatter(dE.data, model.embedding.grad);
    const E: Params<'E'> = { flat: table.data, tensors: { E: table }, names: ['E'] };
    errors.E = gradCheck(E, { flat: dE.data, tensors: { E: dE }, names: ['E'] }, loss).E;
  }
  return { ...errors, ...gradCheck(model.params, analytic, loss) };
}

function copyOf(params: SequenceModel['params']): SequenceModel['params'] {
  const copy = allocParams(Object.fromEntries(params.names.map((k) => [k, params.tensors[k].shape])));
  copy.flat.set(params.flat);
  return copy;
}
