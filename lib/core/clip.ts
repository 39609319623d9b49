/**
 * Gradient clipping against exploding gradients. Both work in place on the flat gradient
 * buffer, so "global" means over every parameter of the model at once.
 */

/** ‖g‖ = √(Σᵢ gᵢ²) over the whole buffer. */
export function globalNorm(g: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return Math.sqrt(s);
}

/** If ‖g‖ > maxNorm then g ← g · maxNorm / ‖g‖ (Pascanu et al. 2013); returns ‖g‖ before clipping. */
export function clipByGlobalNorm(g: Float64Array, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clip maxNorm must be a number > 0, got ${maxNorm}`);
  // #region clip-norm
  const norm = globalNorm(g);
  if (norm > maxNorm) {
    // One scale for every component: the direction of the step is kept, only its length shrinks.
    const scale = maxNorm / norm;
    for (let i = 0; i < g.length; i++) g[i] *= scale; // (1.12)
  }
  return norm;
  // #endregion clip-norm
}

/** gᵢ ← min(max(gᵢ, −c), c) for every i; returns ‖g‖ before clipping. */
export function clipByValue(g: Float64Array, c: number): number {
  if (!(c > 0)) throw new Error(`clip value c must be a number > 0, got ${c}`);
  // #region clip-value
  // The norm is summed in the same pass that clamps, rather than in a pass of its own before it.
  let sumSq = 0;
  for (let i = 0; i < g.length; i++) {
    const gi = g[i];
    sumSq += gi * gi;
    g[i] = Math.min(Math.max(gi, -c), c); // (1.13)
  }
  return Math.sqrt(sumSq);
  // #endregion clip-value
}
