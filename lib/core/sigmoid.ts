/** σ(a) = 1 / (1 + e^−a), the logistic function of every gate. */
export function sigmoid(a: number): number {
  return 1 / (1 + Math.exp(-a));
}
