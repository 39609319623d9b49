/**
 * The colour scale that the gate heatmap (heatmap.ts) and the alignment heatmap (alignment.ts) share,
 * apart from either, so that a page with one does not fetch the other.
 */

/** Gate values (all in [0, 1]) shade from 0 to 1; any other group diverges from 0 to ±max. */
export interface Scale {
  diverging: boolean;
  max: number;
}

/** v to `digits` decimals with a true minus sign, and no sign on a value that rounds to zero. */
export function formatNumber(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s.replace('-', '−');
}

/** Where v falls on the scale: 0 is the zero colour, ±1 the full positive or negative colour. */
export function intensity(v: number, scale: Scale): number {
  if (!Number.isFinite(v)) return 0;
  return Math.min(Math.max(v / scale.max, scale.diverging ? -1 : 0), 1);
}
