import { type Tensor, sizeOf, tensor } from './tensor.ts';

/** The shapes of a model's named parameter tensors, in the order they are drawn and stored. */
export type ParamSpec<K extends string = string> = { readonly [k in K]: readonly number[] };

/**
 * A model's parameters (or their gradients, or an optimiser's moments): named tensors that are
 * views into one flat buffer. Optimisers and clipping work on `flat` in one pass; the model's
 * equations use the named tensors.
 */
export interface Params<K extends string = string> {
  readonly flat: Float64Array;
  readonly tensors: { readonly [k in K]: Tensor };
  readonly names: readonly K[];
}

/** Allocate zeroed parameters laid out in `spec` order in one flat buffer. */
export function allocParams<K extends string>(spec: ParamSpec<K>): Params<K> {
  const names = Object.keys(spec) as K[];
  let total = 0;
  for (const k of names) total += sizeOf(spec[k]);
  const flat = new Float64Array(total);
  const tensors = {} as { [k in K]: Tensor };
  let offset = 0;
  for (const k of names) {
    const n = sizeOf(spec[k]);
    tensors[k] = tensor(spec[k], flat.subarray(offset, offset + n));
    offset += n;
  }
  return { flat, tensors, names };
}

/**
 * One view over several tensors that lie one after another in the flat buffer, e.g. the four gate
 * matrices of an LSTM as one (4H, H + V) matrix. Throws if they are not adjacent in that order.
 */
export function stacked<K extends string>(p: Params<K>, names: readonly K[]): Float64Array {
  const offset = (data: Float64Array) => (data.byteOffset - p.flat.byteOffset) / Float64Array.BYTES_PER_ELEMENT;
  const start = offset(p.tensors[names[0]!].data);
  let end = start;
  for (const name of names) {
    const data = p.tensors[name].data;
    if (offset(data) !== end) {
      throw new Error(`cannot stack ${names.join(', ')}: they must lie one after another in the parameter spec, and ${name} does not`);
    }
    end += data.length;
  }
  return p.flat.subarray(start, end);
}

/** The flat data of each named tensor, so that the equations read `Whh` rather than `Whh.data`. */
export function dataOf<K extends string>(p: Params<K>): Record<K, Float64Array> {
  return Object.fromEntries(p.names.map((k) => [k, p.tensors[k].data])) as Record<K, Float64Array>;
}
