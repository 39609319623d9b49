/**
 * Adam (Kingma & Ba 2015, Algorithm 1): per-parameter step sizes from running averages of the
 * gradient and of its square, with bias correction for their zero initialisation. One fused
 * pass over the flat parameter and gradient buffers, so a step allocates nothing.
 */
import { powInt } from './libm.ts';

export interface AdamOptions {
  /** Step size α. */
  lr: number;
  /** Decay rate of the first-moment average. */
  beta1: number;
  /** Decay rate of the second-moment average. */
  beta2: number;
  /** Added to √v̂ (outside the square root, as in the paper) so the step stays bounded where v̂ ≈ 0. */
  eps: number;
}

/** The paper's suggested defaults. */
export const defaultAdam: Readonly<AdamOptions> = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export class Adam {
  readonly options: Readonly<AdamOptions>;
  /** First-moment estimate m, one entry per parameter. */
  readonly m: Float64Array;
  /** Second-moment estimate v, one entry per parameter. */
  readonly v: Float64Array;
  /** Number of steps taken; the bias corrections use it. */
  t = 0;

  constructor(size: number, options: Partial<AdamOptions> = {}) {
    if (!(Number.isInteger(size) && size > 0)) {
      throw new Error(`Adam size must be a positive integer (the number of parameters), got ${size}`);
    }
    const o = { ...defaultAdam, ...options };
    if (!(o.lr > 0 && o.lr < Infinity)) {
      throw new Error(`Adam lr must be a finite number > 0, got ${o.lr}`);
    }
    if (!(o.beta1 >= 0 && o.beta1 < 1)) throw new Error(`Adam beta1 must be in [0, 1), got ${o.beta1}`);
    if (!(o.beta2 >= 0 && o.beta2 < 1)) throw new Error(`Adam beta2 must be in [0, 1), got ${o.beta2}`);
    if (!(o.eps > 0 && o.eps < Infinity)) {
      throw new Error(`Adam eps must be a finite number > 0, got ${o.eps}`);
    }
    this.options = o;
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /**
   * m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ − α m̂ / (√v̂ + ε),
   * with m̂ = m / (1−β1ᵗ) and v̂ = v / (1−β2ᵗ).
   */
  step(theta: Float64Array, g: Float64Array): void {
    const size = this.m.length;
    if (theta.length !== size || g.length !== size) {
      throw new Error(
        `Adam was made for ${size} parameters, got theta of ${theta.length} and g of ${g.length}`,
      );
    }
    // #region adam-step
    const { lr, beta1, beta2, eps } = this.options;
    const { m, v } = this;
    this.t += 1;
    // Bias corrections: m and v start at 0, so early averages underestimate E[g] and E[g²]. The
    // divisions by 1 − βᵗ are done once per step, as reciprocals that every parameter multiplies by.
    const k1 = 1 / (1 - powInt(beta1, this.t)); // (1.10) 1 / (1 − β1ᵗ)
    const k2 = 1 / (1 - powInt(beta2, this.t)); // (1.10) 1 / (1 − β2ᵗ)
    for (let i = 0; i < size; i++) {
      const gi = g[i];
      m[i] = beta1 * m[i] + (1 - beta1) * gi; // (1.8)
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi; // (1.9)
      const mHat = m[i] * k1, vHat = v[i] * k2; // (1.10)
      theta[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps); // (1.11)
    }
    // #endregion adam-step
  }

  /** Forget the moments and the step count, as for a fresh optimiser. */
  reset(): void {
    this.m.fill(0);
    this.v.fill(0);
    this.t = 0;
  }
}
