/**
 * What the two attention models (bahdanau.ts, luong.ts) share: the weighted sum of the annotations and
 * the softmax over source positions with their backward passes, the interface that exposes the
 * alignment, and a decoder GRU whose ∂L/∂c_t is known step by step.
 *
 * That last one is why the decoder is not gru-layer.ts's: there, the GRU's backward pass runs all T
 * steps in one call, and context-input.ts forms ∂L/∂c_t after it. An attention decoder needs ∂L/∂c_t
 * inside the loop: c_t was computed from s_{t−1} (Bahdanau) or is h̃_{t−1} made from h_{t−1} (Luong's
 * input feeding), so ∂L/∂s_{t−1} is not complete before ∂L/∂c_t is known. The step and its backward
 * pass are still gru.ts's (createGruCell); only the loop over t is the model's.
 */
import { type Params, stacked } from '../../core/params.ts';
import { type Tensor, addMatTVecLeft, addOuterEachLeft, affineLeft } from '../../core/tensor.ts';
import { createGruCell } from '../gru.ts';
import { type Embedding, type Input, embedded } from '../input.ts';
import type { PairModel } from './pair-model.ts';

/** A PairModel whose decoder attends to the source: it shows where, as α_t over positions 1..S. */
export interface AttentionModel<K extends string = string> extends PairModel<K> {
  /** Decoder.step, and α_t (S numbers, α_t[j − 1] for position j) into `alignment` if given. */
  step(state: Float64Array, token: number, next: Float64Array, logp: Float64Array, alignment?: Float64Array): void;
  /** α_t for t = 1..T with every step fed the true token: row t − 1 is α_t over the S source positions. (T × S) */
  align(source: Int32Array, target: Int32Array): Float64Array[];
}

// #region attend
/** c = Σ_j α[j − 1] h_j over annotations hs[1..S] of n numbers. */
export function attend(c: Float64Array, alpha: Float64Array, hs: readonly Float64Array[], S: number, n: number): void {
  c.fill(0, 0, n);
  for (let j = 1; j <= S; j++) {
    const a = alpha[j - 1], h = hs[j];
    for (let i = 0; i < n; i++) c[i] += a * h[i];                   // (9.4) c_t = Σ_j α_tj h_j
  }
}

/** From dc = ∂L/∂c: dAlpha[j − 1] = ∂L/∂α_j, and α_j dc added to dhs[j]. */
export function attendBackward(
  dAlpha: Float64Array, dhs: readonly Float64Array[], dc: Float64Array,
  alpha: Float64Array, hs: readonly Float64Array[], S: number, n: number,
): void {
  for (let j = 1; j <= S; j++) {
    const a = alpha[j - 1], h = hs[j], dh = dhs[j];
    let d = 0;
    for (let i = 0; i < n; i++) {
      d += h[i] * dc[i];                                            // (9.9) ∂L/∂α_tj = h_jᵀ ∂L/∂c_t
      dh[i] += a * dc[i];                                           // (9.9) ∂L/∂h_j += α_tj ∂L/∂c_t
    }
    dAlpha[j - 1] = d;
  }
}

/**
 * de = ∂L/∂e from dAlpha = ∂L/∂α for α = softmax(e) over S positions: ∂α_j/∂e_k = α_j (δ_jk − α_k),
 * so every score moves every weight, and de_k = α_k (∂L/∂α_k − Σ_j α_j ∂L/∂α_j).
 */
export function softmaxBackward(de: Float64Array, alpha: Float64Array, dAlpha: Float64Array, S: number): void {
  let mean = 0; // Σ_j α_j ∂L/∂α_j: the gradient's mean under α
  for (let j = 0; j < S; j++) mean += alpha[j] * dAlpha[j];
  for (let j = 0; j < S; j++) de[j] = alpha[j] * (dAlpha[j] - mean); // (9.10)
}
// #endregion attend

export interface ContextGru {
  /** hs[t] = s_t for t = 0..maxLen: the caller sets hs[0], `step` writes hs[t]. (H) */
  readonly hs: readonly Float64Array[];
  /** cs[t] = c_t, what step t reads beside the token, written by the caller before the step. (C) */
  readonly cs: readonly Float64Array[];
  /** dhs[t] = ∂L/∂s_t from outside the recurrence: the caller writes it before backwardStep(t). (H) */
  readonly dhs: readonly Float64Array[];
  /** After backwardStep(t): ∂L/∂s_{t−1} through step t's GRU; the caller adds its own paths from s_{t−1}. (H) */
  readonly dhPrev: Float64Array;
  /** After backwardStep(t): dcs[t] = ∂L/∂c_t through step t's gates. (C) */
  readonly dcs: readonly Float64Array[];
  /** The target's table E_y and its sparse gradient over the last weightGrads. */
  readonly embedding: Embedding;
  /** s_t from hs[t − 1], token x and cs[t], into the window's workspaces. */
  step(t: number, x: number): void;
  /** One step outside the workspaces, for decoding: h from hPrev, token x and context c; h may be hPrev. */
  advance(x: number, c: Float64Array, hPrev: Float64Array, h: Float64Array): void;
  /** Before backwardStep(T): nothing flows back from beyond step T. */
  startBackward(): void;
  /** Step t of backpropagation through time, from dhs[t] and dhPrev (then ∂L/∂s_t's share through step t + 1). */
  backwardStep(t: number): void;
  /** After backwardStep(1): adds the weight gradients (the caller zeroes them first) and writes E_y's gradient. */
  weightGrads(inputs: Int32Array, T: number): void;
}

/**
 * A GRU of state H fed x_t = [E[ŷ_{t−1}]; c_t] with c_t from `cs` (C numbers; C = 0 for the token
 * alone), on the tensors `${prefix}.Wz` … of params, shaped by gruLayerSpec(prefix, H, X + C), for up
 * to maxLen steps. Each matrix acting on x_t splits into the token's columns and the context's C.
 */
export function createContextGru(
  params: Params<string>, grads: Params<string>, prefix: string, E: Tensor, cs: readonly Float64Array[], H: number, maxLen: number,
): ContextGru {
  const name = (k: string) => `${prefix}.${k}`;
  const token = embedded(E, maxLen);
  const X = token.size, C = cs[0].length, D = H + X + C;
  if (cs.length !== maxLen + 1) throw new Error(`cs must hold c_t for steps 0..${maxLen}, got ${cs.length} vectors`);
  if (params.tensors[name('Wz')]?.shape[1] !== D) {
    throw new Error(`GRU '${prefix}' needs ${name('Wz')} of shape [${H}, ${D}] (H + the token's ${X} + the context's ${C}) in the params`);
  }
  const Wzr = stacked(params, [name('Wz'), name('Wr')]), Wh = params.tensors[name('Wh')].data;
  const dWzr = stacked(grads, [name('Wz'), name('Wr')]), dWh = grads.tensors[name('Wh')].data;
  // The context's columns of a matrix W (rows, D), from column H + X on, rows still D apart.
  const block = new Map<Float64Array, Float64Array>([Wzr, Wh, dWzr, dWh].map((W) => [W, W.subarray(H + X)]));
  let c = cs[0]; // the context the next step reads
  const input: Input = {
    size: X + C,
    project(a, W, rows, width, offset, x) {
      token.project(a, W, rows, width, offset, x);                  // W_e e_t
      affineLeft(a, block.get(W)!, c, a, rows, C, width);           // (8.6) + C c_t
    },
    backward(dW, W, das, rows, width, offset, inputs, T) {
      token.backward(dW, W, das, rows, width, offset, inputs, T);  // (5.5), (5.6) dW_e, ∂L/∂e_t
      addOuterEachLeft(block.get(dW)!, das, cs, rows, C, width, 1, T + 1); // (8.14) dC = Σ_t da_t c_tᵀ
    },
    finish(inputs, T) {
      token.finish(inputs, T);                                      // (5.7) ∂L/∂E_y
    },
  };
  const cell = createGruCell(H, input, {
    Wzr, bzr: stacked(params, [name('bz'), name('br')]), Wh, bh: params.tensors[name('bh')].data,
  }, {
    dWzr, dbzr: stacked(grads, [name('bz'), name('br')]), dWh, dbh: grads.tensors[name('bh')].data,
  });

  // gru-layer.ts's workspaces, for steps 0..maxLen.
  const steps = (n: number) => Array.from({ length: maxLen + 1 }, () => new Float64Array(n));
  const hs = steps(H), hTildes = steps(H), rhs = steps(H);
  const zrs = steps(2 * H); // [z_t; r_t], (2H)
  const zs = zrs.map((zr) => zr.subarray(0, H)), rs = zrs.map((zr) => zr.subarray(H));
  const dhs = steps(H), dahs = steps(H), dcs = steps(C);
  const dazrs = steps(2 * H); // [da^z_t; da^r_t], (2H)
  const dazs = dazrs.map((da) => da.subarray(0, H)), dars = dazrs.map((da) => da.subarray(H));
  const hPrevs = [hs[0], ...hs]; // hPrevs[t] is hs[t − 1]
  const drh = new Float64Array(H), dhPrev = new Float64Array(H);
  const zr1 = new Float64Array(2 * H), z1 = zr1.subarray(0, H), r1 = zr1.subarray(H);
  const rh1 = new Float64Array(H), hTilde1 = new Float64Array(H);
  const WzrC = block.get(Wzr)!, WhC = block.get(Wh)!;

  // #region context-gru
  return {
    hs, cs, dhs, dhPrev, dcs, embedding: token.embedding,
    step(t, x) {
      c = cs[t];
      cell.step(x, hs[t - 1], zrs[t], zs[t], rs[t], rhs[t], hTildes[t], hs[t]); // (4.1)–(4.5)
    },
    advance(x, context, hPrev, h) {
      c = context;
      cell.step(x, hPrev, zr1, z1, r1, rh1, hTilde1, h);             // (4.1)–(4.5)
    },
    startBackward() {
      dhPrev.fill(0);
    },
    backwardStep(t) {
      cell.backward(hs[t - 1], zs[t], rs[t], hTildes[t], dhs[t], dhPrev, dazrs[t], dazs[t], dars[t], dahs[t], drh); // (4.6)–(4.14)
      const dc = dcs[t];
      dc.fill(0);
      addMatTVecLeft(dc, WzrC, dazrs[t], 2 * H, C, D);             // (9.8) C_zᵀ da^z_t + C_rᵀ da^r_t
      addMatTVecLeft(dc, WhC, dahs[t], H, C, D);                   // (9.8) + C_hᵀ da^h_t
    },
    weightGrads(inputs, T) {
      cell.weightGrads(inputs, T, dazrs, dahs, hPrevs, rhs);        // (4.15)–(4.17), (8.14), (5.5)–(5.7)
    },
  };
  // #endregion context-gru
}
