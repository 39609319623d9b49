/**
 * Tensors as plain row-major `Float64Array`s with a shape, and the handful of kernels the
 * models need. Kernels write into an `out` argument and allocate nothing, so a training step
 * can run without creating garbage.
 */

/** A row-major tensor: `data[i * shape[1] + j]` is element (i, j) of a matrix. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Number of elements of a tensor of this shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A tensor of zeros, or a view of `data` if one is given (it must hold exactly that many numbers). */
export function tensor(shape: readonly number[], data?: Float64Array): Tensor {
  const n = sizeOf(shape);
  if (data && data.length !== n) {
    throw new Error(`tensor of shape [${shape.join(', ')}] needs ${n} numbers, got ${data.length}`);
  }
  return { shape: [...shape], data: data ?? new Float64Array(n) };
}

// Kernels. Matrices are row-major Float64Arrays with their sizes passed explicitly, so one
// kernel serves every weight matrix of every model. The loops over a matrix take four rows per
// pass: each x[j] (or out[j]) loaded once serves four rows, which roughly halves the memory
// traffic at batch size 1, where these products are bound by loads, not by arithmetic.

/** out = A x + b, for A (rows, cols), x (cols), b and out (rows). `out` must not alias `x`. */
export function affine(
  out: Float64Array, A: Float64Array, x: Float64Array, b: Float64Array, rows: number, cols: number,
): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
    let s0 = b[i], s1 = b[i + 1], s2 = b[i + 2], s3 = b[i + 3];
    for (let j = 0; j < cols; j++) {
      const xj = x[j];
      s0 += A[r0 + j] * xj;
      s1 += A[r1 + j] * xj;
      s2 += A[r2 + j] * xj;
      s3 += A[r3 + j] * xj;
    }
    out[i] = s0; out[i + 1] = s1; out[i + 2] = s2; out[i + 3] = s3;
  }
  for (; i < rows; i++) {
    const r = i * cols;
    let s = b[i];
    for (let j = 0; j < cols; j++) s += A[r + j] * x[j];
    out[i] = s;
  }
}

/** out += Aᵀ v, i.e. out[j] += Σᵢ A[i, j] v[i], for A (rows, cols), v (rows), out (cols). */
export function addMatTVec(out: Float64Array, A: Float64Array, v: Float64Array, rows: number, cols: number): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
    const v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3];
    for (let j = 0; j < cols; j++) {
      out[j] += A[r0 + j] * v0 + A[r1 + j] * v1 + A[r2 + j] * v2 + A[r3 + j] * v3;
    }
  }
  for (; i < rows; i++) {
    const r = i * cols, vi = v[i];
    for (let j = 0; j < cols; j++) out[j] += A[r + j] * vi;
  }
}

/** A += u vᵀ, i.e. A[i, j] += u[i] v[j], for A (rows, cols), u (rows), v (cols). */
export function addOuter(A: Float64Array, u: Float64Array, v: Float64Array, rows: number, cols: number): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
    const u0 = u[i], u1 = u[i + 1], u2 = u[i + 2], u3 = u[i + 3];
    for (let j = 0; j < cols; j++) {
      const vj = v[j];
      A[r0 + j] += u0 * vj;
      A[r1 + j] += u1 * vj;
      A[r2 + j] += u2 * vj;
      A[r3 + j] += u3 * vj;
    }
  }
  for (; i < rows; i++) {
    const r = i * cols, ui = u[i];
    for (let j = 0; j < cols; j++) A[r + j] += ui * v[j];
  }
}

/**
 * out += A[:, j], column j of A (rows, cols): the product A x for a one-hot x with x[j] = 1,
 * read as a gather instead of `cols` multiplications, all but one of them by zero.
 */
export function addColumn(out: Float64Array, A: Float64Array, j: number, rows: number, cols: number): void {
  for (let i = 0, k = j; i < rows; i++, k += cols) out[i] += A[k];
}

/** A[:, j] += v, for A (rows, cols): the update A += v xᵀ for a one-hot x with x[j] = 1. */
export function addToColumn(A: Float64Array, j: number, v: Float64Array, rows: number, cols: number): void {
  for (let i = 0, k = j; i < rows; i++, k += cols) A[k] += v[i];
}
