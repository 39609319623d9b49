/**
 * An embedding layer: a table E (V, D) whose row E[v] is the vector of token v, so that the input
 * of step t is e_t = E[x_t], D numbers, instead of a one-hot x_t of V. Forward is a lookup; backward,
 *
 *   ∂L/∂E[v] = Σ_{t : x_t = v} ∂L/∂e_t,
 *
 * is zero on every row the window did not touch, all but at most T of the V rows. The gradient is
 * kept in that form (SparseRows: the touched rows and their summed gradients) and never as a dense
 * (V, D) array, so that the backward pass, and with lazyAdamStep (lazy-adam.ts) the optimiser step,
 * cost O(T·D) however large the vocabulary is.
 *
 * Time runs t = 1..T as in the models: x_t is xs[t − 1], e_t and ∂L/∂e_t live at es[t] and des[t].
 */
import type { Tensor } from './tensor.ts';

/**
 * The rows of an embedding table E (V, D) as views: rows[v] is E[v], the same memory, not a copy.
 * Made once per table, so that the lookup is an assignment, es[t] = rows[x_t], and es[t] is a
 * Float64Array of length D that the kernels of tensor.ts take as they take any vector (affineEach
 * over es, for instance). Copying instead would cost T·D numbers per window and a buffer per step,
 * and would only buy safety from a model writing into E through es[t]; with views, es[t] is the
 * parameter itself, so a model must only read it. A view follows every change to E (an optimiser
 * step, a gradient check's perturbation), as a forward pass run after the change should.
 */
export function rowViews(E: Tensor): Float64Array[] {
  const [V, D] = E.shape;
  if (E.shape.length !== 2 || V < 1 || D < 1) {
    throw new Error(`an embedding table must be a (V, D) matrix with V, D ≥ 1, got shape [${E.shape.join(', ')}]`);
  }
  return Array.from({ length: V }, (_, v) => E.data.subarray(v * D, (v + 1) * D));
}

/**
 * es[t] = E[x_t] for t = 1..T, from the row views of E (rowViews): no number is copied. es has a
 * slot for each step from 1, and es[0] is not used.
 */
export function lookup(es: Float64Array[], rows: readonly Float64Array[], xs: Int32Array, T: number): void {
  checkWindow(T, xs.length, 'es', es.length - 1);
  // #region lookup
  for (let t = 1; t <= T; t++) es[t] = rows[checkToken(xs[t - 1], rows.length)]; // (5.3) e_t = E[x_t]
  // #endregion lookup
}

/**
 * The gradient of an embedding table over one window, stored by rows: the distinct rows touched
 * since the last `clear`, each with the sum of the gradients that reached it. Its arrays are sized
 * once, for at most maxLen distinct rows (a window of maxLen steps touches no more), so a training
 * step allocates nothing.
 *
 * Rows are kept in the order first touched, not sorted: each row's optimiser update is independent
 * of the others, so no result depends on the order, and a sort per window would buy nothing. The
 * gradients of one row are summed in time order either way.
 */
export interface SparseRows {
  /** Row length D. */
  readonly D: number;
  /** ids[s] for s < count: the distinct rows touched, in the order first touched. (maxLen) */
  readonly ids: Int32Array;
  /** Number of distinct rows held. */
  count: number;
  /** grads[s·D + j] = ∂L/∂E[ids[s], j], summed over the steps that touched the row; 0 for s ≥ count. (maxLen, D) */
  readonly grads: Float64Array;
  /**
   * slot[v] = s where ids[s] = v, or −1 for a row not touched: finding a row's slot is one read
   * rather than a scan of the ids (O(T²) per window), at 4 bytes per row of the table. (V)
   */
  readonly slot: Int32Array;
}

/** An empty SparseRows for a table (V, D) and windows of up to maxLen steps. */
export function sparseRows(V: number, D: number, maxLen: number): SparseRows {
  for (const [name, n] of [['V', V], ['D', D], ['maxLen', maxLen]] as const) {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`sparseRows: ${name} must be an integer ≥ 1, got ${n}`);
  }
  return {
    D,
    ids: new Int32Array(maxLen),
    count: 0,
    grads: new Float64Array(maxLen * D),
    slot: new Int32Array(V).fill(-1),
  };
}

/** Empty g, touching only the rows it holds: O(count·D), not O(V). */
export function clear(g: SparseRows): void {
  for (let s = 0; s < g.count; s++) g.slot[g.ids[s]] = -1;
  g.grads.fill(0, 0, g.count * g.D);
  g.count = 0;
}

/** ∂L/∂E[token] += de: the row's slot is found, or taken if the row is new to g. */
export function accumulate(g: SparseRows, token: number, de: Float64Array): void {
  const { D, ids, grads, slot } = g;
  checkToken(token, slot.length);
  if (de.length !== D) throw new Error(`the gradient of an embedding row must have D = ${D} numbers, got ${de.length}`);
  let s = slot[token];
  if (s < 0) {
    if (g.count === ids.length) {
      throw new Error(
        `SparseRows holds at most ${ids.length} distinct rows (its maxLen) and has them all; row ${token} ` +
          'would be one more: clear it between windows',
      );
    }
    s = g.count++;
    slot[token] = s;
    ids[s] = token;
  }
  for (let j = 0, k = s * D; j < D; j++, k++) grads[k] += de[j];
}

/**
 * dE ← ∂L/∂E over one window: ∂L/∂e_t (des[t]) summed into row x_t for t = 1..T. Overwrites dE,
 * as a model's backward pass overwrites its gradients.
 */
export function lookupBackward(dE: SparseRows, xs: Int32Array, des: readonly Float64Array[], T: number): void {
  checkWindow(T, xs.length, 'des', des.length - 1, dE.ids.length);
  // #region lookup-backward
  clear(dE);
  for (let t = 1; t <= T; t++) accumulate(dE, xs[t - 1], des[t]); // (5.7) ∂L/∂E[x_t] += ∂L/∂e_t
  // #endregion lookup-backward
}

/** out ← g as a dense (V, D) array, zero on the rows g does not hold: for tests and gradient checks. */
export function scatter(out: Float64Array, g: SparseRows): void {
  const { D, ids, grads } = g;
  const size = g.slot.length * D;
  if (out.length !== size) throw new Error(`scatter needs an array of V·D = ${size} numbers, got ${out.length}`);
  out.fill(0);
  for (let s = 0; s < g.count; s++) {
    for (let j = 0; j < D; j++) out[ids[s] * D + j] = grads[s * D + j];
  }
}

/** Refuse a token id outside the table; returns it. */
function checkToken(token: number, V: number): number {
  if (!(Number.isInteger(token) && token >= 0 && token < V)) {
    throw new Error(`token id must be an integer in 0..${V - 1} (a row of the embedding table), got ${token}`);
  }
  return token;
}

/**
 * Refuse a window length T beyond the ids xs holds, the steps 1..slots that es or des (`what`) has
 * room for, or the distinct rows a SparseRows can hold.
 */
function checkWindow(T: number, xsLength: number, what: string, slots: number, capacity = Infinity): void {
  const max = Math.min(xsLength, slots, capacity);
  if (!(Number.isInteger(T) && T >= 1 && T <= max)) {
    const rows = capacity < Infinity ? `, the SparseRows holds ${capacity} distinct rows (its maxLen)` : '';
    throw new Error(
      `window length must be an integer in 1..${max} (xs holds ${xsLength} ids, ${what} has slots for ` +
        `steps 1..${slots}${rows}), got ${T}`,
    );
  }
}
