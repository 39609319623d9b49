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
// kernel serves every weight matrix of every model. At batch size 1 these products are bound by
// memory loads, not by arithmetic, so the loops over a matrix take four rows per pass: each x[j]
// (or out[j]) loaded once serves four rows, 1.25 loads per multiply-add instead of 2.
// In affine and matTVec, which the recurrences call once per time step, one index k walks the first
// of the four rows and the others are read at k + cols, k + 2·cols, k + 3·cols. Once V8 has inlined
// them into a model's forward or backward pass, that ran about 1.4× faster here than four row
// offsets each added to j.

/** out = A x + b, for A (rows, cols), x (cols), b and out (rows). `out` must not alias `x`. */
export function affine(
  out: Float64Array, A: Float64Array, x: Float64Array, b: Float64Array, rows: number, cols: number,
): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    let s0 = b[i], s1 = b[i + 1], s2 = b[i + 2], s3 = b[i + 3];
    for (let j = 0, k = i * cols; j < cols; j++, k++) {
      const xj = x[j];
      s0 += A[k] * xj;
      s1 += A[k + cols] * xj;
      s2 += A[k + 2 * cols] * xj;
      s3 += A[k + 3 * cols] * xj;
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

/** out = Aᵀ v, i.e. out[j] = Σᵢ A[i, j] v[i], for A (rows, cols), v (rows), out (cols). `out` must not alias `v`. */
export function matTVec(out: Float64Array, A: Float64Array, v: Float64Array, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3];
    for (let j = 0, k = i * cols; j < cols; j++, k++) {
      out[j] += A[k] * v0 + A[k + cols] * v1 + A[k + 2 * cols] * v2 + A[k + 3 * cols] * v3;
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

// Window kernels: one product for every time step t in [from, to) of a window, for the products
// that do not feed the recurrence and so can run after it, for all steps at once. Taking two steps
// per pass over A halves the loads (and for addOuterEach the stores) of A.

/** outs[t] = A xs[t] + b for t in [from, to), for A (rows, cols). */
export function affineEach(
  outs: readonly Float64Array[], A: Float64Array, xs: readonly Float64Array[], b: Float64Array,
  rows: number, cols: number, from: number, to: number,
): void {
  let t = from;
  for (; t + 2 <= to; t += 2) {
    const x0 = xs[t], x1 = xs[t + 1], out0 = outs[t], out1 = outs[t + 1];
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
      let s00 = b[i], s10 = b[i + 1], s20 = b[i + 2], s30 = b[i + 3]; // s<row><step>
      let s01 = s00, s11 = s10, s21 = s20, s31 = s30;
      for (let j = 0; j < cols; j++) {
        const x0j = x0[j], x1j = x1[j];
        const a0 = A[r0 + j], a1 = A[r1 + j], a2 = A[r2 + j], a3 = A[r3 + j];
        s00 += a0 * x0j; s01 += a0 * x1j;
        s10 += a1 * x0j; s11 += a1 * x1j;
        s20 += a2 * x0j; s21 += a2 * x1j;
        s30 += a3 * x0j; s31 += a3 * x1j;
      }
      out0[i] = s00; out0[i + 1] = s10; out0[i + 2] = s20; out0[i + 3] = s30;
      out1[i] = s01; out1[i + 1] = s11; out1[i + 2] = s21; out1[i + 3] = s31;
    }
    for (; i < rows; i++) {
      const r = i * cols;
      let s0 = b[i], s1 = b[i];
      for (let j = 0; j < cols; j++) {
        s0 += A[r + j] * x0[j];
        s1 += A[r + j] * x1[j];
      }
      out0[i] = s0; out1[i] = s1;
    }
  }
  if (t < to) affine(outs[t], A, xs[t], b, rows, cols);
}

/** outs[t] = Aᵀ vs[t] for t in [from, to), for A (rows, cols). */
export function matTVecEach(
  outs: readonly Float64Array[], A: Float64Array, vs: readonly Float64Array[],
  rows: number, cols: number, from: number, to: number,
): void {
  let t = from;
  for (; t + 2 <= to; t += 2) {
    const v0 = vs[t], v1 = vs[t + 1], out0 = outs[t], out1 = outs[t + 1];
    out0.fill(0, 0, cols);
    out1.fill(0, 0, cols);
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
      const v00 = v0[i], v10 = v0[i + 1], v20 = v0[i + 2], v30 = v0[i + 3]; // v<row><step>
      const v01 = v1[i], v11 = v1[i + 1], v21 = v1[i + 2], v31 = v1[i + 3];
      for (let j = 0; j < cols; j++) {
        const a0 = A[r0 + j], a1 = A[r1 + j], a2 = A[r2 + j], a3 = A[r3 + j];
        out0[j] += a0 * v00 + a1 * v10 + a2 * v20 + a3 * v30;
        out1[j] += a0 * v01 + a1 * v11 + a2 * v21 + a3 * v31;
      }
    }
    for (; i < rows; i++) {
      const r = i * cols, v0i = v0[i], v1i = v1[i];
      for (let j = 0; j < cols; j++) {
        out0[j] += A[r + j] * v0i;
        out1[j] += A[r + j] * v1i;
      }
    }
  }
  if (t < to) matTVec(outs[t], A, vs[t], rows, cols);
}

/**
 * A += Σₜ us[t] vs[t]ᵀ over t in [from, to), for A (rows, cols): a weight gradient summed over a
 * window, as rank-2 updates over pairs of steps, so that A is read and written half as often.
 */
export function addOuterEach(
  A: Float64Array, us: readonly Float64Array[], vs: readonly Float64Array[],
  rows: number, cols: number, from: number, to: number,
): void {
  let t = from;
  for (; t + 2 <= to; t += 2) {
    const u0 = us[t], u1 = us[t + 1], v0 = vs[t], v1 = vs[t + 1];
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const r0 = i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
      const u00 = u0[i], u10 = u0[i + 1], u20 = u0[i + 2], u30 = u0[i + 3]; // u<row><step>
      const u01 = u1[i], u11 = u1[i + 1], u21 = u1[i + 2], u31 = u1[i + 3];
      for (let j = 0; j < cols; j++) {
        const v0j = v0[j], v1j = v1[j];
        A[r0 + j] += u00 * v0j + u01 * v1j;
        A[r1 + j] += u10 * v0j + u11 * v1j;
        A[r2 + j] += u20 * v0j + u21 * v1j;
        A[r3 + j] += u30 * v0j + u31 * v1j;
      }
    }
    for (; i < rows; i++) {
      const r = i * cols, u0i = u0[i], u1i = u1[i];
      for (let j = 0; j < cols; j++) A[r + j] += u0i * v0[j] + u1i * v1[j];
    }
  }
  if (t < to) addOuter(A, us[t], vs[t], rows, cols);
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

// Kernels over the left `cols` columns of a matrix whose rows are `width` long: a gate matrix
// W (H, H + V) acting on [h; x] is U = W[:, 0:H] on h beside the one-hot part W[:, H:], which the
// models read as a column (addColumn, addToColumn). Same four-rows-per-pass loops as above.

/** out = A[:, 0:cols] x + b, for A (rows, width), x (cols), b and out (rows). `out` must not alias `x`. */
export function affineLeft(
  out: Float64Array, A: Float64Array, x: Float64Array, b: Float64Array, rows: number, cols: number, width: number,
): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    let s0 = b[i], s1 = b[i + 1], s2 = b[i + 2], s3 = b[i + 3];
    for (let j = 0, k = i * width; j < cols; j++, k++) {
      const xj = x[j];
      s0 += A[k] * xj;
      s1 += A[k + width] * xj;
      s2 += A[k + 2 * width] * xj;
      s3 += A[k + 3 * width] * xj;
    }
    out[i] = s0; out[i + 1] = s1; out[i + 2] = s2; out[i + 3] = s3;
  }
  for (; i < rows; i++) {
    const r = i * width;
    let s = b[i];
    for (let j = 0; j < cols; j++) s += A[r + j] * x[j];
    out[i] = s;
  }
}

/** out += A[:, 0:cols]ᵀ v, for A (rows, width), v (rows), out (cols). `out` must not alias `v`. */
export function addMatTVecLeft(
  out: Float64Array, A: Float64Array, v: Float64Array, rows: number, cols: number, width: number,
): void {
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3];
    for (let j = 0, k = i * width; j < cols; j++, k++) {
      out[j] += A[k] * v0 + A[k + width] * v1 + A[k + 2 * width] * v2 + A[k + 3 * width] * v3;
    }
  }
  for (; i < rows; i++) {
    const r = i * width, vi = v[i];
    for (let j = 0; j < cols; j++) out[j] += A[r + j] * vi;
  }
}

/**
 * A[:, 0:cols] += Σₜ us[t] vs[t]ᵀ over t in [from, to), for A (rows, width): addOuterEach on the
 * left columns, the recurrent part of a gate's weight gradient summed over the steps.
 */
export function addOuterEachLeft(
  A: Float64Array, us: readonly Float64Array[], vs: readonly Float64Array[],
  rows: number, cols: number, width: number, from: number, to: number,
): void {
  let t = from;
  for (; t + 2 <= to; t += 2) {
    const u0 = us[t], u1 = us[t + 1], v0 = vs[t], v1 = vs[t + 1];
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const r0 = i * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
      const u00 = u0[i], u10 = u0[i + 1], u20 = u0[i + 2], u30 = u0[i + 3]; // u<row><step>
      const u01 = u1[i], u11 = u1[i + 1], u21 = u1[i + 2], u31 = u1[i + 3];
      for (let j = 0; j < cols; j++) {
        const v0j = v0[j], v1j = v1[j];
        A[r0 + j] += u00 * v0j + u01 * v1j;
        A[r1 + j] += u10 * v0j + u11 * v1j;
        A[r2 + j] += u20 * v0j + u21 * v1j;
        A[r3 + j] += u30 * v0j + u31 * v1j;
      }
    }
    for (; i < rows; i++) {
      const r = i * width, u0i = u0[i], u1i = u1[i];
      for (let j = 0; j < cols; j++) A[r + j] += u0i * v0[j] + u1i * v1[j];
    }
  }
  if (t < to) {
    const u = us[t], v = vs[t];
    for (let i = 0; i < rows; i++) {
      const r = i * width, ui = u[i];
      for (let j = 0; j < cols; j++) A[r + j] += ui * v[j];
    }
  }
}
