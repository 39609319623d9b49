/**
 * A GRU run over a sequence, as the encoder and the decoder of a sequence-to-sequence model run it:
 * the step and the backward pass of lib/models/gru.ts (equations (4.1)–(4.17)), on weights of its own,
 * without a readout. What reaches h_t from outside the recurrence (the output layer of a decoder, the
 * attention or the bridge reading an encoder) is the caller's: it writes ∂L/∂h_t into dhs[t], and
 * reads ∂L/∂h_0 back from dh0 to pass on to whatever made h_0.
 */
import { type ParamSpec, type Params, stacked } from '../../core/params.ts';
import { type GruCell, createGruCell } from '../gru.ts';
import type { Input } from '../input.ts';

/** The six tensors of one GRU, named with the layer's prefix, e.g. 'enc.Wz'. */
export type GruLayerParam<P extends string> = `${P}.${'Wz' | 'Wr' | 'Wh' | 'bz' | 'br' | 'bh'}`;

/**
 * Shapes of a GRU's tensors for a state of H and an input of X numbers, as in gruSpec: Wz, Wr, Wh
 * (H, H + X) on [h_{t−1}; x_t], then bz, br, bh (H). Wz, Wr lie together, and bz, br, so that each
 * pair stacks into one matrix or vector.
 */
export function gruLayerSpec<P extends string>(prefix: P, H: number, X: number): ParamSpec<GruLayerParam<P>> {
  const spec = {} as Record<GruLayerParam<P>, readonly number[]>;
  for (const k of ['Wz', 'Wr', 'Wh'] as const) spec[`${prefix}.${k}`] = [H, H + X];
  for (const k of ['bz', 'br', 'bh'] as const) spec[`${prefix}.${k}`] = [H];
  return spec;
}

export interface GruLayer {
  readonly cell: GruCell;
  /** hs[t] = h_t for t = 0..maxLen: the caller sets hs[0], `step` writes hs[t]. (H) */
  readonly hs: Float64Array[];
  /**
   * dhs[t] = ∂L/∂h_t for t = 1..T: before `backward` the caller writes the share from outside the
   * recurrence (zeros if there is none); `backward` adds the share through h_{t+1}. (H)
   */
  readonly dhs: Float64Array[];
  /** ∂L/∂h_0, after `backward`. (H) */
  readonly dh0: Float64Array;
  /** h_t from hs[t − 1] and token x, into the window's workspaces. */
  step(t: number, x: number): void;
  /** One step outside the window's workspaces, for decoding: h from hPrev and token x; h may be hPrev. */
  advance(x: number, hPrev: Float64Array, h: Float64Array): void;
  /**
   * After steps 1..T, fed inputs[t − 1] at step t: backpropagation through the T steps from the dhs
   * the caller wrote. Adds to the layer's weight gradients (the caller zeroes them first), finishes
   * the input's gradient, and leaves ∂L/∂h_0 in dh0.
   */
  backward(inputs: Int32Array, T: number): void;
}

/** The GRU whose tensors are `${prefix}.Wz` … in params (and their gradients in grads), fed by `input`, for up to maxLen steps. */
export function createGruLayer(
  params: Params<string>, grads: Params<string>, prefix: string, input: Input, H: number, maxLen: number,
): GruLayer {
  const name = (k: string) => `${prefix}.${k}`;
  const D = H + input.size;
  if (params.tensors[name('Wz')]?.shape[1] !== D) {
    throw new Error(`GRU layer '${prefix}' needs ${name('Wz')} of shape [${H}, ${D}] (H + the input's ${input.size}) in the params`);
  }
  const cell = createGruCell(H, input, {
    Wzr: stacked(params, [name('Wz'), name('Wr')]), bzr: stacked(params, [name('bz'), name('br')]),
    Wh: params.tensors[name('Wh')].data, bh: params.tensors[name('bh')].data,
  }, {
    dWzr: stacked(grads, [name('Wz'), name('Wr')]), dbzr: stacked(grads, [name('bz'), name('br')]),
    dWh: grads.tensors[name('Wh')].data, dbh: grads.tensors[name('bh')].data,
  });

  // The workspaces of gru.ts's language model, for steps 0..maxLen.
  const steps = (n: number) => Array.from({ length: maxLen + 1 }, () => new Float64Array(n));
  const hs = steps(H), hTildes = steps(H), rhs = steps(H);
  const zrs = steps(2 * H); // [z_t; r_t], (2H)
  const zs = zrs.map((zr) => zr.subarray(0, H)), rs = zrs.map((zr) => zr.subarray(H));
  const dhs = steps(H), dahs = steps(H);
  const dazrs = steps(2 * H); // [da^z_t; da^r_t], (2H)
  const dazs = dazrs.map((da) => da.subarray(0, H)), dars = dazrs.map((da) => da.subarray(H));
  const hPrevs = [hs[0], ...hs]; // hPrevs[t] is hs[t − 1]
  const drh = new Float64Array(H);
  const dh0 = new Float64Array(H); // dhNext of gru.ts: after the loop, ∂L/∂h_0
  const zr1 = new Float64Array(2 * H), z1 = zr1.subarray(0, H), r1 = zr1.subarray(H);
  const rh1 = new Float64Array(H), hTilde1 = new Float64Array(H);

  // #region gru-layer
  return {
    cell, hs, dhs, dh0,
    step(t, x) {
      cell.step(x, hs[t - 1], zrs[t], zs[t], rs[t], rhs[t], hTildes[t], hs[t]); // (4.1)–(4.5)
    },
    advance(x, hPrev, h) {
      cell.step(x, hPrev, zr1, z1, r1, rh1, hTilde1, h);         // (4.1)–(4.5)
    },
    backward(inputs, T) {
      dh0.fill(0); // nothing flows back from beyond step T
      for (let t = T; t >= 1; t--) { // (4.6)–(4.14)
        cell.backward(hs[t - 1], zs[t], rs[t], hTildes[t], dhs[t], dh0, dazrs[t], dazs[t], dars[t], dahs[t], drh);
      }
      cell.weightGrads(inputs, T, dazrs, dahs, hPrevs, rhs);         // (4.15)–(4.17)
    },
  };
  // #endregion gru-layer
}
