import { describe, expect, it } from 'vitest';
import { exp, expm1, log, powInt, tanh } from '../../../lib/core/libm.ts';

// Node's Math functions are the yardstick: V8's are within one unit in the last place (ulp) of the
// true value, so ours within k ulps of Math's are within k + 1 of the truth.
const bits = new DataView(new ArrayBuffer(8));
/** Doubles in order as integers, so that the difference of two is their distance in ulps. */
function ordinal(x: number): bigint {
  bits.setFloat64(0, x);
  const b = bits.getBigInt64(0);
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
const ulps = (a: number, b: number) => Math.abs(Number(ordinal(a) - ordinal(b)));

/** A fixed spread of arguments: 20,000 from a small linear congruential generator, scaled. */
function args(scale: (u: number) => number): number[] {
  let s = 12345;
  return Array.from({ length: 20_000 }, () => {
    s = (s * 48271) % 2147483647;
    return scale(s / 2147483647);
  });
}
const worst = (f: (x: number) => number, g: (x: number) => number, xs: number[]) => Math.max(...xs.map((x) => ulps(f(x), g(x))));

describe('exp', () => {
  it.each([
    ['gate pre-activations, |x| < 10', (u: number) => (u - 0.5) * 20],
    ['the whole finite range', (u: number) => (u - 0.5) * 1400],
    ['tiny arguments', (u: number) => (u - 0.5) * 1e-6],
  ])('is within 1 ulp of Math.exp on %s', (_, scale) => {
    expect(worst(exp, Math.exp, args(scale))).toBeLessThanOrEqual(1);
  });

  it('is exact where the answer is: e⁰ = 1 and e^(k ln 2) rounds to 2^k', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(10 * Math.LN2)).toBe(1024);
  });

  it('overflows to ∞ past ln(MAX_VALUE), underflows to 0, and keeps NaN and ±∞ apart', () => {
    expect(exp(709.78)).toBe(Math.exp(709.78));
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(exp(-740)).toBe(Math.exp(-740)); // subnormal
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(NaN)).toBeNaN();
  });
});

describe('expm1', () => {
  it('is within 2 ulps of Math.expm1, including near 0 where exp(x) − 1 would cancel', () => {
    expect(worst(expm1, Math.expm1, args((u) => (u - 0.5) * 4))).toBeLessThanOrEqual(2);
    expect(worst(expm1, Math.expm1, args((u) => (u - 0.5) * 1e-8))).toBeLessThanOrEqual(1);
    expect(expm1(-50)).toBe(-1);
  });
});

describe('tanh', () => {
  it('is within 3 ulps of Math.tanh, near 0 too (tanh x ≈ x)', () => {
    expect(worst(tanh, Math.tanh, args((u) => (u - 0.5) * 10))).toBeLessThanOrEqual(3);
    expect(worst(tanh, Math.tanh, args((u) => (u - 0.5) * 1e-3))).toBeLessThanOrEqual(3);
    expect(tanh(1e-300)).toBe(1e-300);
  });

  it('is odd, saturates at ±1 and keeps −0 and NaN', () => {
    for (const x of args((u) => (u - 0.5) * 10).slice(0, 500)) expect(tanh(-x)).toBe(-tanh(x));
    expect(tanh(30)).toBe(1);
    expect(tanh(-Infinity)).toBe(-1);
    expect(Object.is(tanh(-0), -0)).toBe(true);
    expect(tanh(NaN)).toBeNaN();
  });
});

describe('log', () => {
  it.each([
    ['(0, 10)', (u: number) => u * 10],
    ['arguments near 1', (u: number) => 1 + (u - 0.5) * 0.01],
    ['the whole normal range', (u: number) => Math.exp((u - 0.5) * 1400)],
    ['subnormals', (u: number) => u * 1e-310],
  ])('is within 1 ulp of Math.log on %s', (_, scale) => {
    expect(worst(log, Math.log, args(scale))).toBeLessThanOrEqual(1);
  });

  it('is exact at 1 and at powers of two up to rounding of k ln 2, and refuses what has no logarithm', () => {
    expect(log(1)).toBe(0);
    expect(log(2 ** 20)).toBe(Math.log(2 ** 20));
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(NaN)).toBeNaN();
  });

  it('inverts exp to within 2 ulps', () => {
    expect(worst((x) => log(exp(x)), (x) => x, args((u) => 1 + u * 600))).toBeLessThanOrEqual(2);
  });
});

describe('powInt', () => {
  it('multiplies out small powers exactly and is 1 at n = 0', () => {
    expect(powInt(0.5, 0)).toBe(1);
    expect(powInt(3, 5)).toBe(243);
    expect(powInt(0.5, 10)).toBe(1 / 1024);
  });

  it("keeps Adam's β₂ᵗ within 10⁻¹² relative over ten thousand steps", () => {
    for (const t of [1, 2, 7, 100, 999, 10_000]) {
      expect(Math.abs(powInt(0.999, t) / Math.pow(0.999, t) - 1)).toBeLessThan(1e-12);
    }
  });
});
