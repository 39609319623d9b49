/**
 * NumPy's legacy random generator, `np.random.RandomState` (the one behind `np.random.seed`):
 * the same 32-bit words, uniforms, choices and integers bit for bit, and the same normals to
 * within 3 ulps (our log, lib/core/libm.ts, and the C library's may round the last bit apart).
 * A model initialised here with seed s starts from the weights that NumPy code draws after
 * `np.random.seed(s)`, to about 1e-15 relative, and samples the same text.
 *
 * The source of bits is the Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998): 624 words
 * of state, regenerated ("twisted") in one pass every 624 draws, each word scrambled
 * ("tempered") on its way out. Everything else is built from its 32-bit words.
 */

import { log } from './libm.ts';

const N = 624; // words of state
const M = 397; // the twist mixes word k with word k + M
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_SEED = 0xffffffff;

/** Sums of probabilities further than this from 1 are rejected, as NumPy does (√ε of float64). */
const P_SUM_TOLERANCE = Math.sqrt(Number.EPSILON);

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;
  /** The polar method makes normals in pairs; the second one waits here for the next call. */
  private hasGauss = false;
  private gauss = 0;

  /** `np.random.RandomState(seed)`. */
  constructor(seed = 0) {
    this.seed(seed);
  }

  /** `np.random.seed(s)`: restart the stream and forget any cached normal. */
  seed(s: number): void {
    if (!Number.isInteger(s) || s < 0 || s > MAX_SEED) {
      throw new Error(`seed must be an integer in 0..${MAX_SEED} (2^32 − 1), got ${s}`);
    }
    // #region seed
    // NumPy seeds an integer with MT19937's linear recurrence `init_genrand`, not `init_by_array`
    // (that one is used only when the seed is an array). The Uint32Array store wraps mod 2^32.
    const mt = this.mt;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      mt[i] = Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i; // (1.18)
    }
    // #endregion seed
    this.index = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** Regenerate all 624 words; words past N − M read neighbours this pass has already replaced. */
  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  /** One raw 32-bit word, tempered so that its bits are equidistributed. */
  private nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `np.random.random_sample()`: a uniform double in [0, 1) with all 53 bits random. */
  randomSample(): number {
    // #region random-sample
    const a = this.nextUint32() >>> 5; // 27 high bits
    const b = this.nextUint32() >>> 6; // 26 low bits
    return (a * 67108864 + b) / 9007199254740992; // (1.19): (a · 2^26 + b) / 2^53
    // #endregion random-sample
  }

  /** `np.random.standard_normal()` (legacy): the Marsaglia polar method, one normal per call. */
  standardNormal(): number {
    // #region standard-normal
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gauss;
    }
    // A uniform point in the unit disc (rejecting the square's corners and the centre) gives two
    // independent normals without the sine and cosine of Box–Muller.
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * log(r2)) / r2); // (1.20)
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
    // #endregion standard-normal
  }

  /** `np.random.randn(*shape) * scale`, written into `out` in row-major order. */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.standardNormal();
    return out;
  }

  /** `np.random.choice(len(p), p=p)`: index i with probability p[i], from one uniform draw. */
  choice(p: ArrayLike<number>): number {
    const n = p.length;
    if (n === 0) throw new Error('choice needs at least one probability, got an empty p');
    // #region choice
    // Summing left to right gives exactly NumPy's cdf[-1] (its cumsum is sequential too).
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!(p[i] >= 0) || p[i] === Infinity) {
        throw new Error(`probabilities must be finite and non-negative, got p[${i}] = ${p[i]}`);
      }
      total += p[i];
    }
    if (Math.abs(total - 1) > P_SUM_TOLERANCE) {
      throw new Error(`probabilities must sum to 1 (within ${P_SUM_TOLERANCE.toExponential(1)}), got ${total}`);
    }
    const u = this.randomSample();
    // searchsorted(cdf / cdf[-1], u, side='right'): the first i whose normalised cdf exceeds u,
    // computed on the fly so that no cdf array is allocated per draw.
    let cdf = 0;
    for (let i = 0; i < n - 1; i++) {
      cdf += p[i];
      if (cdf / total > u) return i; // (1.21)
    }
    return n - 1; // cdf[-1] / cdf[-1] = 1 > u
    // #endregion choice
  }

  /** `np.random.randint(low, high)`: an integer in [low, high), for high − low ≤ 2^32. */
  randint(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || !(high > low) || high - low > 2 ** 32) {
      throw new Error(`randint needs integers low < high with high − low ≤ 2^32, got low = ${low}, high = ${high}`);
    }
    const range = high - low - 1; // the largest offset, < 2^32
    if (range === 0) return low; // NumPy draws nothing when there is only one value
    // Masked rejection: keep the bits of the smallest all-ones mask ≥ range, redraw above range.
    // Every accepted value is equally likely, and each word is accepted with probability > 1/2.
    let mask = range;
    for (let s = 1; s < 32; s *= 2) mask |= mask >>> s;
    let v: number;
    do {
      v = (this.nextUint32() & mask) >>> 0;
    } while (v > range);
    return low + v;
  }
}
