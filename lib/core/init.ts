import type { Params } from './params.ts';
import type { RandomState } from './random.ts';

/**
 * θₖ ← scaleₖ · randn(shapeₖ) for each tensor k listed in `scales`, drawn in the params' spec order
 * (not the order of `scales`), each tensor row-major: the same draws as NumPy code that calls
 * `np.random.randn(*shape) * scale` tensor by tensor after the same seed. Unlisted tensors keep
 * their values and consume no draws.
 */
export function initNormal<K extends string>(
  rng: RandomState,
  params: Params<K>,
  scales: Partial<Record<K, number>>,
): void {
  for (const k of Object.keys(scales) as K[]) {
    if (!params.names.includes(k)) {
      throw new Error(`initNormal: no tensor '${k}' in the params; they are ${params.names.join(', ')}`);
    }
    if (!Number.isFinite(scales[k])) {
      throw new Error(`initNormal: scale of '${k}' must be a finite number, got ${scales[k]}`);
    }
  }
  for (const k of params.names) {
    const scale = scales[k];
    if (scale !== undefined) rng.fillNormal(params.tensors[k].data, scale);
  }
}
