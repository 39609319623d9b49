import { describe, expect, it } from 'vitest';
import { Adam, defaultAdam } from '../../../lib/core/adam.ts';

const f64 = (xs: number[]) => Float64Array.from(xs);

/** Kingma & Ba (2015), Algorithm 1, written out on plain arrays one line per equation. */
function paperAdam(theta: number[], grads: number[][], lr: number, b1: number, b2: number, eps: number): number[] {
  let m = theta.map(() => 0);
  let v = theta.map(() => 0);
  let th = [...theta];
  grads.forEach((g, step) => {
    const t = step + 1;
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
    const mHat = m.map((mi) => mi / (1 - Math.pow(b1, t)));
    const vHat = v.map((vi) => vi / (1 - Math.pow(b2, t)));
    th = th.map((x, i) => x - (lr * mHat[i]) / (Math.sqrt(vHat[i]) + eps));
  });
  return th;
}

describe('Adam', () => {
  it('moves every parameter by lr · sign(g) on the first step', () => {
    // At t = 1, m̂ = g and √v̂ = |g|; eps is made negligible next to the smallest |g|.
    const theta0 = [0.5, -1, 2, 0.25, 3];
    const g = [0.3, -2e-3, 7, -40, 1e-2];
    const theta = f64(theta0);
    new Adam(5, { lr: 0.01, eps: 1e-15 }).step(theta, f64(g));
    theta0.forEach((x, i) => expect(theta[i]).toBeCloseTo(x - 0.01 * Math.sign(g[i]), 12));
  });

  it('matches the paper’s algorithm written out over three steps', () => {
    const theta0 = [0.5, -1, 2, 0.25];
    const grads = [
      [0.3, -0.2, 1.5, 0],
      [-0.1, -0.4, 1.2, 2e-3],
      [0.25, 0.05, -0.9, -1e-3],
    ];
    const opts = { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-6 };
    const expected = paperAdam(theta0, grads, opts.lr, opts.beta1, opts.beta2, opts.eps);
    const theta = f64(theta0);
    const adam = new Adam(4, opts);
    for (const g of grads) adam.step(theta, f64(g));
    expected.forEach((x, i) => expect(theta[i]).toBeCloseTo(x, 14));
    expect(adam.t).toBe(3);
  });

  it('agrees with the paper’s divisions by 1 − βᵗ to rounding error over many steps', () => {
    // The class multiplies by reciprocals of the bias corrections, computed once per step; the
    // paper divides. Over 200 steps of varied gradients the two may differ only in the last bits.
    const n = 6, steps = 200;
    const theta0 = Array.from({ length: n }, (_, i) => Math.cos(i + 1));
    const grads = Array.from({ length: steps }, (_, t) =>
      Array.from({ length: n }, (_, i) => Math.sin(7 * t + 3 * i) * 10 ** ((i % 3) - 1)),
    );
    const expected = paperAdam(theta0, grads, 1e-3, 0.9, 0.999, 1e-8);
    const theta = f64(theta0);
    const adam = new Adam(n);
    for (const g of grads) adam.step(theta, f64(g));
    expected.forEach((x, i) => expect(Math.abs(theta[i] - x)).toBeLessThanOrEqual(1e-15));
  });

  it('uses the paper’s defaults when no options are given', () => {
    const theta0 = [0.5, -1];
    const grads = [
      [0.3, -0.2],
      [-0.1, 5e-9],
    ];
    const expected = paperAdam(theta0, grads, 1e-3, 0.9, 0.999, 1e-8);
    const theta = f64(theta0);
    const adam = new Adam(2);
    for (const g of grads) adam.step(theta, f64(g));
    expected.forEach((x, i) => expect(theta[i]).toBeCloseTo(x, 15));
    expect(defaultAdam).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  });

  it('adds eps to √v̂ outside the square root', () => {
    // One parameter, g = 1e-8 = eps: m̂ = g and √v̂ = g, so the step is lr · g / (g + eps) = lr / 2.
    // With eps inside the root it would be lr · g / √(g² + eps) ≈ lr · 1e-4.
    const theta = f64([0]);
    new Adam(1, { lr: 1, eps: 1e-8 }).step(theta, f64([1e-8]));
    expect(theta[0]).toBeCloseTo(-0.5, 12);
  });

  it('leaves a parameter with zero gradient where it is', () => {
    const theta = f64([1.5, 2]);
    new Adam(2).step(theta, f64([0, 1]));
    expect(theta[0]).toBe(1.5);
  });

  it('starts again from the first step after reset', () => {
    const adam = new Adam(2, { lr: 0.1 });
    const theta = f64([0, 0]);
    adam.step(theta, f64([3, -1]));
    adam.step(theta, f64([3, -1]));
    adam.reset();
    expect(adam.t).toBe(0);
    const reused = f64([1, 1]);
    adam.step(reused, f64([-5, 0.5]));
    const fresh = f64([1, 1]);
    new Adam(2, { lr: 0.1 }).step(fresh, f64([-5, 0.5]));
    expect(Array.from(reused)).toEqual(Array.from(fresh));
    expect(reused[0]).toBeCloseTo(1.1, 8);
  });

  it('rejects buffers of the wrong length', () => {
    const adam = new Adam(3);
    expect(() => adam.step(new Float64Array(3), new Float64Array(2))).toThrow(
      /made for 3 parameters, got theta of 3 and g of 2/,
    );
  });

  it('rejects a size that is not a positive integer', () => {
    for (const size of [0, -1, 2.5, NaN]) expect(() => new Adam(size)).toThrow(/size must be a positive integer/);
  });

  it('rejects an lr that is not a finite positive number', () => {
    for (const lr of [0, -1e-3, NaN, Infinity]) {
      expect(() => new Adam(1, { lr })).toThrow(`Adam lr must be a finite number > 0, got ${lr}`);
    }
  });

  it('rejects betas outside [0, 1)', () => {
    for (const beta of [-0.1, 1, 1.5, NaN]) {
      expect(() => new Adam(1, { beta1: beta })).toThrow(`Adam beta1 must be in [0, 1), got ${beta}`);
      expect(() => new Adam(1, { beta2: beta })).toThrow(`Adam beta2 must be in [0, 1), got ${beta}`);
    }
  });

  it('accepts betas of 0', () => {
    const theta = f64([1]);
    new Adam(1, { beta1: 0, beta2: 0, lr: 0.5, eps: 1e-15 }).step(theta, f64([2]));
    expect(theta[0]).toBeCloseTo(0.5, 12);
  });

  it('rejects an eps that is not a finite positive number', () => {
    for (const eps of [0, -1e-8, NaN]) {
      expect(() => new Adam(1, { eps })).toThrow(`Adam eps must be a finite number > 0, got ${eps}`);
    }
  });
});
