import { describe, expect, it } from 'vitest';
import {
  addColumn, addMatTVecLeft, addOuter, addOuterEach, addOuterEachLeft, addToColumn, affine, affineEach, affineLeft,
  matTVec, matTVecEach, sizeOf, tensor,
} from '../../../lib/core/tensor.ts';

// Small integer-valued data, so that every sum is exact and the kernels must match naive loops bit for bit.
function ints(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 7 + seed * 13) % 11) - 5;
  return out;
}

// Row counts that exercise the four-rows-per-pass loop, its remainder, and both together.
const shapes: [number, number][] = [[1, 1], [3, 5], [4, 4], [7, 3], [9, 6], [16, 2]];

describe('tensor', () => {
  it('counts the elements of a shape', () => {
    expect(sizeOf([3, 4])).toBe(12);
    expect(sizeOf([])).toBe(1);
  });

  it('rejects data of the wrong length for the shape', () => {
    expect(() => tensor([2, 3], new Float64Array(5))).toThrow('tensor of shape [2, 3] needs 6 numbers, got 5');
  });
});

describe('affine', () => {
  it.each(shapes)('computes A x + b like a naive loop for A (%i, %i)', (rows, cols) => {
    const A = ints(rows * cols, 1), x = ints(cols, 2), b = ints(rows, 3);
    const out = new Float64Array(rows);
    affine(out, A, x, b, rows, cols);
    const expected = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = b[i];
      for (let j = 0; j < cols; j++) s += A[i * cols + j] * x[j];
      expected[i] = s;
    }
    expect(out).toEqual(expected);
  });
});

describe('matTVec', () => {
  it.each(shapes)('computes Aᵀ v like a naive loop for A (%i, %i), overwriting out', (rows, cols) => {
    const A = ints(rows * cols, 4), v = ints(rows, 5), out = ints(cols, 6);
    const expected = new Float64Array(cols);
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) expected[j] += A[i * cols + j] * v[i];
    matTVec(out, A, v, rows, cols);
    expect(out).toEqual(expected);
  });
});

describe('addOuter', () => {
  it.each(shapes)('adds u vᵀ to A like a naive loop for A (%i, %i)', (rows, cols) => {
    const A = ints(rows * cols, 7), u = ints(rows, 8), v = ints(cols, 9);
    const expected = A.slice();
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expected[i * cols + j] += u[i] * v[j];
    addOuter(A, u, v, rows, cols);
    expect(A).toEqual(expected);
  });
});

describe('addColumn', () => {
  it('adds A x for a one-hot x, the same as a dense product', () => {
    const rows = 5, cols = 4, j = 2;
    const A = ints(rows * cols, 10), out = ints(rows, 11);
    const oneHot = new Float64Array(cols);
    oneHot[j] = 1;
    const expected = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = out[i];
      for (let c = 0; c < cols; c++) s += A[i * cols + c] * oneHot[c];
      expected[i] = s;
    }
    addColumn(out, A, j, rows, cols);
    expect(out).toEqual(expected);
  });
});

describe('addToColumn', () => {
  it('adds v xᵀ for a one-hot x, the same as a dense outer product', () => {
    const rows = 5, cols = 4, j = 3;
    const A = ints(rows * cols, 12), v = ints(rows, 13);
    const oneHot = new Float64Array(cols);
    oneHot[j] = 1;
    const expected = A.slice();
    for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) expected[i * cols + c] += v[i] * oneHot[c];
    addToColumn(A, j, v, rows, cols);
    expect(A).toEqual(expected);
  });
});

/** n vectors of length len, each different, as a window kernel takes them (index t holds step t). */
function steps(n: number, len: number, seed: number): Float64Array[] {
  return Array.from({ length: n }, (_, t) => ints(len, seed + 3 * t));
}

// Windows of odd and even length, starting at 0 and at 1 (as the models index time from 1).
const windowsOf: [number, number, number, number][] = [[7, 5, 0, 1], [7, 5, 1, 4], [9, 4, 1, 6], [3, 6, 0, 5]];

describe('affineEach', () => {
  it.each(windowsOf)('equals affine at every step in [from, to) for A (%i, %i), from %i to %i, and nowhere else', (rows, cols, from, to) => {
    const A = ints(rows * cols, 14), b = ints(rows, 15), xs = steps(to + 1, cols, 16);
    const outs = steps(to + 1, rows, 17);
    const expected = outs.map((o) => o.slice());
    for (let t = from; t < to; t++) affine(expected[t], A, xs[t], b, rows, cols);
    affineEach(outs, A, xs, b, rows, cols, from, to);
    expect(outs).toEqual(expected);
  });
});

describe('matTVecEach', () => {
  it.each(windowsOf)('equals matTVec at every step in [from, to) for A (%i, %i), from %i to %i, and nowhere else', (rows, cols, from, to) => {
    const A = ints(rows * cols, 18), vs = steps(to + 1, rows, 19);
    const outs = steps(to + 1, cols, 20);
    const expected = outs.map((o) => o.slice());
    for (let t = from; t < to; t++) matTVec(expected[t], A, vs[t], rows, cols);
    matTVecEach(outs, A, vs, rows, cols, from, to);
    expect(outs).toEqual(expected);
  });
});

describe('addOuterEach', () => {
  it.each(windowsOf)('adds the sum of us[t] vs[t]ᵀ over [from, to) for A (%i, %i), from %i to %i', (rows, cols, from, to) => {
    const A = ints(rows * cols, 21), us = steps(to + 1, rows, 22), vs = steps(to + 1, cols, 23);
    const expected = A.slice();
    for (let t = from; t < to; t++) addOuter(expected, us[t], vs[t], rows, cols);
    addOuterEach(A, us, vs, rows, cols, from, to);
    expect(A).toEqual(expected);
  });
});

// The left-column kernels on A (rows, width) with cols < width: the part right of `cols` must play no role.
const leftShapes: [number, number, number][] = [[1, 1, 2], [3, 2, 5], [4, 4, 7], [7, 3, 4], [9, 6, 9]];

describe('affineLeft', () => {
  it.each(leftShapes)('computes A[:, :cols] x + b like a naive loop for rows %i, cols %i, width %i', (rows, cols, width) => {
    const A = ints(rows * width, 1), x = ints(cols, 2), b = ints(rows, 3);
    const out = new Float64Array(rows);
    affineLeft(out, A, x, b, rows, cols, width);
    const expected = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = b[i];
      for (let j = 0; j < cols; j++) s += A[i * width + j] * x[j];
      expected[i] = s;
    }
    expect(out).toEqual(expected);
  });
});

describe('addMatTVecLeft', () => {
  it.each(leftShapes)('adds A[:, :cols]ᵀ v like a naive loop for rows %i, cols %i, width %i', (rows, cols, width) => {
    const A = ints(rows * width, 4), v = ints(rows, 5), out = ints(cols, 6);
    const expected = out.slice();
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) expected[j] += A[i * width + j] * v[i];
    addMatTVecLeft(out, A, v, rows, cols, width);
    expect(out).toEqual(expected);
  });
});

describe('addOuterEachLeft', () => {
  it.each(leftShapes)('adds Σ_t u_t v_tᵀ to A[:, :cols] only, like a naive loop, for rows %i, cols %i, width %i', (rows, cols, width) => {
    const us = Array.from({ length: 6 }, (_, t) => ints(rows, 10 + t));
    const vs = Array.from({ length: 6 }, (_, t) => ints(cols, 20 + t));
    for (const [from, to] of [[1, 6], [0, 6], [1, 2]] as const) {
      const A = ints(rows * width, 7);
      const expected = A.slice();
      for (let t = from; t < to; t++) {
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expected[i * width + j] += us[t][i] * vs[t][j];
      }
      addOuterEachLeft(A, us, vs, rows, cols, width, from, to);
      expect(A).toEqual(expected);
    }
  });
});
