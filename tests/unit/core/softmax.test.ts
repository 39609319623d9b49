import { describe, expect, it } from 'vitest';
import { logSumExp, softmax, softmaxCrossEntropy } from '../../../lib/core/softmax.ts';

const f64 = (xs: number[]) => Float64Array.from(xs);
const sum = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0);

describe('logSumExp', () => {
  it('equals log Σ exp z on small logits', () => {
    const z = [0.5, -1.25, 2];
    expect(logSumExp(f64(z))).toBeCloseTo(Math.log(z.reduce((s, x) => s + Math.exp(x), 0)), 14);
  });

  it('is 1e4 + ln 2 for two logits of 1e4', () => {
    expect(logSumExp(f64([1e4, 1e4]))).toBeCloseTo(1e4 + Math.LN2, 10);
  });

  it('is -1e4 + ln 2 for two logits of -1e4', () => {
    expect(logSumExp(f64([-1e4, -1e4]))).toBeCloseTo(-1e4 + Math.LN2, 10);
  });

  it('is the largest logit when the others are smaller by far more than exp can resolve', () => {
    expect(logSumExp(f64([-1e4, 1e4, 0, 3]))).toBe(1e4);
  });

  it('uses only the first n entries', () => {
    expect(logSumExp(f64([0, 0, 1e4]), 2)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('softmax', () => {
  it('equals exp z / Σ exp z on small logits', () => {
    const z = [0.5, -1.25, 2];
    const e = z.map(Math.exp);
    const p = new Float64Array(3);
    softmax(p, f64(z));
    e.forEach((ei, i) => expect(p[i]).toBeCloseTo(ei / (e[0] + e[1] + e[2]), 15));
  });

  it('sums to 1', () => {
    const p = new Float64Array(7);
    softmax(p, f64([3, -2, 0.1, 7, 7, -30, 1.5]));
    expect(sum(p)).toBeCloseTo(1, 14);
  });

  it('is invariant to adding a constant to every logit', () => {
    const z = [0.3, -1, 2.5, 0];
    const p = new Float64Array(4);
    const q = new Float64Array(4);
    softmax(p, f64(z));
    softmax(q, f64(z.map((x) => x + 1234.5)));
    for (let i = 0; i < 4; i++) expect(q[i]).toBeCloseTo(p[i], 12);
  });

  it('is finite for mixed logits of ±1e4 and puts all mass on the largest', () => {
    const p = new Float64Array(4);
    softmax(p, f64([-1e4, 1e4, 0, 1e4]));
    expect(Array.from(p)).toEqual([0, 0.5, 0, 0.5]);
  });

  it('at temperature T equals softmax(z / T)', () => {
    const z = [0.3, -1, 2.5, 0];
    const T = 0.7;
    const e = z.map((x) => Math.exp(x / T));
    const s = e.reduce((a, b) => a + b, 0);
    const p = new Float64Array(4);
    softmax(p, f64(z), 4, T);
    e.forEach((ei, i) => expect(p[i]).toBeCloseTo(ei / s, 15));
  });

  it('stays finite for large logits at a low temperature', () => {
    // softmax([1000, 999] / 0.5) = softmax([2000, 1998]) = [1, e⁻²] / (1 + e⁻²).
    const p = new Float64Array(2);
    softmax(p, f64([1000, 999]), 2, 0.5);
    const e2 = Math.exp(-2);
    expect(p[0]).toBeCloseTo(1 / (1 + e2), 12);
    expect(p[1]).toBeCloseTo(e2 / (1 + e2), 12);
  });

  it('flattens towards uniform as the temperature grows', () => {
    const p = new Float64Array(3);
    softmax(p, f64([1, 2, 3]), 3, 1e6);
    for (const pi of p) expect(pi).toBeCloseTo(1 / 3, 6);
  });

  it('can write over its own logits', () => {
    const z = f64([0.5, -1.25, 2]);
    const expected = new Float64Array(3);
    softmax(expected, z);
    softmax(z, z);
    expect(Array.from(z)).toEqual(Array.from(expected));
  });

  it('writes only the first n entries', () => {
    const p = f64([9, 9, 9]);
    softmax(p, f64([0, 0, 5]), 2);
    expect(Array.from(p)).toEqual([0.5, 0.5, 9]);
  });

  it('rejects a temperature that is not a finite positive number', () => {
    const p = new Float64Array(2);
    for (const T of [0, -1, NaN, Infinity]) {
      expect(() => softmax(p, f64([1, 2]), 2, T)).toThrow(/temperature must be a finite number > 0/);
    }
  });
});

describe('softmaxCrossEntropy', () => {
  it('returns −log p[target] and writes p = softmax(z)', () => {
    const z = [0.5, -1.25, 2];
    const e = z.map(Math.exp);
    const s = e[0] + e[1] + e[2];
    const p = new Float64Array(3);
    expect(softmaxCrossEntropy(p, f64(z), 1)).toBeCloseTo(-Math.log(e[1] / s), 14);
    e.forEach((ei, i) => expect(p[i]).toBeCloseTo(ei / s, 15));
  });

  it('is ln V for equal logits over V classes', () => {
    expect(softmaxCrossEntropy(new Float64Array(5), f64([3, 3, 3, 3, 3]), 4)).toBeCloseTo(Math.log(5), 15);
  });

  it('stays finite when the target probability underflows to 0', () => {
    // p[0] = exp(−2e4) is 0 in float64, so −log p[0] would be Infinity; the loss is exactly 2e4.
    const p = new Float64Array(2);
    expect(softmaxCrossEntropy(p, f64([-1e4, 1e4]), 0)).toBe(2e4);
    expect(p[0]).toBe(0);
  });

  it('has gradient p − onehot(target) matching central differences of the returned loss', () => {
    const z = f64([0.3, -1.7, 2.2, 0.05, -0.4]);
    const target = 2;
    const p = new Float64Array(5);
    softmaxCrossEntropy(p, z, target);
    p[target] -= 1;
    const scratch = new Float64Array(5);
    const h = 1e-5;
    for (let i = 0; i < 5; i++) {
      const old = z[i];
      z[i] = old + h;
      const up = softmaxCrossEntropy(scratch, z, target);
      z[i] = old - h;
      const down = softmaxCrossEntropy(scratch, z, target);
      z[i] = old;
      expect(p[i]).toBeCloseTo((up - down) / (2 * h), 9);
    }
  });

  it('can write p over its own logits and still return the loss', () => {
    const z = f64([0.5, -1.25, 2]);
    const expected = softmaxCrossEntropy(new Float64Array(3), f64([0.5, -1.25, 2]), 2);
    expect(softmaxCrossEntropy(z, z, 2)).toBe(expected);
    expect(sum(z)).toBeCloseTo(1, 15);
  });

  it('rejects a target outside 0..n-1', () => {
    const p = new Float64Array(3);
    for (const t of [-1, 3, 1.5]) {
      expect(() => softmaxCrossEntropy(p, f64([1, 2, 3]), t)).toThrow(/target must be an integer in 0\.\.2, got/);
    }
  });
});
