import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint, modelTensors, parseCheckpoint, setModelTensors,
} from '../../../lib/models/checkpoint.ts';
import { createLstm } from '../../../lib/models/lstm.ts';

const V = 6, H = 4, D = 3;
const wordLstm = (seed: number) => createLstm({ vocabSize: V, hidden: H, embedding: D, seed, maxSeqLen: 5 });

function checkpointOf(seed: number): Checkpoint {
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: 'word-lstm',
    config: { hidden: H, embedding: D, seqLen: 5, lr: 1e-3, seed, steps: 0, clip: { mode: 'norm', max: 5 }, parity: null },
    vocabulary: { kind: 'words', tokens: ['<SOS>', '<EOS>', '<UNK>', 'a', 'b', 'c'], notebookRule: false },
    tensors: modelTensors(wordLstm(seed)),
  };
}

/** The checkpoint as it comes back from a file: through JSON text and back. */
const throughJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('checkpoint', () => {
  it('names the embedding table E first, then the parameters in the order the model draws them', () => {
    expect(Object.keys(modelTensors(wordLstm(1)))).toEqual(['E', 'Wf', 'Wi', 'Wc', 'Wo', 'Wy', 'bf', 'bi', 'bc', 'bo', 'by']);
  });

  it('gives back every weight exactly through JSON text, and with them the same loss', () => {
    const saved = wordLstm(1);
    const loaded = wordLstm(2);
    setModelTensors(loaded, parseCheckpoint(throughJson(checkpointOf(1))).tensors);
    expect(loaded.params.flat).toEqual(saved.params.flat);
    expect(loaded.embedding!.table.data).toEqual(saved.embedding!.table.data);
    const window = [Int32Array.of(0, 3, 4, 5), Int32Array.of(3, 4, 5, 1), 4] as const;
    expect(loaded.lossAndGrads(...window)).toBe(saved.lossAndGrads(...window));
  });

  it('refuses tensors of another shape, naming the tensor and both shapes', () => {
    const tensors = modelTensors(createLstm({ vocabSize: V, hidden: H + 1, embedding: D, seed: 1 }));
    expect(() => setModelTensors(wordLstm(1), tensors)).toThrow('checkpoint tensor Wf has shape [5, 8]; the model needs [4, 7]');
  });

  it('refuses a set of tensors that is not the model\'s, naming the ones it needs', () => {
    const { E: _, ...withoutE } = modelTensors(wordLstm(1));
    expect(() => setModelTensors(wordLstm(1), withoutE)).toThrow(
      'checkpoint tensors must be E, Wf, Wi, Wc, Wo, Wy, bf, bi, bc, bo, by for a lstm of this size, got Wf, Wi',
    );
  });

  it.each([
    ['another format', (c: Record<string, unknown>) => { c.format = 'pickle'; }, 'checkpoint format must be "sequence-models-checkpoint", got "pickle"'],
    ['another version', (c: Record<string, unknown>) => { c.version = 2; }, 'checkpoint version must be 1, got 2'],
    ['a hidden size out of range', (c: Checkpoint) => { c.config.hidden = 0; }, 'hidden size must be an integer in 1..512, got 0'],
    ['a repeated token', (c: Checkpoint) => { c.vocabulary.tokens[4] = 'a'; }, 'checkpoint vocabulary.tokens must be distinct'],
    ['data of the wrong length', (c: Checkpoint) => { c.tensors.Wy.data.pop(); }, 'checkpoint tensor Wy: data must be a list of 24 numbers (shape [6, 4]), got 23'],
    ['a number that is not finite', (c: Checkpoint) => { (c.tensors.by.data as unknown[])[2] = null; }, 'checkpoint tensor by: data[2] must be a finite number, got null'],
  ])('refuses %s with one line saying what is wrong', (_, spoil, message) => {
    const c = throughJson(checkpointOf(1));
    spoil(c);
    expect(() => parseCheckpoint(c)).toThrow(message);
  });
});
