import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random.ts';
import { type MatrixBlock, largestSingularValue } from '../../../lib/core/singular.ts';

/** A dense rows × cols block, rows given as arrays. */
const dense = (m: number[][]): MatrixBlock => ({
  data: Float64Array.from(m.flat()),
  rows: m.length,
  cols: m[0]?.length ?? 0,
  stride: m[0]?.length ?? 0,
});

/** Stopping on a change below 1e-10 leaves an error of about 1e-10 / (1 − (σ₂/σ₁)⁴): allow 1e-9. */
const expectClose = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-9);

/**
 * The oracle: the eigenvalues of the symmetric matrix S by cyclic Jacobi rotations, a method with
 * nothing in common with power iteration. Each rotation zeroes one off-diagonal pair.
 */
function jacobiEigenvalues(S: number[][]): number[] {
  const a = S.map((row) => row.slice());
  const n = a.length;
  const offDiagonal = () => a.reduce((s, row, p) => s + row.reduce((t, x, q) => t + (p === q ? 0 : x * x), 0), 0);
  const total = a.reduce((s, row) => s + row.reduce((t, x) => t + x * x, 0), 0);
  for (let sweep = 0; sweep < 100 && offDiagonal() > 1e-30 * total; sweep++) {
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k][p], a[k][q]];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p][k], a[q][k]];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]);
}

/** AᵀA of a dense n × n matrix given row-major. */
function gram(data: Float64Array, n: number): number[][] {
  const S = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let r = 0; r < n; r++) S[i][j] += data[r * n + i] * data[r * n + j];
    }
  }
  return S;
}

describe('largestSingularValue', () => {
  it('is the largest |d| of a diagonal matrix', () => {
    const A = dense([
      [0.5, 0, 0, 0],
      [0, -3, 0, 0],
      [0, 0, 2.5, 0],
      [0, 0, 0, -1],
    ]);
    expectClose(largestSingularValue(A), 3);
  });

  it('is ‖u‖‖v‖ for a rank-1 matrix u vᵀ', () => {
    const u = [1, -2, 2]; // ‖u‖ = 3
    const v = [2, 0, 1, -4, 2]; // ‖v‖ = 5
    expect(largestSingularValue(dense(u.map((ui) => v.map((vj) => ui * vj))))).toBeCloseTo(15, 12);
  });

  it('matches the closed form for a 2 × 2 matrix', () => {
    const [a, b, c, d] = [1, 2, 3, 4];
    // σ₁² is the larger root of λ² − ‖A‖_F² λ + det(A)² = 0, the characteristic polynomial of AᵀA.
    const F = a * a + b * b + c * c + d * d;
    const det = a * d - b * c;
    const expected = Math.sqrt((F + Math.sqrt(F * F - 4 * det * det)) / 2);
    expectClose(largestSingularValue(dense([[a, b], [c, d]])), expected);
  });

  it('is 1 for an orthogonal matrix', () => {
    // The Householder reflection I − 2 w wᵀ / ‖w‖²: every singular value is 1.
    const w = [1, -2, 3, 0.5, -1, 2];
    const ww = w.reduce((s, x) => s + x * x, 0);
    const Q = w.map((wi, i) => w.map((wj, j) => (i === j ? 1 : 0) - (2 * wi * wj) / ww));
    expect(largestSingularValue(dense(Q))).toBeCloseTo(1, 12);
  });

  it('reads only the block: the columns right of it and the rows below it are ignored', () => {
    // A 3 × 5 matrix whose left 2 × 2 block is diag(3, −4); every other entry is large.
    const data = Float64Array.from([3, 0, 100, 100, 100, 0, -4, 100, 100, 100, 100, 100, 100, 100, 100]);
    expectClose(largestSingularValue({ data, rows: 2, cols: 2, stride: 5 }), 4);
  });

  it('matches the square root of the largest eigenvalue of AᵀA from Jacobi rotations (64 × 64, randn / 8)', () => {
    const n = 64;
    const data = new RandomState(7).fillNormal(new Float64Array(n * n), 1 / 8);
    const expected = Math.sqrt(Math.max(...jacobiEigenvalues(gram(data, n))));
    expectClose(largestSingularValue({ data, rows: n, cols: n, stride: n }), expected);
  });

  it('approaches σ₁ from below as the iterations grow', () => {
    const n = 16;
    const data = new RandomState(3).fillNormal(new Float64Array(n * n));
    const A = { data, rows: n, cols: n, stride: n };
    const sigma1 = Math.sqrt(Math.max(...jacobiEigenvalues(gram(data, n))));
    const estimates = [1, 2, 4, 8].map((k) => largestSingularValue(A, k));
    for (let k = 1; k < estimates.length; k++) expect(estimates[k]).toBeGreaterThanOrEqual(estimates[k - 1]);
    expect(estimates[3]).toBeLessThanOrEqual(sigma1 * (1 + 1e-12));
    expect(estimates[0]).toBeLessThan(sigma1 * 0.999);
  });

  it('is 0 for a zero matrix and for an empty block', () => {
    expect(largestSingularValue(dense([[0, 0, 0], [0, 0, 0]]))).toBe(0);
    expect(largestSingularValue({ data: new Float64Array(0), rows: 0, cols: 3, stride: 3 })).toBe(0);
  });

  it('refuses a block that runs past the end of its data', () => {
    expect(() => largestSingularValue({ data: new Float64Array(9), rows: 2, cols: 4, stride: 6 })).toThrow(
      'a 2 × 4 block with stride 6 needs 10 values, data has 9',
    );
  });

  it('refuses a stride smaller than the block is wide', () => {
    expect(() => largestSingularValue({ data: new Float64Array(9), rows: 3, cols: 3, stride: 2 })).toThrow(
      'block stride must be an integer ≥ cols (3), got 2',
    );
  });
});
