/**
 * Log-sum-exp, softmax and cross-entropy that stay finite for logits of any finite size: every
 * exponent is ≤ 0 once the largest logit is subtracted, so nothing overflows, and the loss is
 * formed as a difference of logits rather than as the log of a probability that may have
 * underflowed to 0. The first `n` entries are used, so one buffer can serve several sizes.
 */
import { exp, log } from './libm.ts';

/** log Σᵢ exp(zᵢ) = m + log Σᵢ exp(zᵢ − m), with m = maxᵢ zᵢ. */
export function logSumExp(z: Float64Array, n = z.length): number {
  // #region logsumexp
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (z[i] > m) m = z[i];
  // Shifting by the maximum makes the largest term exp(0) = 1: no overflow, and the sum is ≥ 1.
  let s = 0;
  for (let i = 0; i < n; i++) s += exp(z[i] - m);
  return m + log(s); // (1.5)
  // #endregion logsumexp
}

/** pᵢ = exp((zᵢ − m)/T) / Σⱼ exp((zⱼ − m)/T) = softmax(z/T)ᵢ, m = maxⱼ zⱼ; `p` may be `z` itself. */
export function softmax(p: Float64Array, z: Float64Array, n = z.length, temperature = 1): void {
  if (!(temperature > 0 && temperature < Infinity)) {
    throw new Error(`softmax temperature must be a finite number > 0, got ${temperature}`);
  }
  // #region softmax
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (z[i] > m) m = z[i];
  // The shift by m cancels in the ratio; it keeps every exponent ≤ 0, as in log-sum-exp.
  let s = 0;
  for (let i = 0; i < n; i++) {
    p[i] = exp((z[i] - m) / temperature); // (1.4); (1.3) at temperature 1
    s += p[i];
  }
  for (let i = 0; i < n; i++) p[i] /= s;
  // #endregion softmax
}

/** −log softmax(z)_y = logSumExp(z) − z_y; also writes p = softmax(z), so dL/dz = p − onehot(y). */
export function softmaxCrossEntropy(
  p: Float64Array,
  z: Float64Array,
  target: number,
  n = z.length,
): number {
  if (!(Number.isInteger(target) && target >= 0 && target < n)) {
    throw new Error(`cross-entropy target must be an integer in 0..${n - 1}, got ${target}`);
  }
  // #region cross-entropy
  const loss = logSumExp(z, n) - z[target]; // (1.6), before p is written, since p may be z itself
  softmax(p, z, n);
  return loss;
  // #endregion cross-entropy
}
