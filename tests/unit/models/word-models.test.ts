import { describe, expect, it } from 'vitest';
import { scatter } from '../../../lib/core/embedding.ts';
import { gradCheck } from '../../../lib/core/gradcheck.ts';
import { allocParams } from '../../../lib/core/params.ts';
import { RandomState } from '../../../lib/core/random.ts';
import { createGru, gruSpec } from '../../../lib/models/gru.ts';
import { createLstm, lstmSpec } from '../../../lib/models/lstm.ts';
import type { SequenceModel } from '../../../lib/models/model.ts';
import { createRnn, rnnSpec } from '../../../lib/models/rnn.ts';
import { createTorchGru, torchGruSpec } from '../../../lib/models/torch-gru.ts';
import { train } from '../../../lib/train/train.ts';

const V = 7, H = 5, E = 4, T = 6;

const models = [
  ['rnn', createRnn, rnnSpec],
  ['lstm', createLstm, lstmSpec],
  ['gru', createGru, gruSpec],
  ['torch-gru', createTorchGru, torchGruSpec],
] as const;

/** A window with repeated tokens (3 and 5 twice), so that rows of the table get summed gradients; token 6 never occurs. */
const inputs = Int32Array.of(3, 1, 5, 3, 0, 5);
const targets = Int32Array.of(1, 5, 3, 0, 5, 2);

function wordModel(create: (typeof models)[number][1]): SequenceModel {
  const model = create({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T, embedding: E });
  const rng = new RandomState(8);
  rng.fillNormal(model.state, 0.5); // a nonzero carried state
  return model;
}

describe.each(models)('word %s (embedding input)', (_, create, spec) => {
  it('has the embedding outside the dense parameters, with the input weights sized for it', () => {
    const model = wordModel(create);
    expect(model.embedding?.table.shape).toEqual([V, E]);
    const shapes = Object.values(spec(V, H, E) as Record<string, readonly number[]>);
    expect(model.params.names.map((k) => model.params.tensors[k].shape)).toEqual(shapes);
  });

  it('matches finite differences for every dense tensor and for the embedding table (max relative error < 1e-6)', () => {
    const model = wordModel(create);
    const state = model.state.slice();
    const run = () => {
      model.state.set(state);
      return model.lossAndGrads(inputs, targets, T);
    };
    run();
    const analytic = allocParams(spec(V, H, E) as Record<string, readonly number[]>);
    analytic.flat.set(model.grads.flat);
    const dE = new Float64Array(V * E);
    scatter(dE, model.embedding!.grad);
    const errors = gradCheck(model.params, analytic as never, run);
    for (const [name, error] of Object.entries(errors)) expect(error, name).toBeLessThan(1e-6);
    // The table, by central differences, element by element.
    const table = model.embedding!.table.data, h = 1e-5;
    let worst = 0;
    for (let i = 0; i < table.length; i++) {
      const keep = table[i];
      table[i] = keep + h;
      const up = run();
      table[i] = keep - h;
      const down = run();
      table[i] = keep;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - dE[i]) / Math.max(Math.abs(numeric) + Math.abs(dE[i]), 1e-3));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('keeps the gradient of the table to the rows the window touched, repeated tokens summed into one', () => {
    const model = wordModel(create);
    model.lossAndGrads(inputs, targets, T);
    const g = model.embedding!.grad;
    expect(Array.from(g.ids.subarray(0, g.count)).sort()).toEqual([0, 1, 3, 5]);
  });

  it('is the character model when the table is the identity (E = V)', () => {
    const word = create({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T, embedding: V });
    const char = create({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T });
    const table = word.embedding!.table.data;
    table.fill(0);
    for (let v = 0; v < V; v++) table[v * V + v] = 1;
    word.params.flat.set(char.params.flat);
    const [a, b] = [word.lossAndGrads(inputs, targets, T), char.lossAndGrads(inputs, targets, T)];
    expect(a).toBeCloseTo(b, 13);
    for (let i = 0; i < char.grads.flat.length; i++) expect(word.grads.flat[i]).toBeCloseTo(char.grads.flat[i], 13);
  });

  it('trains: the lazy Adam step moves only the touched rows of the table, and the loss falls', () => {
    const model = create({ vocabSize: V, hidden: 8, seed: 1, maxSeqLen: 4, embedding: E });
    const before = model.embedding!.table.data.slice();
    // A stream over tokens 0..5: row 6 is never touched and must stay as drawn.
    const stream = Int32Array.from({ length: 60 }, (_, i) => [0, 1, 2, 3, 4, 5, 4, 3][i % 8]);
    const events = train(model, stream, { seqLen: 4, lr: 1e-2, seed: 1 });
    let first = 0, last = 0;
    for (let k = 0; k < 300; k++) {
      const e = events.next().value!;
      if (k === 0) first = e.loss;
      last = e.smoothLoss;
    }
    const table = model.embedding!.table.data;
    expect(Array.from(table.subarray(6 * E))).toEqual(Array.from(before.subarray(6 * E)));
    expect(Array.from(table.subarray(0, E))).not.toEqual(Array.from(before.subarray(0, E)));
    expect(last).toBeLessThan(first);
  });
});
