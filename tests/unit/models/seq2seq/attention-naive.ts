/**
 * The attention models' equations, (9.1)–(9.6) and (10.1)–(10.7), written out on plain number arrays,
 * independently of the models' kernels, layouts and workspaces: the oracle the tests compare the
 * models' forward passes with.
 */
import { SOS } from '../../../../lib/data/words.ts';
import type { Bahdanau } from '../../../../lib/models/seq2seq/bahdanau.ts';
import type { Luong } from '../../../../lib/models/seq2seq/luong.ts';

type Vec = number[];
type Model = Bahdanau | Luong;

const sigma = (a: number) => 1 / (1 + Math.exp(-a));
const add = (a: Vec, b: Vec) => a.map((v, i) => v + b[i]);
const dot = (a: Vec, b: Vec) => a.reduce((s, v, i) => s + v * b[i], 0);

function tensorOf(model: Model, k: string): { data: Float64Array; shape: readonly number[] } {
  return model.params.tensors[k as never];
}

/** M[:, from : from + v.length] v (+ b), for a row-major M `cols` wide. */
function mul(M: Float64Array, cols: number, from: number, v: Vec, b?: Float64Array): Vec {
  return Array.from({ length: M.length / cols }, (_, i) => v.reduce((s, x, j) => s + M[i * cols + from + j] * x, b ? b[i] : 0));
}

function tableRow(E: { data: Float64Array; shape: readonly number[] }, token: number): Vec {
  const X = E.shape[1];
  return Array.from(E.data.subarray(token * X, (token + 1) * X));
}

/** Cho's GRU step on input vector x, with the layer `prefix`'s tensors: W = [U | W_x] on [h; x]. */
function gruStep(model: Model, prefix: string, h: Vec, x: Vec): Vec {
  const t = (k: string) => tensorOf(model, `${prefix}.${k}`);
  const D = t('Wz').shape[1];
  const z = add(mul(t('Wz').data, D, 0, h, t('bz').data), mul(t('Wz').data, D, h.length, x)).map(sigma);
  const r = add(mul(t('Wr').data, D, 0, h, t('br').data), mul(t('Wr').data, D, h.length, x)).map(sigma);
  const rh = r.map((ri, i) => ri * h[i]);
  const hTilde = add(mul(t('Wh').data, D, 0, rh, t('bh').data), mul(t('Wh').data, D, h.length, x)).map(Math.tanh);
  return z.map((zi, i) => zi * h[i] + (1 - zi) * hTilde[i]);
}

function softmaxOf(e: Vec): Vec {
  const m = Math.max(...e);
  const w = e.map((v) => Math.exp(v - m));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

function logSoftmax(o: Vec): Vec {
  const m = Math.max(...o);
  const lse = m + Math.log(o.reduce((s, v) => s + Math.exp(v - m), 0));
  return o.map((v) => v - lse);
}

/** h_1..h_S (index j − 1): →h_j, and [→h_j; ←h_j] when bidirectional. */
function annotations(model: Model, source: Int32Array, bidirectional: boolean): Vec[] {
  const H = model.hidden, Ex = model.embeddings.source.table;
  const there: Vec[] = [], back: Vec[] = [];
  let h: Vec = new Array(H).fill(0);
  for (const x of source) there.push((h = gruStep(model, 'enc', h, tableRow(Ex, x))));      // (8.1)
  if (!bidirectional) return there;
  h = new Array(H).fill(0);
  for (let j = source.length - 1; j >= 0; j--) back[j] = h = gruStep(model, 'encBack', h, tableRow(Ex, source[j])); // (8.2)
  return there.map((f, j) => [...f, ...back[j]]);
}

/** Chooses ŷ_{t−1} for step t ≥ 2 from the true y_{t−1} and log p_{t−1}; by default the true token. */
export type Feed = (t: number, truth: number, logpBefore: Vec) => number;
const teacher: Feed = (_, truth) => truth;

export interface NaiveRun {
  loss: number;
  fed: number[];
  /** α_t for t = 1..T (index t − 1). */
  alphas: Vec[];
}

export function naiveBahdanau(model: Bahdanau, source: Int32Array, target: Int32Array, feed: Feed = teacher): NaiveRun {
  const H = model.hidden, Ey = model.embeddings.target.table;
  const T = (k: string) => tensorOf(model, k);
  const hs = annotations(model, source, model.bidirectional);
  const A = hs[0].length, S = source.length;
  const first = model.bidirectional ? hs[0].slice(H) : hs[S - 1];
  let s = mul(T('Ws').data, H, 0, first, T('bs').data).map(Math.tanh);                      // (9.1)
  let loss = 0, logp: Vec = [];
  const fed: number[] = [], alphas: Vec[] = [];
  for (let t = 1; t <= target.length; t++) {
    const token = t === 1 ? SOS : feed(t, target[t - 2], logp);
    fed.push(token);
    const Wa_s = mul(T('Wa').data, H, 0, s);
    const e = hs.map((h) => dot(Array.from(T('va').data), add(Wa_s, mul(T('Ua').data, A, 0, h)).map(Math.tanh))); // (9.2)
    const alpha = softmaxOf(e);                                                              // (9.3)
    alphas.push(alpha);
    const c = Array.from({ length: A }, (_, i) => hs.reduce((sum, h, j) => sum + alpha[j] * h[i], 0)); // (9.4)
    s = gruStep(model, 'dec', s, [...tableRow(Ey, token), ...c]);                            // (9.5)
    logp = logSoftmax(mul(T('Wy').data, H + A, 0, [...s, ...c], T('by').data));             // (9.6)
    loss -= logp[target[t - 1]];
  }
  return { loss, fed, alphas };
}

export function naiveLuong(model: Luong, source: Int32Array, target: Int32Array, feed: Feed = teacher): NaiveRun {
  const H = model.hidden, Ey = model.embeddings.target.table;
  const T = (k: string) => tensorOf(model, k);
  const hBars = annotations(model, source, false);
  let h = hBars[source.length - 1];                                                          // (10.1) h_0 = h̄_S
  let hTilde: Vec = new Array(H).fill(0);                                                    // (10.1) h̃_0 = 0
  let loss = 0, logp: Vec = [];
  const fed: number[] = [], alphas: Vec[] = [];
  for (let t = 1; t <= target.length; t++) {
    const token = t === 1 ? SOS : feed(t, target[t - 2], logp);
    fed.push(token);
    const e = tableRow(Ey, token);
    h = gruStep(model, 'dec', h, model.inputFeeding ? [...e, ...hTilde] : e);                // (10.2)
    const scores = hBars.map((hBar) => dot(h, mul(T('Wa').data, H, 0, hBar)));               // (10.3) h_tᵀ W_a h̄_s
    const alpha = softmaxOf(scores);                                                         // (10.4)
    alphas.push(alpha);
    const c = Array.from({ length: H }, (_, i) => hBars.reduce((sum, hBar, j) => sum + alpha[j] * hBar[i], 0)); // (10.5)
    hTilde = mul(T('Wc').data, 2 * H, 0, [...c, ...h]).map(Math.tanh);                       // (10.6)
    logp = logSoftmax(mul(T('Wy').data, H, 0, hTilde, T('by').data));                        // (10.7)
    loss -= logp[target[t - 1]];
  }
  return { loss, fed, alphas };
}
