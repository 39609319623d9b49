/**
 * The encoder–decoder's equations (8.1)–(8.9) written out on plain number arrays, independently of the
 * model's kernels, layouts and workspaces: the oracle the tests compare the model's forward pass with.
 */
import { SOS } from '../../../../lib/data/words.ts';
import type { EncoderDecoder } from '../../../../lib/models/seq2seq/encoder-decoder.ts';

type Vec = number[];

const sigma = (a: number) => 1 / (1 + Math.exp(-a));

/** Row i of a row-major matrix with `cols` columns, from column `from` to `to`. */
function row(M: Float64Array, cols: number, i: number, from: number, to: number): Vec {
  return Array.from(M.subarray(i * cols + from, i * cols + to));
}

/** M v + b for M (rows, cols) taken from columns from..from + v.length of a matrix `cols` wide. */
function affine(M: Float64Array, cols: number, from: number, v: Vec, b?: Float64Array): Vec {
  const rows = M.length / cols;
  return Array.from({ length: rows }, (_, i) => row(M, cols, i, from, from + v.length).reduce((s, m, j) => s + m * v[j], b ? b[i] : 0));
}

/** Cho's GRU step on input vector x, with the layer `prefix`'s tensors: W = [U | W_x] on [h; x]. */
export function gruStep(model: EncoderDecoder, prefix: string, h: Vec, x: Vec): Vec {
  const t = (k: string) => model.params.tensors[`${prefix}.${k}` as never] as { data: Float64Array; shape: readonly number[] };
  const D = t('Wz').shape[1];
  const add = (a: Vec, b: Vec) => a.map((v, i) => v + b[i]);
  const z = add(affine(t('Wz').data, D, 0, h, t('bz').data), affine(t('Wz').data, D, h.length, x)).map(sigma);
  const r = add(affine(t('Wr').data, D, 0, h, t('br').data), affine(t('Wr').data, D, h.length, x)).map(sigma);
  const rh = r.map((ri, i) => ri * h[i]);
  const hTilde = add(affine(t('Wh').data, D, 0, rh, t('bh').data), affine(t('Wh').data, D, h.length, x)).map(Math.tanh);
  return z.map((zi, i) => zi * h[i] + (1 - zi) * hTilde[i]);
}

/** log softmax of o. */
function logSoftmax(o: Vec): Vec {
  const m = Math.max(...o);
  const lse = m + Math.log(o.reduce((s, v) => s + Math.exp(v - m), 0));
  return o.map((v) => v - lse);
}

/**
 * The loss of `target` given `source`, and the tokens fed. `feed(t, logp)` chooses ŷ_{t−1} for step
 * t ≥ 2 from the true y_{t−1} and log p_{t−1}; by default the true token (teacher forcing).
 */
export function naiveLoss(
  model: EncoderDecoder, source: Int32Array, target: Int32Array,
  feed: (t: number, truth: number, logpBefore: Vec) => number = (_, truth) => truth,
): { loss: number; fed: number[] } {
  const H = model.hidden, X = model.embeddings.source.table.shape[1];
  const Ex = model.embeddings.source.table.data, Ey = model.embeddings.target.table.data;
  const { Wb, bb, Wy, by } = model.params.tensors;
  let h: Vec = new Array(H).fill(0);
  for (const x of source) h = gruStep(model, 'enc', h, row(Ex, X, x, 0, X));       // (8.1)
  const c = h;                                                                        // (8.3)
  let s = affine(Wb.data, H, 0, c, bb.data).map(Math.tanh);                           // (8.4)
  let loss = 0, logp: Vec = [];
  const fed: number[] = [];
  for (let t = 1; t <= target.length; t++) {
    const token = t === 1 ? SOS : feed(t, target[t - 2], logp);                       // (8.5)
    fed.push(token);
    const e = row(Ey, X, token, 0, X);
    s = gruStep(model, 'dec', s, model.contextEverywhere ? [...e, ...c] : e);         // (8.6)
    const o = affine(Wy.data, Wy.shape[1], 0, model.contextEverywhere ? [...s, ...c] : s, by.data); // (8.7)
    logp = logSoftmax(o);                                                              // (8.8)
    loss -= logp[target[t - 1]];                                                       // (8.9)
  }
  return { loss, fed };
}
