import { describe, expect, it } from 'vitest';
import { accumulate, clear, sparseRows } from '../../../lib/core/embedding.ts';
import { gradCheck, tableGradCheck } from '../../../lib/core/gradcheck.ts';
import { tensor } from '../../../lib/core/tensor.ts';
import { allocParams, type Params } from '../../../lib/core/params.ts';
import { softmaxCrossEntropy } from '../../../lib/core/softmax.ts';

/**
 * A tanh layer under a softmax cross-entropy, summed over examples (three by default):
 * a = W1 x + b1, hid = tanh(a), z = W2 hid + b2, L = Σₙ −log softmax(z)[yₙ],
 * with its backward pass derived by hand. The last input component is always 0, so the last
 * column of dW1 is exactly 0; hidden unit 2 sits at a ≈ 7.5 (1 − tanh² ≈ 1e-6) and unit 3 at a ≈ 11
 * (1 − tanh² ≈ 1e-9), so their rows of dW1 are small and tiny but not zero.
 */
type K = 'W1' | 'b1' | 'W2' | 'b2';
const D = 4;
const H = 4;
const V = 5;
const spec = { W1: [H, D], b1: [H], W2: [V, H], b2: [V] };
const threeExamples = {
  xs: [
    [0.5, -1, 0.8, 0],
    [-0.3, 0.9, 0.2, 0],
    [1.1, 0.4, -0.7, 0],
  ],
  ys: [1, 4, 0],
};

function tanhNet({ xs, ys } = threeExamples) {
  const params = allocParams<K>(spec);
  const grads = allocParams<K>(spec);
  for (let i = 0; i < params.flat.length; i++) params.flat[i] = 0.5 * Math.sin(1.3 * i + 0.4);
  params.tensors.b1.data[2] = 7.5;
  params.tensors.b1.data[3] = 11;
  const hid = new Float64Array(H);
  const z = new Float64Array(V);
  const p = new Float64Array(V);

  /** L, and if asked dL/dθ into `grads`. */
  function lossAndGrads(withGrads: boolean): number {
    const { W1, b1, W2, b2 } = params.tensors;
    const g = grads.tensors;
    if (withGrads) grads.flat.fill(0);
    let L = 0;
    xs.forEach((x, n) => {
      for (let i = 0; i < H; i++) {
        let a = b1.data[i];
        for (let j = 0; j < D; j++) a += W1.data[i * D + j] * x[j];
        hid[i] = Math.tanh(a);
      }
      for (let k = 0; k < V; k++) {
        z[k] = b2.data[k];
        for (let i = 0; i < H; i++) z[k] += W2.data[k * H + i] * hid[i];
      }
      L += softmaxCrossEntropy(p, z, ys[n]);
      if (!withGrads) return;
      p[ys[n]] -= 1; // dz = p − onehot(y)
      for (let i = 0; i < H; i++) {
        let dhid = 0;
        for (let k = 0; k < V; k++) {
          g.W2.data[k * H + i] += p[k] * hid[i];
          dhid += W2.data[k * H + i] * p[k];
        }
        const da = (1 - hid[i] * hid[i]) * dhid;
        g.b1.data[i] += da;
        for (let j = 0; j < D; j++) g.W1.data[i * D + j] += da * x[j];
      }
      for (let k = 0; k < V; k++) g.b2.data[k] += p[k];
    });
    return L;
  }

  lossAndGrads(true);
  const analytic = allocParams<K>(spec);
  analytic.flat.set(grads.flat);
  return { params, analytic, loss: () => lossAndGrads(false) };
}

/** Index of the largest |value| in a tensor of `params`. */
function argmaxAbs(p: Params<K>, k: K): number {
  const d = p.tensors[k].data;
  let best = 0;
  for (let i = 1; i < d.length; i++) if (Math.abs(d[i]) > Math.abs(d[best])) best = i;
  return best;
}

describe('gradCheck', () => {
  it('passes a correct gradient with relative error below 1e-6 in every tensor', () => {
    const { params, analytic, loss } = tanhNet();
    const errors = gradCheck(params, analytic, loss);
    expect(Object.keys(errors)).toEqual(['W1', 'b1', 'W2', 'b2']);
    for (const k of params.names) expect(errors[k]).toBeLessThan(1e-6);
  });

  it('passes a correct gradient of a loss summed over many examples, where round-off grows with |L|', () => {
    const N = 200;
    const xs = Array.from({ length: N }, (_, n) => [0, 1, 2].map((j) => 2 * Math.sin(0.7 * n + 2.1 * j)).concat(0));
    const ys = Array.from({ length: N }, (_, n) => (n * 3) % V);
    const { params, analytic, loss } = tanhNet({ xs, ys });
    expect(loss()).toBeGreaterThan(100);
    const errors = gradCheck(params, analytic, loss);
    for (const k of params.names) expect(errors[k]).toBeLessThan(1e-6);
  });

  it('passes a tensor whose gradient has exactly-zero entries', () => {
    const { params, analytic, loss } = tanhNet();
    const dW1 = analytic.tensors.W1.data;
    for (let i = 0; i < H; i++) expect(dW1[i * D + D - 1]).toBe(0);
    expect(gradCheck(params, analytic, loss).W1).toBeLessThan(1e-6);
  });

  it('passes components whose true gradient is below the finite-difference noise', () => {
    const { params, analytic, loss } = tanhNet();
    // The row of the saturated unit: against max(|a|, |n|) alone, round-off makes it look wrong.
    const W1 = params.tensors.W1.data;
    const dW1 = analytic.tensors.W1.data;
    const h = 1e-5;
    let naive = 0;
    for (let j = 0; j < D - 1; j++) {
      const i = 3 * D + j;
      expect(Math.abs(dW1[i])).toBeGreaterThan(0);
      expect(Math.abs(dW1[i])).toBeLessThan(1e-8);
      const old = W1[i];
      W1[i] = old + h;
      const up = loss();
      W1[i] = old - h;
      const down = loss();
      W1[i] = old;
      const n = (up - down) / (2 * h);
      naive = Math.max(naive, Math.abs(dW1[i] - n) / Math.max(Math.abs(dW1[i]), Math.abs(n)));
    }
    expect(naive).toBeGreaterThan(1e-3);
    expect(gradCheck(params, analytic, loss).W1).toBeLessThan(1e-6);
  });

  it('flags one component that is off by 1 %', () => {
    const { params, analytic, loss } = tanhNet();
    analytic.tensors.W2.data[argmaxAbs(analytic, 'W2')] *= 1.01;
    const errors = gradCheck(params, analytic, loss);
    expect(errors.W2).toBeGreaterThan(1e-3); // 0.01 / 2.01 ≈ 5e-3
    for (const k of ['W1', 'b1', 'b2'] as const) expect(errors[k]).toBeLessThan(1e-6);
  });

  it('flags a 1 % error in a component about a million times smaller than the loss', () => {
    const { params, analytic, loss } = tanhNet();
    const b1 = analytic.tensors.b1.data;
    const L = loss();
    // Unit 2's bias gradient is scaled by 1 − tanh²(≈7.5), far below the floor 1e-3·L, yet above
    // the 1e-7·L down to which the floor still lets a 1 % error score above 1e-6.
    expect(Math.abs(b1[2])).toBeGreaterThan(2e-7 * L);
    expect(Math.abs(b1[2])).toBeLessThan(2e-6 * L);
    b1[2] *= 1.01;
    expect(gradCheck(params, analytic, loss).b1).toBeGreaterThan(1e-6);
  });

  it('flags a gradient with its sign flipped', () => {
    const { params, analytic, loss } = tanhNet();
    const db2 = analytic.tensors.b2.data;
    for (let k = 0; k < V; k++) db2[k] = -db2[k];
    expect(gradCheck(params, analytic, loss).b2).toBeCloseTo(1, 6);
  });

  it('flags a single component with its sign flipped', () => {
    const { params, analytic, loss } = tanhNet();
    analytic.tensors.W1.data[argmaxAbs(analytic, 'W1')] *= -1;
    expect(gradCheck(params, analytic, loss).W1).toBeCloseTo(1, 6);
  });

  it('reports NaN, not a pass, when the analytic gradient holds a NaN', () => {
    const { params, analytic, loss } = tanhNet();
    analytic.tensors.b1.data[0] = NaN;
    expect(gradCheck(params, analytic, loss).b1).toBeNaN();
  });

  it('restores every parameter to its exact original value', () => {
    const { params, analytic, loss } = tanhNet();
    const before = Float64Array.from(params.flat);
    gradCheck(params, analytic, loss);
    expect(Array.from(params.flat)).toEqual(Array.from(before));
  });

  it('evaluates the loss at θ ± h eᵢ for every element of every tensor', () => {
    const params = allocParams({ a: [2, 3], b: [2] });
    const analytic = allocParams({ a: [2, 3], b: [2] });
    const seen: string[] = [];
    gradCheck(params, analytic, () => {
      params.flat.forEach((x, i) => x !== 0 && seen.push(`${i}:${x}`));
      return 0;
    }, { h: 0.5 });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [`${i}:0.5`, `${i}:-0.5`]));
  });

  it('rejects an analytic gradient of a different layout', () => {
    const params = allocParams({ a: [2, 3] });
    const analytic = allocParams({ a: [3] });
    expect(() => gradCheck(params, analytic, () => 0)).toThrow(/analytic gradient has no tensor 'a' of 6 numbers/);
  });

  it('rejects a loss that is not finite at the starting point', () => {
    const params = allocParams({ a: [1] });
    expect(() => gradCheck(params, allocParams({ a: [1] }), () => NaN)).toThrow(/loss must be finite/);
  });

  it('rejects a step h that is not a finite positive number', () => {
    const params = allocParams({ a: [1] });
    expect(() => gradCheck(params, allocParams({ a: [1] }), () => 0, { h: 0 })).toThrow(
      'gradCheck h must be a finite number > 0, got 0',
    );
  });
});

describe('tableGradCheck', () => {
  // L = Σ_t ½‖E[x_t]‖² · w_t: ∂L/∂E[v] = Σ_{t: x_t = v} w_t E[v], held as sparse rows; rows 1 and 3 are never read.
  const V = 5, D = 3, xs = [2, 0, 2, 4], ws = [1, -2, 0.5, 3];
  const E = tensor([V, D], Float64Array.from({ length: V * D }, (_, i) => Math.sin(i + 1)));
  const grad = sparseRows(V, D, xs.length);
  /** The loss, its sparse gradient written into `grad`, scaled by `wrongBy` to plant an error. */
  const loss = (wrongBy = 1) => () => {
    clear(grad);
    let L = 0;
    xs.forEach((x, t) => {
      const row = E.data.subarray(x * D, (x + 1) * D);
      L += 0.5 * ws[t] * row.reduce((s, e) => s + e * e, 0);
      accumulate(grad, x, row.map((e) => wrongBy * ws[t] * e));
    });
    return L;
  };

  it('passes a table whose sparse gradient is right, rows never touched included', () => {
    expect(tableGradCheck(E, grad, loss())).toBeLessThan(1e-8);
  });

  it('fails one whose gradient is 1 % off, and leaves the table as it was', () => {
    const before = E.data.slice();
    expect(tableGradCheck(E, grad, loss(1.01))).toBeGreaterThan(1e-3);
    expect(E.data).toEqual(before);
  });
});
