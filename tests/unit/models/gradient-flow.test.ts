import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random.ts';
import { buildVocab, encode } from '../../../lib/data/chars.ts';
import { createGru } from '../../../lib/models/gru.ts';
import { createLstm } from '../../../lib/models/lstm.ts';
import type { Block, SequenceModel } from '../../../lib/models/model.ts';
import { createRnn } from '../../../lib/models/rnn.ts';

// The vanishing-gradient study of the LSTM chapter: ‖∂L_T/∂h_t‖ for t = 1..T, L_T the loss of the
// window's last step alone, from each model's own backward pass (hiddenGradNorms).

type Kind = 'rnn' | 'lstm' | 'gru';
interface Make { vocabSize: number; hidden: number; seed: number; initScale?: number; recurrentScale?: number; forgetBias?: number; maxSeqLen?: number }
const create: Record<Kind, (options: Make) => SequenceModel> = {
  rnn: createRnn,
  lstm: createLstm,
  gru: createGru,
};

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/** σ_max of a block by power iteration on BᵀB, independent of the models' kernels. */
function largestSingularValue({ data, rows, cols, stride }: Block): number {
  let v = new RandomState(0).fillNormal(new Float64Array(cols));
  let sigma = 0;
  for (let iteration = 0; iteration < 5000; iteration++) {
    const u = new Float64Array(rows), w = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) u[r] += data[r * stride + c] * v[c];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) w[c] += data[r * stride + c] * u[r];
    const next = Math.sqrt(norm(w) / norm(v)); // ‖BᵀB v‖ / ‖v‖ → σ_max² as v turns to the top singular vector
    v = w.map((x) => x / norm(w));
    if (Math.abs(next - sigma) <= 1e-13 * next) return next;
    sigma = next;
  }
  throw new Error('power iteration did not converge');
}

describe('hiddenGradNorms', () => {
  const V = 5, H = 6, T = 8, eps = 1e-5;

  // The oracle uses only forward passes through the public API. The carried state's first H entries
  // are h_t for every model ([h; c] for the LSTM), and lossAndGrads over the rest of the window from
  // that state returns L_{t+1} + … + L_T; the same minus the window one step shorter is L_T alone.
  // At t = T the state feeds no later step, so L_T(h_T) is the readout's cross-entropy, written out.
  it.each(['rnn', 'lstm', 'gru'] as const)('agrees with central differences of L_T with respect to h_t at every t for the %s', (kind) => {
    const model = create[kind]({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T });
    const rng = new RandomState(11);
    const inputs = Int32Array.from({ length: T }, () => rng.randint(0, V));
    const targets = Int32Array.from({ length: T }, () => rng.randint(0, V));
    const analytic = model.hiddenGradNorms(inputs, targets, T, new Float64Array(T));

    const tensors = model.params.tensors as Record<string, { data: Float64Array }>;
    const Wy = (tensors.Wy ?? tensors.Why).data, by = tensors.by.data; // (V, H), (V)
    function readoutLoss(h: Float64Array): number {
      const y = Array.from({ length: V }, (_, k) => by[k] + h.reduce((s, hj, j) => s + Wy[k * H + j] * hj, 0));
      return Math.log(y.reduce((s, yk) => s + Math.exp(yk), 0)) - y[targets[T - 1]];
    }
    function lossT(t: number, state: Float64Array): number {
      if (t === T) return readoutLoss(state.subarray(0, H));
      const rest = (length: number): number => {
        model.state.set(state);
        return length === 0 ? 0 : model.lossAndGrads(inputs.subarray(t), targets.subarray(t), length);
      };
      return rest(T - t) - rest(T - t - 1);
    }

    for (let t = 1; t <= T; t++) {
      model.state.fill(0);
      model.lossAndGrads(inputs, targets, t); // moves the state to step t
      const state = model.state.slice();
      const fd = Array.from({ length: H }, (_, k) => {
        const plus = state.slice(), minus = state.slice();
        plus[k] += eps;
        minus[k] -= eps;
        return (lossT(t, plus) - lossT(t, minus)) / (2 * eps);
      });
      expect(Math.abs(analytic[t - 1] - norm(fd)) / norm(fd), `t = ${t}`).toBeLessThan(1e-6);
    }
  });
});

describe('how far back the gradient reaches at initialisation (crow text, H = 64, seed 42)', () => {
  const crow = readFileSync(new URL('../../../data/thirsty-crow.txt', import.meta.url), 'utf8');
  const vocab = buildVocab(crow);
  const tokens = encode(vocab, crow);
  const H = 64;

  /** ‖∂L_T/∂h_t‖ for t = 1..T on the first window of the text, recurrent weights of std m/√H. */
  function reach(kind: Kind, T: number, m: number, forgetBias?: number): Float64Array {
    const model = create[kind]({ vocabSize: vocab.size, hidden: H, seed: 42, recurrentScale: m / Math.sqrt(H), forgetBias });
    return model.hiddenGradNorms(tokens.subarray(0, T), tokens.subarray(1, T + 1), T, new Float64Array(T));
  }
  const ratio = (norms: Float64Array): number => norms[0] / norms[norms.length - 1];
  /** ‖∂L_T/∂h_t‖ / ‖∂L_T/∂h_{t+1}‖ for t = 1..T − 1: what one step back does. */
  const perStep = (norms: Float64Array): number[] => Array.from(norms.subarray(0, -1), (n, k) => n / norms[k + 1]);

  // The chapter's table, one significant figure; m = 0.08 is randn · 0.01, the default.
  it.each([
    [25, 0.01, 4e-48, 2e-6, 6e-8],
    [25, 0.08, 2e-26, 2e-5, 9e-8],
    [25, 0.5, 2e-7, 2e-3, 1e-5],
    [25, 1, 4, 8e-2, 2e-3],
    [25, 1.5, 80, 1.3, 0.1],
    [50, 0.01, 2e-97, 8e-10, 2e-15],
    [50, 0.5, 4e-14, 7e-5, 1e-10],
    [50, 1, 20, 0.4, 6e-6],
  ])('gives the ratio h_1/h_T of the table in the chapter within a factor of 2 at T = %i, m = %s: RNN %s, LSTM %s, GRU %s', (T, m, rnn, lstm, gru) => {
    for (const [kind, stated] of [['rnn', rnn], ['lstm', lstm], ['gru', gru]] as const) {
      expect(Math.abs(Math.log2(ratio(reach(kind, T, m)) / stated)), kind).toBeLessThan(1);
    }
  });

  // In the linear regime (small states, tanh' ≈ 1) one step back multiplies by W_hhᵀ, whose entries
  // have standard deviation m/√H: about m for a vector that is not aligned with W_hh.
  it.each([0.01, 0.5, 1])('scales the RNN gradient by between 0.75m and 1.25m per step back at initialisation, for m = %s', (m) => {
    for (const step of perStep(reach('rnn', 25, m))) {
      expect(step).toBeGreaterThan(0.75 * m);
      expect(step).toBeLessThan(1.25 * m);
    }
  });

  // The RNN chapter's bound: ‖J_tᵀ v‖ ≤ σ_max(W_hh) ‖v‖, here with σ_max found independently.
  it.each([0.01, 0.5, 1, 1.5])('never scales the RNN gradient by more than σ_max(W_hh) per step back, for m = %s', (m) => {
    const model = createRnn({ vocabSize: vocab.size, hidden: H, seed: 42, recurrentScale: m / Math.sqrt(H) });
    const sigma = largestSingularValue(model.recurrent);
    const norms = model.hiddenGradNorms(tokens.subarray(0, 50), tokens.subarray(1, 51), 50, new Float64Array(50));
    for (const step of perStep(norms)) expect(step).toBeLessThanOrEqual(sigma * (1 + 1e-12));
    expect(ratio(norms)).toBeLessThanOrEqual(sigma ** 49);
  });

  it('starts with σ_max of the recurrent weights near 2m for the RNN and 3m for the LSTM (within 10 %)', () => {
    for (const m of [0.01, 1]) {
      const weights = (kind: Kind) => create[kind]({ vocabSize: vocab.size, hidden: H, seed: 42, recurrentScale: m / Math.sqrt(H) }).recurrent;
      expect(Math.abs(largestSingularValue(weights('rnn')) / (2 * m) - 1)).toBeLessThan(0.1);
      expect(Math.abs(largestSingularValue(weights('lstm')) / (3 * m) - 1)).toBeLessThan(0.1);
    }
  });

  // With recurrent weights this small, h_t reaches L_T only by one hop through them from the cell
  // gradient of step t + 1, and the cell gradient is multiplied by f_{t+1} ≈ σ(b_f) per step back.
  it.each([1, 0, 3])('scales the LSTM gradient by σ(b_f) per step back, to within 0.01, with recurrent weights 0.01/√H and forget bias %i', (forgetBias) => {
    const expected = 1 / (1 + Math.exp(-forgetBias));
    const steps = perStep(reach('lstm', 25, 0.01, forgetBias));
    // The last step back, from h_T to h_{T−1}, is the hop itself, not a forget gate.
    for (const step of steps.slice(0, -1)) expect(Math.abs(step - expected)).toBeLessThan(0.01);
    expect(steps[steps.length - 1]).toBeLessThan(0.01);
  });
});
