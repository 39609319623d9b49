/**
 * exp, expm1, log, tanh and integer powers in plain IEEE arithmetic: +, −, ×, ÷ and exact scalings by
 * powers of two. JavaScript leaves Math.exp, Math.log, Math.tanh and `**` "implementation-approximated",
 * and engines do differ: Node 26 (V8 14.6) and Chromium 156 (V8 15.6) round some arguments apart in
 * the last bit, which is enough for the same seed to give different losses within a few dozen steps.
 * Built only from operations that IEEE 754 defines exactly, these give the same bits in every engine,
 * so a run in the reader's browser and the same run in Node agree to the last digit. They are within
 * one unit in the last place of the true value for exp and log, three for tanh
 * (tests/unit/core/libm.test.ts measures it), and take about twice as long as Math's.
 *
 * The method is the textbook one: reduce the argument to a small interval where a short series is
 * exact to double precision, then scale back by a power of two.
 */

/** ln 2 split in two: LN2_HI has its last 21 bits zero, so k · LN2_HI is exact for |k| < 2¹¹. */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = 1.4426950408889634;
const SQRT2 = 1.4142135623730951;

/** 2^k for k = −1074 … 1023, each exact: halving and doubling a power of two never rounds. */
const POW2_MIN = -1074;
const POW2 = new Float64Array(1023 - POW2_MIN + 1);
POW2[-POW2_MIN] = 1;
for (let k = 1; k <= 1023; k++) POW2[k - POW2_MIN] = POW2[k - 1 - POW2_MIN] * 2;
for (let k = -1; k >= POW2_MIN; k--) POW2[k - POW2_MIN] = POW2[k + 1 - POW2_MIN] / 2;

/** x · 2^k for any integer k that keeps the result representable; two exact factors when 2^k alone is not. */
function scale(x: number, k: number): number {
  if (k > 1023) return x * POW2[1023 - POW2_MIN] * POW2[k - 1023 - POW2_MIN];
  if (k < -1022) return x * POW2[-1022 - POW2_MIN] * POW2[k + 1022 - POW2_MIN];
  return x * POW2[k - POW2_MIN];
}

/**
 * Taylor coefficients 1/n! for n = 2 … 13. On |r| ≤ ln2/2, the first term left out, r¹⁴/14!, is below
 * 5·10⁻¹⁸ and below 2⁻⁵³ of the sum, so the series is as exact as a double can hold.
 */
const E2 = 1 / 2, E3 = 1 / 6, E4 = 1 / 24, E5 = 1 / 120, E6 = 1 / 720, E7 = 1 / 5040, E8 = 1 / 40320;
const E9 = 1 / 362880, E10 = 1 / 3628800, E11 = 1 / 39916800, E12 = 1 / 479001600, E13 = 1 / 6227020800;

/** e^r − 1 for |r| ≤ ln2/2, by Horner's rule; accurate relative to the result, however small r is. */
function expm1Reduced(r: number): number {
  return r + r * r * (E2 + r * (E3 + r * (E4 + r * (E5 + r * (E6 + r * (E7 + r * (E8 + r * (E9 + r * (E10 + r * (E11 + r * (E12 + r * E13)))))))))));
}

/** Largest x with e^x finite, and the x below which e^x rounds to 0. */
const EXP_MAX = 709.782712893384;
const EXP_MIN = -745.1332191019412;

/**
 * e^x: x = k ln2 + r with |r| ≤ ln2/2, so e^x = 2^k (1 + (e^r − 1)). Every x that a model meets takes
 * the first line; the rest is kept out of line so that this stays small enough for V8 to inline into
 * the loops that call it.
 */
export function exp(x: number): number {
  if (x > -708 && x < 709) {
    const k = Math.round(x * LOG2E);
    return (1 + expm1Reduced(x - k * LN2_HI - k * LN2_LO)) * POW2[k - POW2_MIN];
  }
  return expFar(x);
}

/** e^x near the ends of the range of doubles, and for ±∞ and NaN. */
function expFar(x: number): number {
  if (x !== x) return x; // NaN
  if (x > EXP_MAX) return Infinity;
  if (x < EXP_MIN) return 0;
  const k = Math.round(x * LOG2E);
  return scale(1 + expm1Reduced(x - k * LN2_HI - k * LN2_LO), k);
}

/**
 * e^x − 1, accurate where exp(x) − 1 would cancel: with x = k ln2 + r, e^x − 1 = 2^k (e^r − 1) + (2^k − 1),
 * and 2^k − 1 is exact for |k| ≤ 53. Beyond that the − 1 no longer cancels anything.
 */
export function expm1(x: number): number {
  if (x >= -LN2_HI / 2 && x <= LN2_HI / 2) return expm1Reduced(x);
  if (!(x > -37 && x < 37)) return x > 0 ? exp(x) - 1 : x < 0 ? -1 + exp(x) : x; // NaN stays NaN
  const k = Math.round(x * LOG2E);
  const r = x - k * LN2_HI - k * LN2_LO;
  return scale(expm1Reduced(r), k) + (POW2[k - POW2_MIN] - 1);
}

/** |x| beyond which tanh(x) rounds to ±1: 1 − tanh(22) ≈ 2e−19 < 2⁻⁵³. */
const TANH_ONE = 22;

/**
 * tanh x = (e^{2|x|} − 1) / (e^{2|x|} + 1), signed. The numerator is e^{2|x|} − 1 formed as expm1 forms
 * it, so tanh(x) ≈ x stays exact near 0; written out here in one path, which keeps tanh small enough
 * for V8 to inline it into the gate loops along with their matrix products.
 */
export function tanh(x: number): number {
  const a = x < 0 ? -x : x;
  if (!(a <= TANH_ONE)) return a > TANH_ONE ? (x < 0 ? -1 : 1) : x; // ±1, or NaN
  const k = Math.round(2 * a * LOG2E); // 0 … 64
  const p = expm1Reduced(2 * a - k * LN2_HI - k * LN2_LO);
  const s = POW2[k - POW2_MIN];
  const t = s * p + (s - 1); // e^{2a} − 1 = 2^k (e^r − 1) + (2^k − 1)
  const y = t / (t + 2);
  return x < 0 ? -y : x === 0 ? x : y;
}

/** v[k] ← tanh(v[k]) for k in [from, to). */
export function tanhEach(v: Float64Array, from: number, to: number): void {
  for (let k = from; k < to; k++) v[k] = tanh(v[k]);
}

/** Coefficients 1/(2n+1), n = 1 … 11: with z ≤ 0.0295 (below), z¹²/25 < 2⁻⁵³. */
const L3 = 1 / 3, L5 = 1 / 5, L7 = 1 / 7, L9 = 1 / 9, L11 = 1 / 11, L13 = 1 / 13, L15 = 1 / 15;
const L17 = 1 / 17, L19 = 1 / 19, L21 = 1 / 21, L23 = 1 / 23;

// The exponent field of a double, read in a fixed byte order so the answer cannot depend on the machine's.
const bits = new DataView(new ArrayBuffer(8));

/**
 * ln x: x = m · 2^e with m in [√½, √2), and ln m = 2 atanh(s) = 2(s + s³/3 + s⁵/5 + …) with
 * s = (m − 1)/(m + 1), |s| ≤ 0.1716.
 */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  bits.setFloat64(0, x);
  let e = ((bits.getUint32(0) >>> 20) & 0x7ff) - 1023;
  // A subnormal's exponent field is 0: scale it into the normal range first.
  if (e === -1023) {
    bits.setFloat64(0, x * POW2[54 - POW2_MIN]);
    e = ((bits.getUint32(0) >>> 20) & 0x7ff) - 1023 - 54;
  }
  let m = scale(x, -e); // exact: in [1, 2)
  if (m >= SQRT2) {
    m /= 2;
    e++;
  }
  const f = m - 1; // exact (Sterbenz): m and 1 are within a factor of 2
  const s = f / (2 + f);
  const z = s * s;
  const tail = z * (L3 + z * (L5 + z * (L7 + z * (L9 + z * (L11 + z * (L13 + z * (L15 + z * (L17 + z * (L19 + z * (L21 + z * L23))))))))));
  // ln m = 2s + 2s·tail, and 2s = f − s·f: the exact f leads, and rounding touches only the small rest.
  const lnM = f - s * (f - 2 * tail);
  return e * LN2_HI + (lnM + e * LN2_LO);
}

/**
 * bⁿ for a whole n ≥ 0 by repeated squaring: Adam's β₁ᵗ and β₂ᵗ, without `**`. Each squaring doubles
 * the relative error, so it grows like n units in the last place (6·10⁻¹⁴ for 0.999¹⁰⁰⁰⁰): invisible
 * in Adam's bias correction 1/(1 − βᵗ).
 */
export function powInt(b: number, n: number): number {
  let result = 1;
  let square = b;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result *= square;
    square *= square;
  }
  return result;
}
