import { describe, expect, it } from 'vitest';
import { pca2 } from '../../../lib/core/pca.ts';
import { RandomState } from '../../../lib/core/random.ts';

/** V points c·(a_v e1 + b_v e2) + noise in D dimensions, for orthonormal e1, e2 given. */
function cloud(e1: number[], e2: number[], V: number, spread: [number, number], noise: number, seed = 1): Float64Array {
  const rng = new RandomState(seed);
  const D = e1.length;
  const X = new Float64Array(V * D);
  for (let v = 0; v < V; v++) {
    const a = spread[0] * rng.standardNormal();
    const b = spread[1] * rng.standardNormal();
    for (let j = 0; j < D; j++) X[v * D + j] = 5 + a * e1[j] + b * e2[j] + noise * rng.standardNormal();
  }
  return X;
}
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, j) => s + x * b[j], 0);

describe('pca2', () => {
  it('finds the first axis of 2-D data at the angle ½ atan2(2 s_xy, s_xx − s_yy) of the closed form', () => {
    const X = cloud([Math.cos(0.4), Math.sin(0.4)], [-Math.sin(0.4), Math.cos(0.4)], 400, [3, 1], 0);
    const V = 400;
    let mx = 0, my = 0;
    for (let v = 0; v < V; v++) { mx += X[2 * v] / V; my += X[2 * v + 1] / V; }
    let sxx = 0, syy = 0, sxy = 0;
    for (let v = 0; v < V; v++) {
      const x = X[2 * v] - mx, y = X[2 * v + 1] - my;
      sxx += x * x; syy += y * y; sxy += x * y;
    }
    const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
    const { axes, explained } = pca2(X, V, 2);
    expect(Math.abs(dot(axes.subarray(0, 2), [Math.cos(theta), Math.sin(theta)]))).toBeCloseTo(1, 12);
    // In two dimensions the two axes hold all of the variance, the first the larger eigenvalue.
    const l1 = (sxx + syy) / 2 + Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
    expect(explained[0]).toBeCloseTo(l1 / (sxx + syy), 10);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 10);
  });

  it('recovers the two directions a 6-D cloud was spread along, as orthonormal axes', () => {
    const s = 1 / Math.sqrt(2);
    const e1 = [s, 0, s, 0, 0, 0];
    const e2 = [0, s, 0, -s, 0, 0];
    const { axes, explained } = pca2(cloud(e1, e2, 500, [4, 2], 0.05), 500, 6);
    const u1 = axes.subarray(0, 6), u2 = axes.subarray(6, 12);
    expect(Math.abs(dot(u1, e1))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(u2, e2))).toBeGreaterThan(0.999);
    expect(dot(u1, u1)).toBeCloseTo(1, 12);
    expect(dot(u2, u2)).toBeCloseTo(1, 12);
    expect(dot(u1, u2)).toBeCloseTo(0, 12);
    expect(explained[0]).toBeGreaterThan(explained[1]);
    expect(explained[0] + explained[1]).toBeGreaterThan(0.99);
  });

  it("gives each row's coordinates as its centred vector's dot products with the axes", () => {
    const X = cloud([1, 0, 0], [0, 1, 0], 50, [2, 1], 0.3);
    const { points, axes } = pca2(X, 50, 3);
    const mean = [0, 1, 2].map((j) => Array.from({ length: 50 }, (_, v) => X[v * 3 + j]).reduce((a, b) => a + b) / 50);
    for (const v of [0, 17, 49]) {
      const centred = [0, 1, 2].map((j) => X[v * 3 + j] - mean[j]);
      expect(points[2 * v]).toBeCloseTo(dot(centred, axes.subarray(0, 3)), 12);
      expect(points[2 * v + 1]).toBeCloseTo(dot(centred, axes.subarray(3, 6)), 12);
    }
  });

  it("keeps the start axes' signs, so that a redraw does not mirror the picture", () => {
    const X = cloud([0, 1, 0, 0], [0, 0, 0, 1], 200, [3, 1], 0.1);
    const first = pca2(X, 200, 4);
    const flipped = first.axes.map((x) => -x);
    const again = pca2(X, 200, 4, flipped);
    expect(dot(again.axes.subarray(0, 4), flipped.subarray(0, 4))).toBeGreaterThan(0.999);
    expect(dot(again.axes.subarray(4, 8), flipped.subarray(4, 8))).toBeGreaterThan(0.999);
    expect(again.points[0]).toBeCloseTo(-first.points[0], 5);
  });

  it('puts every row at the origin when all rows are equal, and refuses a table with one column', () => {
    const same = new Float64Array(12).fill(0.5);
    const { points, explained } = pca2(same, 4, 3);
    expect(Array.from(points)).toEqual(new Array(8).fill(0));
    expect(explained).toEqual([0, 0]);
    expect(() => pca2(new Float64Array(4), 4, 1)).toThrow(/D ≥ 2/);
  });
});
