import { exp } from './libm.ts';

/** σ(a) = 1 / (1 + e^−a), the logistic function of every gate. */
export function sigmoid(a: number): number {
  return 1 / (1 + exp(-a));
}
