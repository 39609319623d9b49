/**
 * A picture of an embedding table: its rows projected onto the plane that keeps the most of their
 * spread, the first two principal components (Pearson 1901). Words the model treats alike land near
 * each other. Computed by power iteration on the centred table, as singular.ts finds σ₁, so that each
 * redraw costs O(V·D) per iteration and nothing of size D × D is formed; the previous frame's axes
 * are the next frame's start, so a picture that changes a little converges in a few iterations and
 * does not flip over between frames.
 */

export interface Projection {
  /** points[2v], points[2v + 1]: row v's coordinates along the two axes. (V, 2) */
  points: Float64Array;
  /** The two unit axes, one after the other: the principal directions in the D-dimensional space. (2, D) */
  axes: Float64Array;
  /** The fraction of the rows' total variance along each axis. */
  explained: [number, number];
}

/** Stop when an axis moves less than this (1 − |cos| between iterations). */
const TOLERANCE = 1e-12;

/**
 * The first two principal components of the rows of X (V, D), V ≥ 1 and D ≥ 2. `start` (2, D), e.g.
 * the axes of the previous projection, is where the iteration begins; each axis's sign is then kept
 * as close to start's as possible. Without it, the iteration starts from fixed vectors.
 */
export function pca2(X: Float64Array, V: number, D: number, start?: Float64Array, iterations = 300): Projection {
  if (!(Number.isInteger(V) && V >= 1 && Number.isInteger(D) && D >= 2 && X.length >= V * D)) {
    throw new Error(`pca2 needs a (V, D) table with V ≥ 1 and D ≥ 2 and V·D values, got V = ${V}, D = ${D}, ${X.length} values`);
  }
  if (start && start.length !== 2 * D) throw new Error(`start axes must hold 2 × ${D} values, got ${start.length}`);
  const mean = new Float64Array(D);
  for (let v = 0; v < V; v++) for (let j = 0; j < D; j++) mean[j] += X[v * D + j] / V;
  let total = 0; // Σ_v ‖x_v − mean‖²
  for (let v = 0; v < V; v++) for (let j = 0; j < D; j++) total += (X[v * D + j] - mean[j]) * (X[v * D + j] - mean[j]);

  const axes = new Float64Array(2 * D);
  const explained: [number, number] = [0, 0];
  const scores = new Float64Array(V);
  for (let a = 0; a < 2; a++) {
    const u = axes.subarray(a * D, (a + 1) * D);
    // A fixed start that is not orthogonal to a generic axis: 1, 2, 3, … (and its deflation below).
    if (start) u.set(start.subarray(a * D, (a + 1) * D));
    else for (let j = 0; j < D; j++) u[j] = (j + 1 + a) % D + 1;
    const previous = new Float64Array(D);
    for (let k = 0; k < iterations; k++) {
      if (a === 1) deflate(u, axes.subarray(0, D));
      if (normalise(u) === 0) break;
      previous.set(u);
      // u ← Cᵀ C u with C the centred table: scores s = C u, then u = Cᵀ s.
      project(X, mean, V, D, u, scores);
      u.fill(0);
      for (let v = 0; v < V; v++) for (let j = 0; j < D; j++) u[j] += (X[v * D + j] - mean[j]) * scores[v];
      if (a === 1) deflate(u, axes.subarray(0, D));
      if (normalise(u) === 0) break;
      if (1 - Math.abs(dot(u, previous)) < TOLERANCE) break;
    }
    if (start && dot(u, start.subarray(a * D, (a + 1) * D)) < 0) for (let j = 0; j < D; j++) u[j] = -u[j];
    project(X, mean, V, D, u, scores);
    explained[a] = total > 0 ? dot(scores, scores) / total : 0;
  }
  const points = new Float64Array(2 * V);
  for (let a = 0; a < 2; a++) {
    project(X, mean, V, D, axes.subarray(a * D, (a + 1) * D), scores);
    for (let v = 0; v < V; v++) points[2 * v + a] = scores[v];
  }
  return { points, axes, explained };
}

/** scores[v] = (x_v − mean) · u. */
function project(X: Float64Array, mean: Float64Array, V: number, D: number, u: Float64Array, scores: Float64Array): void {
  for (let v = 0; v < V; v++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += (X[v * D + j] - mean[j]) * u[j];
    scores[v] = s;
  }
}

/** u ← u − (u · w) w for a unit w: the part of u orthogonal to the first axis. */
function deflate(u: Float64Array, w: Float64Array): void {
  const c = dot(u, w);
  for (let j = 0; j < u.length; j++) u[j] -= c * w[j];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** u ← u / ‖u‖; returns ‖u‖ (0 leaves u as it was). */
function normalise(u: Float64Array): number {
  const n = Math.sqrt(dot(u, u));
  if (n > 0) for (let j = 0; j < u.length; j++) u[j] /= n;
  return n;
}
