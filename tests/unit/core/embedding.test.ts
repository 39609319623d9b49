import { describe, expect, it } from 'vitest';
import {
  accumulate, clear, lookup, lookupBackward, rowViews, scatter, sparseRows,
} from '../../../lib/core/embedding.ts';
import { gradCheck } from '../../../lib/core/gradcheck.ts';
import { allocParams } from '../../../lib/core/params.ts';
import { tensor } from '../../../lib/core/tensor.ts';

/** A (V, D) table with E[v, j] = 10 v + j, so that every row can be recognised by its values. */
function table(V: number, D: number) {
  const E = tensor([V, D]);
  for (let v = 0; v < V; v++) for (let j = 0; j < D; j++) E.data[v * D + j] = 10 * v + j;
  return E;
}

/** Slots for steps 0..T, each a distinct array, as a model allocates them. */
const slots = (T: number, D: number) => Array.from({ length: T + 1 }, () => new Float64Array(D));

/** ∂L/∂e_t for t = 1..T, distinct for every step (des[0] unused). */
function stepGrads(T: number, D: number): Float64Array[] {
  return Array.from({ length: T + 1 }, (_, t) => Float64Array.from({ length: D }, (_, j) => Math.sin(3 * t + j + 1)));
}

describe('lookup', () => {
  it('puts row x_t of E at es[t] for every step, in time order from t = 1', () => {
    const E = table(5, 3);
    const es = slots(4, 3);
    lookup(es, rowViews(E), Int32Array.from([4, 0, 2, 4]), 4);
    expect(es.slice(1).map((e) => Array.from(e))).toEqual([[40, 41, 42], [0, 1, 2], [20, 21, 22], [40, 41, 42]]);
  });

  it('gives views of the table, not copies, so es[t] follows every change to E', () => {
    const E = table(5, 3);
    const es = slots(2, 3);
    lookup(es, rowViews(E), Int32Array.from([3, 3]), 2);
    E.data[3 * 3 + 1] = -7; // E[3, 1]
    expect(es[1][1]).toBe(-7);
    expect(es[2]).toBe(es[1]);
    expect(es[1].buffer).toBe(E.data.buffer);
  });

  it('refuses a token outside the table', () => {
    const rows = rowViews(table(5, 3));
    for (const x of [5, -1]) {
      expect(() => lookup(slots(2, 3), rows, Int32Array.from([0, x]), 2)).toThrow(
        `token id must be an integer in 0..4 (a row of the embedding table), got ${x}`,
      );
    }
  });

  it('refuses a window longer than es has slots for', () => {
    expect(() => lookup(slots(3, 3), rowViews(table(5, 3)), new Int32Array(10), 4)).toThrow(
      'window length must be an integer in 1..3 (xs holds 10 ids, es has slots for steps 1..3), got 4',
    );
  });
});

describe('rowViews', () => {
  it('refuses a table that is not a (V, D) matrix', () => {
    expect(() => rowViews(tensor([6]))).toThrow('an embedding table must be a (V, D) matrix with V, D ≥ 1, got shape [6]');
    expect(() => rowViews(tensor([0, 3]))).toThrow('got shape [0, 3]');
  });
});

describe('lookupBackward', () => {
  it('sums the gradients of a repeated token into one row, keeping rows in the order first touched', () => {
    const D = 2;
    const g = sparseRows(6, D, 5);
    const des = [[0, 0], [1, 2], [10, 20], [100, 200], [1000, 2000], [0.5, -0.5]].map((d) => Float64Array.from(d));
    lookupBackward(g, Int32Array.from([3, 1, 3, 5, 3]), des, 5);
    expect(g.count).toBe(3);
    expect(Array.from(g.ids.subarray(0, 3))).toEqual([3, 1, 5]);
    expect(Array.from(g.grads.subarray(0, 6))).toEqual([1 + 100 + 0.5, 2 + 200 - 0.5, 10, 20, 1000, 2000]);
  });

  it('holds the touched rows only, in arrays sized by the window and not by V', () => {
    const V = 100_000, D = 8, maxLen = 4;
    const g = sparseRows(V, D, maxLen);
    lookupBackward(g, Int32Array.from([99_999, 7, 99_999]), stepGrads(3, D), 3);
    expect(g.grads.length).toBe(maxLen * D);
    expect(g.ids.length).toBe(maxLen);
    expect(g.count).toBe(2);
  });

  it('overwrites the previous window’s gradient rather than adding to it', () => {
    const D = 3;
    const des = stepGrads(3, D);
    const g = sparseRows(5, D, 3);
    lookupBackward(g, Int32Array.from([0, 1, 2]), des, 3);
    lookupBackward(g, Int32Array.from([2, 4, 2]), des, 3);
    const fresh = sparseRows(5, D, 3);
    lookupBackward(fresh, Int32Array.from([2, 4, 2]), des, 3);
    expect(g.count).toBe(2);
    expect(Array.from(g.ids.subarray(0, 2))).toEqual([2, 4]);
    expect(g.grads).toEqual(fresh.grads);
    expect(g.slot).toEqual(fresh.slot);
  });

  it('passes a finite-difference check through the lookup, repeated tokens and untouched rows included', () => {
    // L = Σ_t w_t · E[x_t], computed through lookup: ∂L/∂e_t = w_t, and rows 1, 4 and 5 are never touched.
    const V = 6, D = 3, T = 7;
    const xs = Int32Array.from([2, 0, 2, 3, 0, 2, 3]);
    const w = stepGrads(T, D);
    const params = allocParams({ E: [V, D] });
    for (let i = 0; i < V * D; i++) params.flat[i] = Math.cos(0.7 * i);
    const rows = rowViews(params.tensors.E);
    const es = slots(T, D);
    const loss = () => {
      lookup(es, rows, xs, T);
      let L = 0;
      for (let t = 1; t <= T; t++) for (let j = 0; j < D; j++) L += w[t][j] * es[t][j];
      return L;
    };
    const dE = sparseRows(V, D, T);
    lookupBackward(dE, xs, w, T);
    const analytic = allocParams({ E: [V, D] });
    scatter(analytic.tensors.E.data, dE);
    expect(gradCheck(params, analytic, loss).E).toBeLessThan(1e-9);
    // while a gradient that kept only the last ∂L/∂e_t of a repeated token fails the same check
    const lastOnly = allocParams({ E: [V, D] });
    for (let t = 1; t <= T; t++) lastOnly.tensors.E.data.set(w[t], xs[t - 1] * D);
    expect(gradCheck(params, lastOnly, loss).E).toBeGreaterThan(1e-3);
  });

  it('refuses a window longer than its SparseRows can hold', () => {
    const g = sparseRows(10, 2, 3);
    expect(() => lookupBackward(g, new Int32Array(8), stepGrads(8, 2), 4)).toThrow(
      'window length must be an integer in 1..3 (xs holds 8 ids, des has slots for steps 1..8, ' +
        'the SparseRows holds 3 distinct rows (its maxLen)), got 4',
    );
  });

  it('refuses a token outside the table', () => {
    const g = sparseRows(4, 2, 3);
    expect(() => lookupBackward(g, Int32Array.from([1, 4]), stepGrads(2, 2), 2)).toThrow(
      'token id must be an integer in 0..3 (a row of the embedding table), got 4',
    );
  });
});

describe('accumulate', () => {
  it('refuses one distinct row more than the capacity until cleared', () => {
    const g = sparseRows(10, 2, 2);
    const de = new Float64Array(2);
    accumulate(g, 4, de);
    accumulate(g, 7, de);
    accumulate(g, 4, de); // not a new row
    expect(() => accumulate(g, 1, de)).toThrow(
      'SparseRows holds at most 2 distinct rows (its maxLen) and has them all; row 1 would be one more: clear it between windows',
    );
    clear(g);
    accumulate(g, 1, de);
    expect(g.count).toBe(1);
  });

  it('refuses a token id that is not an integer row of the table', () => {
    const g = sparseRows(10, 2, 2);
    for (const x of [2.5, 10, NaN]) {
      expect(() => accumulate(g, x, new Float64Array(2))).toThrow(`token id must be an integer in 0..9 (a row of the embedding table), got ${x}`);
    }
  });

  it('refuses a row gradient whose length is not D', () => {
    expect(() => accumulate(sparseRows(10, 2, 2), 0, new Float64Array(3))).toThrow(
      'the gradient of an embedding row must have D = 2 numbers, got 3',
    );
  });
});

describe('clear', () => {
  it('leaves no row touched and every gradient zero', () => {
    const g = sparseRows(6, 2, 4);
    lookupBackward(g, Int32Array.from([5, 0, 5]), stepGrads(3, 2), 3);
    clear(g);
    expect(g.count).toBe(0);
    expect(g.slot).toEqual(new Int32Array(6).fill(-1));
    expect(g.grads).toEqual(new Float64Array(8));
  });
});

describe('scatter', () => {
  it('writes the dense (V, D) gradient that a loop over the window computes, zero on untouched rows', () => {
    const V = 7, D = 3, T = 6;
    const xs = Int32Array.from([6, 1, 6, 6, 2, 1]);
    const des = stepGrads(T, D);
    const expected = new Float64Array(V * D);
    for (let t = 1; t <= T; t++) for (let j = 0; j < D; j++) expected[xs[t - 1] * D + j] += des[t][j];
    const g = sparseRows(V, D, T);
    lookupBackward(g, xs, des, T);
    const out = new Float64Array(V * D).fill(9); // scatter must overwrite, not add
    scatter(out, g);
    expect(out).toEqual(expected);
  });

  it('refuses an array that is not V·D long', () => {
    expect(() => scatter(new Float64Array(5), sparseRows(3, 2, 2))).toThrow('scatter needs an array of V·D = 6 numbers, got 5');
  });
});

describe('sparseRows', () => {
  it('refuses sizes that are not integers ≥ 1', () => {
    expect(() => sparseRows(0, 2, 2)).toThrow('sparseRows: V must be an integer ≥ 1, got 0');
    expect(() => sparseRows(3, 1.5, 2)).toThrow('sparseRows: D must be an integer ≥ 1, got 1.5');
    expect(() => sparseRows(3, 2, -1)).toThrow('sparseRows: maxLen must be an integer ≥ 1, got -1');
  });
});
