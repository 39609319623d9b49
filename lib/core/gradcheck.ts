import { type SparseRows, scatter } from './embedding.ts';
import type { Params } from './params.ts';
import { type Tensor, tensor } from './tensor.ts';

export interface GradCheckOptions {
  /**
   * Finite-difference step, default 1e-5: near ∛ε_mach, where truncation (h²·L‴/6) and
   * round-off (ε_mach·|L|/h) balance.
   */
  h: number;
}

/**
 * Compare an analytic gradient a with central differences nᵢ = (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h over
 * every element of every tensor, and return maxᵢ |aᵢ − nᵢ| / max(|aᵢ| + |nᵢ|, floor) per tensor.
 * Each evaluation of L carries round-off of a few ε_mach·|L|, so nᵢ has absolute noise of a few
 * ε_mach·|L|/h ≈ 2e-11·|L| (h = 1e-5): against max(|a|, |n|) alone, a component near zero would fail
 * for no reason. With floor = 1e-3·max(|L|, 1) that noise scores under 1e-7 (at most 8e-8 measured on
 * tanh/softmax networks and RNN windows), while a 1 % error in any component larger than about
 * 1e-7·|L| still scores above 1e-6.
 *
 * `loss` must recompute the loss from `params` (and start from the same recurrent state on every call);
 * `analytic` is a copy of the gradient taken before the check, since `loss` may overwrite the gradient.
 * Every parameter is restored to its exact original value.
 */
export function gradCheck<K extends string>(
  params: Params<K>,
  analytic: Params<K>,
  loss: () => number,
  options: Partial<GradCheckOptions> = {},
): Record<K, number> {
  const h = options.h ?? 1e-5;
  if (!(h > 0 && h < Infinity)) throw new Error(`gradCheck h must be a finite number > 0, got ${h}`);
  for (const k of params.names) {
    const a = analytic.tensors[k];
    if (!a || a.data.length !== params.tensors[k].data.length) {
      const n = params.tensors[k].data.length;
      throw new Error(`gradCheck: analytic gradient has no tensor '${k}' of ${n} numbers`);
    }
  }
  // #region gradcheck
  const L = loss();
  if (!Number.isFinite(L)) {
    throw new Error(`gradCheck: loss must be finite at the unperturbed parameters, got ${L}`);
  }
  const floor = 1e-3 * Math.max(Math.abs(L), 1); // φ of (1.17)
  const errors = {} as Record<K, number>;
  for (const k of params.names) {
    const theta = params.tensors[k].data;
    const a = analytic.tensors[k].data;
    let worst = 0;
    for (let i = 0; i < theta.length; i++) {
      const old = theta[i];
      const up = old + h;
      const down = old - h;
      theta[i] = up;
      const lUp = loss();
      theta[i] = down;
      const lDown = loss();
      theta[i] = old;
      const n = (lUp - lDown) / (up - down); // (1.14), over the step actually taken, not 2h rounded away
      const rel = Math.abs(a[i] - n) / Math.max(Math.abs(a[i]) + Math.abs(n), floor); // (1.17)
      worst = Math.max(worst, rel); // a NaN anywhere makes the result NaN, never a pass
    }
    errors[k] = worst;
  }
  return errors;
  // #endregion gradcheck
}

/**
 * gradCheck of an embedding table `table` against its sparse gradient `grad` (the rows a window or a
 * pair touched, embedding.ts), scattered to a dense array. `loss` is called first, so that `grad` is
 * the gradient at the unperturbed table whatever ran before.
 */
export function tableGradCheck(table: Tensor, grad: SparseRows, loss: () => number, options: Partial<GradCheckOptions> = {}): number {
  loss();
  const dE = tensor(table.shape);
  scatter(dE.data, grad);
  const wrap = (t: Tensor): Params<'E'> => ({ flat: t.data, tensors: { E: t }, names: ['E'] });
  return gradCheck(wrap(table), wrap(dE), loss, options).E;
}
