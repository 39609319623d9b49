import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scatter } from '../../../lib/core/embedding.ts';
import { createGru } from '../../../lib/models/gru.ts';
import { type JsonTensor, createTorchGru, loadTorchGruState } from '../../../lib/models/torch-gru.ts';

/** A word-level GRU step computed by torch.nn.GRU itself (PyTorch 1.13, float64): ../shared/torch/gru_golden.json. */
const golden = JSON.parse(readFileSync(new URL('../../fixtures/torch-gru-golden.json', import.meta.url), 'utf8')) as {
  state_dict: Record<string, JsonTensor>;
  Wemb: JsonTensor; Wy: JsonTensor; by: JsonTensor; h0: JsonTensor;
  inputs: number[]; targets: number[];
  expected: { hidden_states: JsonTensor; loss: number; grads: Record<string, JsonTensor> };
};
const [V, E] = golden.Wemb.shape;
const H = golden.h0.shape[0];
const T = golden.inputs.length;
const inputs = Int32Array.from(golden.inputs), targets = Int32Array.from(golden.targets);

/** Our PyTorch-convention GRU with the golden's weights, and h_0 as its carried state. */
function fromPyTorch() {
  const model = createTorchGru({ vocabSize: V, hidden: H, seed: 0, embedding: E, maxSeqLen: T });
  loadTorchGruState(model, golden.state_dict);
  model.embedding!.table.data.set(golden.Wemb.data);
  model.params.tensors.Wy.data.set(golden.Wy.data);
  model.params.tensors.by.data.set(golden.by.data);
  model.state.set(golden.h0.data);
  return model;
}

const relError = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3));
  return worst;
};

describe('the PyTorch GRU against torch.nn.GRU', () => {
  it('reproduces every hidden state PyTorch computed (to 1e-12)', () => {
    const expected = golden.expected.hidden_states.data;
    for (let t = 1; t <= T; t++) {
      const model = fromPyTorch();
      model.lossAndGrads(inputs, targets, t); // leaves h_t as the carried state
      expect(relError(model.state, expected.slice((t - 1) * H, t * H))).toBeLessThan(1e-12);
    }
  });

  it('reproduces the summed cross-entropy (to 1e-12)', () => {
    expect(Math.abs(fromPyTorch().lossAndGrads(inputs, targets, T) - golden.expected.loss)).toBeLessThan(1e-12 * golden.expected.loss);
  });

  it('reproduces the gradient of every weight, bias, the embedding table and the readout (to 1e-10)', () => {
    const model = fromPyTorch();
    model.lossAndGrads(inputs, targets, T);
    const g = golden.expected.grads, ours = model.grads.tensors;
    const dE = new Float64Array(V * E);
    scatter(dE, model.embedding!.grad);
    const pairs: [string, ArrayLike<number>, number[]][] = [
      ['weight_ih_l0', ours.Wih.data, g.weight_ih_l0.data],
      ['weight_hh_l0', ours.Whh.data, g.weight_hh_l0.data],
      ['bias_ih_l0', ours.bih.data, g.bias_ih_l0.data],
      ['bias_hh_l0', ours.bhh.data, g.bias_hh_l0.data],
      ['Wemb', dE, g.Wemb.data],
      ['Wy', ours.Wy.data, g.Wy.data],
      ['by', ours.by.data, g.by.data],
    ];
    for (const [name, a, b] of pairs) expect(relError(a, b), name).toBeLessThan(1e-10);
  });

  it('agrees with PyTorch on the gradient of h_0, by central differences of our loss', () => {
    const dh0 = golden.expected.grads.h0.data, h = 1e-6;
    for (let k = 0; k < H; k++) {
      const at = (delta: number) => {
        const model = fromPyTorch();
        model.state[k] += delta;
        return model.lossAndGrads(inputs, targets, T);
      };
      expect(Math.abs((at(h) - at(-h)) / (2 * h) - dh0[k])).toBeLessThan(1e-7);
    }
  });

  it('refuses a state dict with a missing tensor or a wrong shape, naming it', () => {
    const model = createTorchGru({ vocabSize: V, hidden: H, seed: 0, embedding: E });
    const { weight_hh_l0: _, ...missing } = golden.state_dict;
    expect(() => loadTorchGruState(model, missing)).toThrow('the state dict has no weight_hh_l0');
    const wrong = { ...golden.state_dict, bias_ih_l0: { shape: [3], data: [1, 2, 3] } };
    expect(() => loadTorchGruState(model, wrong)).toThrow(`bias_ih_l0 has shape 3, the model needs ${3 * H}`);
  });
});

describe('the PyTorch GRU formula, by hand (H = 1)', () => {
  // One unit, one-hot input over V = 2 tokens, token 1 read from h_0 = 0.5. Row blocks r, z, n.
  const setUp = () => {
    const model = createTorchGru({ vocabSize: 2, hidden: 1, seed: 0, maxSeqLen: 1 });
    const { Wih, Whh, bih, bhh } = model.params.tensors;
    Wih.data.set([0, 0.3, 0, -0.2, 0, 0.7]); // (3, 2): W_ir, W_iz, W_in for token 1 are 0.3, −0.2, 0.7
    Whh.data.set([0.4, 0.1, -0.6]);          // (3, 1): W_hr, W_hz, W_hn
    bih.data.set([0.05, 0.02, -0.1]);        // b_ir, b_iz, b_in
    bhh.data.set([-0.03, 0.01, 0.8]);        // b_hr, b_hz, b_hn
    model.state[0] = 0.5;
    return model;
  };
  const s = (a: number) => 1 / (1 + Math.exp(-a));
  const r = s(0.3 + 0.05 + 0.4 * 0.5 - 0.03);
  const z = s(-0.2 + 0.02 + 0.1 * 0.5 + 0.01);

  it('applies the reset gate to W_hn h + b_hn, the bias inside the product', () => {
    const model = setUp();
    model.lossAndGrads(Int32Array.of(1), Int32Array.of(0), 1);
    const n = Math.tanh(0.7 - 0.1 + r * (-0.6 * 0.5 + 0.8));
    expect(model.state[0]).toBeCloseTo((1 - z) * n + z * 0.5, 15);
    // Cho's placement, r ⊙ (W_hn (r h) …) with b_hn outside, would give another number.
    const cho = Math.tanh(0.7 - 0.1 + 0.8 - 0.6 * r * 0.5);
    expect(Math.abs(model.state[0] - ((1 - z) * cho + z * 0.5))).toBeGreaterThan(1e-3);
  });

  it('is not Cho\'s GRU: the same numbers in gru.ts\'s layout give a different state', () => {
    // Cho's model with the same r, z inputs and U = W_hn, b_h = b_in + b_hn: the reset gate now acts on h.
    const cho = createGru({ vocabSize: 2, hidden: 1, seed: 0, maxSeqLen: 1 });
    const { Wz, Wr, Wh, bz, br, bh } = cho.params.tensors;
    Wz.data.set([0.1, 0, -0.2]); bz.data.set([0.03]);
    Wr.data.set([0.4, 0, 0.3]); br.data.set([0.02]);
    Wh.data.set([-0.6, 0, 0.7]); bh.data.set([0.7]);
    cho.state[0] = 0.5;
    cho.lossAndGrads(Int32Array.of(1), Int32Array.of(0), 1);
    const torch = setUp();
    torch.lossAndGrads(Int32Array.of(1), Int32Array.of(0), 1);
    expect(Math.abs(cho.state[0] - torch.state[0])).toBeGreaterThan(1e-3);
  });
});
