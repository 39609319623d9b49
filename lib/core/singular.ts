/**
 * The largest singular value σ₁ of a recurrent weight matrix: the most a single step can stretch a
 * vector, and so the factor that decides whether a product of Jacobians can grow or must shrink.
 */
import { RandomState } from './random.ts';

/**
 * A (rows, cols) block of a row-major matrix whose rows are `stride` apart in `data`. It matches
 * the `Block` of lib/models/model.ts structurally, without core depending on models.
 */
export interface MatrixBlock {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly stride: number;
}

/** Stop when an iteration moves the estimate by less than this, relative to it. */
const TOLERANCE = 1e-10;

/**
 * σ₁(A) by power iteration on AᵀA: v ← AᵀA v / ‖AᵀA v‖ converges to the top right singular vector,
 * and ‖A v‖ (for unit v) rises to σ₁ from below. Stops when the estimate changes by less than
 * 1e-10 relative, which leaves it about 1e-10 / (1 − (σ₂/σ₁)⁴) below σ₁, or after `iterations`;
 * the zero matrix gives 0.
 */
export function largestSingularValue(A: MatrixBlock, iterations = 500): number {
  const { data, rows, cols, stride } = A;
  if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(cols) && cols >= 0)) {
    throw new Error(`block rows and cols must be integers ≥ 0, got ${rows} × ${cols}`);
  }
  if (!(Number.isInteger(stride) && stride >= cols)) {
    throw new Error(`block stride must be an integer ≥ cols (${cols}), got ${stride}`);
  }
  if (rows > 0 && cols > 0 && (rows - 1) * stride + cols > data.length) {
    const needed = (rows - 1) * stride + cols;
    throw new Error(`a ${rows} × ${cols} block with stride ${stride} needs ${needed} values, data has ${data.length}`);
  }
  if (!(Number.isInteger(iterations) && iterations >= 1)) {
    throw new Error(`iterations must be an integer ≥ 1, got ${iterations}`);
  }
  if (rows === 0 || cols === 0) return 0;

  // A Gaussian start has a nonzero component along the top singular vector with probability 1;
  // a fixed seed makes the result the same on every run.
  const v = new RandomState(0).fillNormal(new Float64Array(cols)); // (cols)
  const Av = new Float64Array(rows); // (rows)
  scale(v, 1 / norm(v));
  let sigma = 0;
  for (let k = 0; k < iterations; k++) {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0, o = r * stride; c < cols; c++) s += data[o + c] * v[c];
      Av[r] = s;
    }
    const next = norm(Av);
    // Av = 0 for a start in the null space, which for a random start means A = 0.
    if (next === 0) return 0;
    v.fill(0);
    for (let r = 0; r < rows; r++) {
      const a = Av[r];
      for (let c = 0, o = r * stride; c < cols; c++) v[c] += data[o + c] * a;
    }
    scale(v, 1 / norm(v));
    if (Math.abs(next - sigma) <= TOLERANCE * next) return next;
    sigma = next;
  }
  return sigma;
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}
