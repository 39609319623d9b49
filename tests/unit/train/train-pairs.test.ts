import { describe, expect, it } from 'vitest';
import { datePairs, dateSourceVocab, dateTargetVocab } from '../../../lib/data/dates.ts';
import type { Pair } from '../../../lib/data/pairs.ts';
import { greedy } from '../../../lib/models/seq2seq/decode.ts';
import { type EncoderDecoder, createEncoderDecoder } from '../../../lib/models/seq2seq/encoder-decoder.ts';
import type { TeacherForcing } from '../../../lib/models/seq2seq/pair-model.ts';
import { type TrainPairsOptions, trainPairs } from '../../../lib/train/train-pairs.ts';

const pairs = datePairs(6, 1), probes = datePairs(3, 2);
const model = () => createEncoderDecoder({
  sourceVocabSize: dateSourceVocab.size, targetVocabSize: dateTargetVocab.size, hidden: 8, embedding: 4, seed: 3,
  maxSourceLen: 8, maxTargetLen: 11,
});

/** The model, with every call of lossAndGrads noted: the pair's index in `pairs` and the forcing it was given. */
function spied(m: EncoderDecoder) {
  const calls: { pair: number; forcing?: TeacherForcing }[] = [];
  const spy: EncoderDecoder = {
    ...m,
    lossAndGrads: (source, target, forcing) => {
      calls.push({ pair: pairs.findIndex((p) => p.source === source && p.target === target), forcing });
      return m.lossAndGrads(source, target, forcing);
    },
  };
  return { spy, calls };
}

/** The first `n` events of a run. */
function events(m: EncoderDecoder, options: TrainPairsOptions, n: number, on: readonly Pair[] = pairs) {
  const out = [];
  for (const e of trainPairs(m, on, options)) {
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

describe('trainPairs', () => {
  it('takes one pair a step, in the order given, pass after pass', () => {
    const { spy, calls } = spied(model());
    const run = events(spy, { lr: 1e-2, seed: 1 }, 14);
    expect(calls.map((c) => c.pair)).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1]);
    expect(run.map((e) => `${e.pass}.${e.window}`).slice(5, 8)).toEqual(['0.5', '1.0', '1.1']);
  });

  it('reports the loss per target token of the pair, before the step', () => {
    const m = model(), twin = model();
    const [first] = events(m, { lr: 1e-2, seed: 1 }, 1);
    expect(first.loss).toBe(twin.lossAndGrads(pairs[0].source, pairs[0].target) / pairs[0].target.length);
  });

  it('feeds the true token at ratio 1, drawing no coins, and passes a seeded ratio below 1 to the model', () => {
    const forced = spied(model());
    events(forced.spy, { lr: 1e-2, seed: 1 }, 3);
    expect(forced.calls.every((c) => c.forcing === undefined)).toBe(true);
    const mixed = spied(model());
    events(mixed.spy, { lr: 1e-2, seed: 1, teacherForcing: 0.5 }, 3);
    expect(mixed.calls.map((c) => c.forcing?.ratio)).toEqual([0.5, 0.5, 0.5]);
  });

  it('gives the same losses for the same seed, and others for another seed when coins are drawn', () => {
    const losses = (seed: number) => events(model(), { lr: 1e-2, seed, teacherForcing: 0.3 }, 30).map((e) => e.loss);
    expect(losses(4)).toEqual(losses(4));
    expect(losses(4)).not.toEqual(losses(5));
  });

  it('answers the probes in turn, greedily with the weights of that step, every sampleEvery steps', () => {
    const m = model();
    const seen: { step: number; source?: Int32Array; tokens?: Int32Array; greedy?: Int32Array }[] = [];
    for (const e of trainPairs(m, pairs, { lr: 1e-2, seed: 1, sampleEvery: 4, probes })) {
      if (e.sample) seen.push({ step: e.step, source: e.sampleSource, tokens: e.sample, greedy: greedy(m, e.sampleSource!, 16).tokens });
      else expect(e.sampleSource).toBeUndefined();
      if (e.step === 16) break;
    }
    expect(seen.map((s) => s.step)).toEqual([4, 8, 12, 16]);
    expect(seen.map((s) => s.source)).toEqual([probes[0].source, probes[1].source, probes[2].source, probes[0].source]);
    // The answer is greedy decoding, cut at the target's length and five tokens more.
    for (const s of seen) expect(Array.from(s.tokens!)).toEqual(Array.from(s.greedy!).slice(0, s.tokens!.length));
  });

  it('refuses no pairs, a pair longer than the model takes, and a ratio outside 0..1, each by name', () => {
    const long: Pair = { source: new Int32Array(9), target: pairs[0].target };
    expect(() => events(model(), { lr: 1e-2, seed: 1 }, 1, [])).toThrow('there are no pairs to train on');
    expect(() => events(model(), { lr: 1e-2, seed: 1 }, 1, [pairs[0], long])).toThrow('pair 1 has a source of 9 and a target of');
    expect(() => events(model(), { lr: 1e-2, seed: 1, probes: [long] }, 1)).toThrow('probe 0 has a source of 9');
    expect(() => events(model(), { lr: 1e-2, seed: 1, teacherForcing: 1.5 }, 1)).toThrow('teacher-forcing ratio must be a number in 0..1, got 1.5');
    expect(() => events(model(), { lr: 2, seed: 1 }, 1)).toThrow('learning rate');
  });

  it('steps both embedding tables on the rows the pair touched only', () => {
    const m = model();
    const before = m.embeddings.source.table.data.slice();
    events(m, { lr: 1e-2, seed: 1 }, 1);
    const X = m.embeddings.source.table.shape[1];
    const touched = new Set(pairs[0].source);
    for (let v = 0; v < dateSourceVocab.size; v++) {
      const row = (t: Float64Array) => Array.from(t.subarray(v * X, (v + 1) * X));
      if (touched.has(v)) expect(row(m.embeddings.source.table.data)).not.toEqual(row(before));
      else expect(row(m.embeddings.source.table.data)).toEqual(row(before));
    }
  });
});
