import { describe, expect, it } from 'vitest';
import { Adam } from '../../../lib/core/adam.ts';
import { lookupBackward, sparseRows } from '../../../lib/core/embedding.ts';
import { lazyAdamStep } from '../../../lib/core/lazy-adam.ts';

/** The 64 bits of each number, so that equality means bit for bit (−0 ≠ 0, any NaN payload). */
const bits = (a: Float64Array) => Array.from(new BigUint64Array(Float64Array.from(a).buffer));

/** Row r of a (·, D) row-major array. */
const row = (a: Float64Array, r: number, D: number) => a.subarray(r * D, (r + 1) * D);

/** A (V, D) table of varied values. */
const table = (V: number, D: number) => Float64Array.from({ length: V * D }, (_, i) => Math.cos(0.9 * i + 0.3));

/** ∂L/∂e_t for t = 1..T (index 0 unused), different for every step and every call with another seed. */
function stepGrads(T: number, D: number, seed: number): Float64Array[] {
  return Array.from({ length: T + 1 }, (_, t) =>
    Float64Array.from({ length: D }, (_, j) => Math.sin(1.7 * t + 2.3 * j + seed) * 10 ** ((j % 3) - 1)),
  );
}

/** The dense (V, D) gradient of a window, by the definition: ∂L/∂E[x_t] += ∂L/∂e_t, in time order. */
function denseGrad(V: number, D: number, xs: Int32Array, des: Float64Array[]): Float64Array {
  const g = new Float64Array(V * D);
  for (let t = 1; t <= xs.length; t++) for (let j = 0; j < D; j++) g[xs[t - 1] * D + j] += des[t][j];
  return g;
}

/** max |a − b| / |b| over elements (b ≠ 0 throughout). */
function maxRel(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

describe('lazyAdamStep', () => {
  it('leaves the parameters and both moments of untouched rows bit-identical, where dense Adam moves them', () => {
    const V = 6, D = 3;
    const E = table(V, D);
    const adam = new Adam(V * D, { lr: 0.01 });
    const g = sparseRows(V, D, 6);
    lookupBackward(g, Int32Array.from([0, 1, 2, 3, 4, 5]), stepGrads(6, D, 0), 6); // m, v ≠ 0 on every row
    lazyAdamStep(adam, E, g);
    const before = { E: E.slice(), m: adam.m.slice(), v: adam.v.slice() };
    const xs = Int32Array.from([4, 1, 4]), des = stepGrads(3, D, 1);
    const dense = new Adam(V * D, { lr: 0.01 });
    dense.m.set(adam.m); dense.v.set(adam.v); dense.t = adam.t;
    const denseE = E.slice();
    dense.step(denseE, denseGrad(V, D, xs, des));

    lookupBackward(g, xs, des, 3);
    lazyAdamStep(adam, E, g);
    for (const r of [0, 2, 3, 5]) {
      expect(bits(row(E, r, D))).toEqual(bits(row(before.E, r, D)));
      expect(bits(row(adam.m, r, D))).toEqual(bits(row(before.m, r, D)));
      expect(bits(row(adam.v, r, D))).toEqual(bits(row(before.v, r, D)));
      expect(row(denseE, r, D)).not.toEqual(row(before.E, r, D)); // momentum carries them under dense Adam
    }
    for (const r of [1, 4]) {
      for (const [now, then] of [[E, before.E], [adam.m, before.m], [adam.v, before.v]]) {
        row(now, r, D).forEach((x, j) => expect(x).not.toBe(row(then, r, D)[j]));
      }
    }
  });

  it('equals dense Adam on the dense gradient, to 1e-15 relative, when every step touches every row', () => {
    const V = 5, D = 4, T = 8, steps = 6;
    const options = { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-6 };
    const lazyE = table(V, D), denseE = table(V, D);
    const lazy = new Adam(V * D, options), dense = new Adam(V * D, options);
    const g = sparseRows(V, D, T);
    for (let k = 0; k < steps; k++) {
      // (k + 2i) mod 5 for i = 0..7 takes every row at least once, three of them twice.
      const xs = Int32Array.from({ length: T }, (_, i) => (k + 2 * i) % V);
      const des = stepGrads(T, D, k);
      lookupBackward(g, xs, des, T);
      lazyAdamStep(lazy, lazyE, g);
      dense.step(denseE, denseGrad(V, D, xs, des));
    }
    expect(lazy.t).toBe(steps);
    expect(maxRel(lazyE, denseE)).toBeLessThanOrEqual(1e-15);
    expect(maxRel(lazy.m, dense.m)).toBeLessThanOrEqual(1e-15);
    expect(maxRel(lazy.v, dense.v)).toBeLessThanOrEqual(1e-15);
  });

  it('corrects the bias of a row touched for the first time at step 3 with the global count t = 3', () => {
    // β1 = 1/2, β2 = 3/4. Steps 1 and 2 touch row 0 only; step 3 touches row 1 alone, with g = 1/2:
    // m = (1 − β1) g = 1/4, v = (1 − β2) g² = 1/16, m̂ = m / (1 − β1³) = 2/7, v̂ = v / (1 − β2³) = 4/37,
    // so θ moves by lr · (2/7) / (2/√37 + ε) ≈ 0.0869. A count of the row's own touches (1) would
    // give m̂ = 1/2, v̂ = 1/4 and a move of lr · (1/2) / (1/2 + ε) ≈ 0.1.
    const lr = 0.1, eps = 1e-8;
    const E = Float64Array.from([0, 1]);
    const adam = new Adam(2, { lr, beta1: 0.5, beta2: 0.75, eps });
    const g = sparseRows(2, 1, 1);
    const des = [new Float64Array(1), Float64Array.from([1])];
    for (let k = 0; k < 2; k++) {
      lookupBackward(g, Int32Array.from([0]), des, 1);
      lazyAdamStep(adam, E, g);
    }
    lookupBackward(g, Int32Array.from([1]), [new Float64Array(1), Float64Array.from([0.5])], 1);
    lazyAdamStep(adam, E, g);
    expect(adam.m[1]).toBe(1 / 4);
    expect(adam.v[1]).toBe(1 / 16);
    expect(E[1]).toBeCloseTo(1 - (lr * (2 / 7)) / (2 / Math.sqrt(37) + eps), 14);
  });

  it('gives a row touched for the first time at step 4 exactly dense Adam’s update', () => {
    const V = 3, D = 2;
    const lazyE = table(V, D), denseE = table(V, D);
    const lazy = new Adam(V * D), dense = new Adam(V * D);
    const g = sparseRows(V, D, 3);
    for (let k = 1; k <= 4; k++) {
      const xs = Int32Array.from(k < 4 ? [0, 2, 0] : [2, 1, 0]);
      const des = stepGrads(3, D, k);
      lookupBackward(g, xs, des, 3);
      lazyAdamStep(lazy, lazyE, g);
      dense.step(denseE, denseGrad(V, D, xs, des));
      if (k === 3) expect(bits(row(lazyE, 1, D))).toEqual(bits(row(table(V, D), 1, D))); // not moved yet
    }
    expect(bits(row(lazyE, 1, D))).toEqual(bits(row(denseE, 1, D)));
    expect(bits(row(lazy.m, 1, D))).toEqual(bits(row(dense.m, 1, D)));
    expect(bits(row(lazy.v, 1, D))).toEqual(bits(row(dense.v, 1, D)));
  });

  it('counts a step that touches no row, and changes nothing else', () => {
    const E = table(4, 2);
    const adam = new Adam(8);
    lazyAdamStep(adam, E, sparseRows(4, 2, 3));
    expect(adam.t).toBe(1);
    expect(bits(E)).toEqual(bits(table(4, 2)));
    expect(adam.m).toEqual(new Float64Array(8));
    expect(adam.v).toEqual(new Float64Array(8));
  });

  it('refuses a table, an Adam and a gradient that are not all for the same V·D', () => {
    const message = 'lazyAdamStep: the table has 8 numbers, the Adam was made for 6 and the gradient for a (4, 2) table; all three must be the same V·D';
    expect(() => lazyAdamStep(new Adam(6), new Float64Array(8), sparseRows(4, 2, 3))).toThrow(message);
    expect(() => lazyAdamStep(new Adam(8), new Float64Array(8), sparseRows(3, 2, 3))).toThrow('gradient for a (3, 2) table');
  });
});
