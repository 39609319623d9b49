import { describe, expect, it } from 'vitest';
import { allocParams, dataOf, stacked } from '../../../lib/core/params.ts';

describe('allocParams', () => {
  it('lays named tensors out one after another in spec order, as views of one flat buffer', () => {
    const p = allocParams({ A: [2, 3], b: [2], C: [1, 4] });
    expect(p.names).toEqual(['A', 'b', 'C']);
    expect(p.flat.length).toBe(12);
    p.tensors.b.data[1] = 7;
    expect(p.flat[7]).toBe(7);
    expect(p.tensors.C.shape).toEqual([1, 4]);
  });
});

describe('stacked', () => {
  it('views adjacent tensors as one, sharing their memory', () => {
    const p = allocParams({ Wf: [2, 3], Wi: [2, 3], Wy: [1, 2], bf: [2], bi: [2] });
    const W = stacked(p, ['Wf', 'Wi']);
    expect(W.length).toBe(12);
    W[6] = 5; // row 0 of Wi
    expect(p.tensors.Wi.data[0]).toBe(5);
    expect(stacked(p, ['bf', 'bi']).length).toBe(4);
  });

  it('refuses tensors that are not adjacent in that order', () => {
    const p = allocParams({ Wf: [2, 3], Wy: [1, 2], Wi: [2, 3] });
    expect(() => stacked(p, ['Wf', 'Wi'])).toThrow('cannot stack Wf, Wi: they must lie one after another in the parameter spec, and Wi does not');
  });
});

describe('dataOf', () => {
  it('gives each named tensor its data, the same memory as the flat buffer', () => {
    const p = allocParams({ Wxh: [2, 2], bh: [2] });
    const { Wxh, bh } = dataOf(p);
    bh[0] = 3;
    expect(p.flat[4]).toBe(3);
    expect(Wxh).toBe(p.tensors.Wxh.data);
  });
});
