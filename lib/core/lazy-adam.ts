/**
 * Lazy Adam: Adam's update (adam.ts) applied to the rows a sparse gradient touches and to nothing
 * else, as TensorFlow's LazyAdam and PyTorch's SparseAdam do. For an embedding table, whose
 * gradient over a window touches at most T of its V rows (embedding.ts), a step then costs
 * O(T·D) instead of O(V·D).
 *
 * The optimiser state is an ordinary Adam over the table's V·D numbers: its options and their
 * checks, its moments m and v, its step count t and its reset. Only the step is different.
 *
 * What differs from dense Adam given the same gradient, with its zeros on the untouched rows:
 * - On a row the step does not touch, dense Adam decays the moments (m ← β1 m, v ← β2 v) and, if
 *   m ≠ 0, still moves the row: momentum carries it on. Lazy Adam leaves its parameters, m and v
 *   bit for bit as they were, so when the row is touched again its m and v are those of its last
 *   touch, not decayed over the steps in between.
 * - Nothing else. A row never touched has m = v = 0 under both (decaying zeros leaves zeros, and
 *   the update of θ is then 0), so its first touch gets exactly dense Adam's update; and when every
 *   row is touched at every step the two are the same algorithm.
 *
 * Bias correction uses the global step count t, one per call however many rows it touches, as
 * SparseAdam and LazyAdam do, rather than a count of the row's own touches. Reasons: a row's first
 * touch then gets dense Adam's update (above); results compare with those two frameworks; and no
 * state per row is needed. The price is for rare rows. A row touched for the first time at a large
 * t has m = (1−β1) g and v = (1−β2) g² while 1 − βᵗ ≈ 1, so it steps α (1−β1)/√(1−β2) ≈ 3.2 α
 * (default betas), not the α of a fresh optimiser; with a constant gradient, its n-th touch steps
 * α (1−β1ⁿ)/√(1−β2ⁿ), up to 6.6 α at n = 12 and back towards α only after thousands of touches.
 * A count per row would give α throughout, and a first touch unlike dense Adam's.
 *
 * ε is added to √v̂, as in adam.ts and the paper's Algorithm 1; SparseAdam and LazyAdam add it to
 * √v (the paper's ε̂), which is the step here with ε divided by √(1−β2ᵗ).
 */
import type { Adam } from './adam.ts';
import { powInt } from './libm.ts';
import type { SparseRows } from './embedding.ts';

/**
 * One lazy Adam step of the table E (V, D), row-major, on the rows of its gradient g: advances
 * adam.t as Adam.step does, and updates m, v and E on the rows g holds, and only there.
 */
export function lazyAdamStep(adam: Adam, E: Float64Array, g: SparseRows): void {
  const { D, ids, grads } = g;
  if (adam.m.length !== E.length || g.slot.length * D !== E.length) {
    throw new Error(
      `lazyAdamStep: the table has ${E.length} numbers, the Adam was made for ${adam.m.length} and the ` +
        `gradient for a (${g.slot.length}, ${D}) table; all three must be the same V·D`,
    );
  }
  // #region lazy-adam-step
  const { lr, beta1, beta2, eps } = adam.options;
  const { m, v } = adam;
  adam.t += 1; // (5.8) the global count k: every step counts, for every row, touched or not
  const k1 = 1 / (1 - powInt(beta1, adam.t)); // (1.10) 1 / (1 − β1ᵗ)
  const k2 = 1 / (1 - powInt(beta2, adam.t)); // (1.10) 1 / (1 − β2ᵗ)
  for (let s = 0; s < g.count; s++) { // (5.8) the touched rows, and no others
    // i walks row ids[s] of E, m and v; k walks row s of grads, that row's gradient.
    for (let j = 0, i = ids[s] * D, k = s * D; j < D; j++, i++, k++) {
      const gi = grads[k];
      m[i] = beta1 * m[i] + (1 - beta1) * gi; // (1.8)
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi; // (1.9)
      const mHat = m[i] * k1, vHat = v[i] * k2; // (1.10)
      E[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps); // (1.11)
    }
  }
  // #endregion lazy-adam-step
}
