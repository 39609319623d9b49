import { exp } from './libm.ts';

/** σ(a) = 1 / (1 + e^−a), the logistic function of every gate. */
export function sigmoid(a: number): number {
  return 1 / (1 + exp(-a));
}

/** v[k] ← σ(v[k]) for k in [from, to): a gate's block at once (see lib/models/lstm.ts for why a pass). */
export function sigmoidEach(v: Float64Array, from: number, to: number): void {
  for (let k = from; k < to; k++) v[k] = 1 / (1 + exp(-v[k]));
}
