/**
 * Gradient clipping against exploding gradients. Both work in place on the gradient, held in one
 * or more buffers (a model's flat gradient, and a word model's embedding rows), so "global" means
 * over every parameter of the model at once.
 */

/** ‖g‖ = √(Σᵢ gᵢ²) over every buffer of g. */
export function globalNorm(g: readonly Float64Array[]): number {
  let s = 0;
  for (const b of g) for (let i = 0; i < b.length; i++) s += b[i] * b[i];
  return Math.sqrt(s);
}

/** If ‖g‖ > maxNorm then g ← g · maxNorm / ‖g‖ (Pascanu et al. 2013); returns ‖g‖ before clipping. */
export function clipByGlobalNorm(g: readonly Float64Array[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`clip maxNorm must be a number > 0, got ${maxNorm}`);
  // #region clip-norm
  const norm = globalNorm(g);
  if (norm > maxNorm) {
    // One scale for every component: the direction of the step is kept, only its length shrinks.
    const scale = maxNorm / norm;
    for (const b of g) for (let i = 0; i < b.length; i++) b[i] *= scale; // (1.12)
  }
  return norm;
  // #endregion clip-norm
}

/** gᵢ ← min(max(gᵢ, −c), c) for every i; returns ‖g‖ before clipping. */
export function clipByValue(g: readonly Float64Array[], c: number): number {
  if (!(c > 0)) throw new Error(`clip value c must be a number > 0, got ${c}`);
  // #region clip-value
  // The norm is summed in the same pass that clamps, rather than in a pass of its own before it.
  let sumSq = 0;
  for (const b of g) {
    for (let i = 0; i < b.length; i++) {
      const gi = b[i];
      sumSq += gi * gi;
      b[i] = Math.min(Math.max(gi, -c), c); // (1.13)
    }
  }
  return Math.sqrt(sumSq);
  // #endregion clip-value
}
