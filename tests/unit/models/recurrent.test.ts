import { describe, expect, it } from 'vitest';
import { createGru } from '../../../lib/models/gru.ts';
import { createLstm } from '../../../lib/models/lstm.ts';
import type { Block } from '../../../lib/models/model.ts';
import { createRnn } from '../../../lib/models/rnn.ts';

const V = 20, H = 48;

const entries = (b: Block) => {
  const out: number[] = [];
  for (let i = 0; i < b.rows; i++) out.push(...b.data.subarray(i * b.stride, i * b.stride + b.cols));
  return out;
};
const std = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);

describe('recurrent weights', () => {
  it('RNN: the recurrent block is W_hh', () => {
    const model = createRnn({ vocabSize: V, hidden: H, seed: 1 });
    expect(entries(model.recurrent)).toEqual(Array.from(model.params.tensors.Whh.data));
  });

  it('LSTM: the recurrent block is the first H columns of W_f, W_i, W_c, W_o, in that order', () => {
    const model = createLstm({ vocabSize: V, hidden: H, seed: 1 });
    const { Wf, Wi, Wc, Wo } = model.params.tensors;
    const left = (W: Float64Array) => Array.from({ length: H }, (_, i) => Array.from(W.subarray(i * (H + V), i * (H + V) + H))).flat();
    expect(model.recurrent.rows).toBe(4 * H);
    expect(entries(model.recurrent)).toEqual([Wf, Wi, Wc, Wo].flatMap((W) => left(W.data)));
  });

  it('GRU: the recurrent block is U_z, U_r, U (the first H columns of Wz, Wr, Wh)', () => {
    const model = createGru({ vocabSize: V, hidden: H, seed: 1 });
    const { Wz, Wr, Wh } = model.params.tensors;
    const left = (W: Float64Array) => Array.from({ length: H }, (_, i) => Array.from(W.subarray(i * (H + V), i * (H + V) + H))).flat();
    expect(model.recurrent.rows).toBe(3 * H);
    expect(entries(model.recurrent)).toEqual([Wz, Wr, Wh].flatMap((W) => left(W.data)));
  });

  it.each([
    ['rnn', createRnn],
    ['lstm', createLstm],
    ['gru', createGru],
  ] as const)('%s: recurrentScale sets the spread of the recurrent weights and leaves every other weight as drawn by default', (_, create) => {
    const base = create({ vocabSize: V, hidden: H, seed: 5 });
    const scaled = create({ vocabSize: V, hidden: H, seed: 5, recurrentScale: 1.5 / Math.sqrt(H) });
    // Same draws: each recurrent weight is the default one times 1.5/√H / 0.01.
    const ratio = 1.5 / Math.sqrt(H) / 0.01;
    const [a, b] = [entries(base.recurrent), entries(scaled.recurrent)];
    for (let k = 0; k < a.length; k += 97) expect(b[k]).toBeCloseTo(a[k] * ratio, 12);
    expect(std(b)).toBeGreaterThan(0.9 * 1.5 / Math.sqrt(H));
    expect(std(b)).toBeLessThan(1.1 * 1.5 / Math.sqrt(H));
    // Everything outside the block is bit-identical to the default model's.
    const inBlock = new Set<number>();
    const offset = (scaled.recurrent.data.byteOffset - scaled.params.flat.byteOffset) / 8;
    for (let i = 0; i < scaled.recurrent.rows; i++) {
      for (let j = 0; j < H; j++) inBlock.add(offset + i * scaled.recurrent.stride + j);
    }
    const outside = (m: typeof base) => Array.from(m.params.flat).filter((_, k) => !inBlock.has(k));
    expect(outside(scaled)).toEqual(outside(base));
  });

  it('refuses a negative recurrent scale, naming the range', () => {
    expect(() => createRnn({ vocabSize: V, hidden: H, seed: 1, recurrentScale: -1 })).toThrow('initial weight scale must be a number in 0..10, got -1');
  });
});
