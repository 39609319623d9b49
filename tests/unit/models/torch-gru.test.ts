import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scatter } from '../../../lib/core/embedding.ts';
import { gradCheck } from '../../../lib/core/gradcheck.ts';
import { allocParams, dataOf } from '../../../lib/core/params.ts';
import { RandomState } from '../../../lib/core/random.ts';
import { buildVocab, trainingStream } from '../../../lib/data/words.ts';
import { windows } from '../../../lib/data/windows.ts';
import { type Gru, createGru } from '../../../lib/models/gru.ts';
import type { SequenceModel } from '../../../lib/models/model.ts';
import {
  type JsonTensor, type TorchGru, createTorchGru, loadTorchGruState, torchGruSpec,
} from '../../../lib/models/torch-gru.ts';
import { train } from '../../../lib/train/train.ts';

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

  it("refuses a second layer's or a reverse direction's tensors, naming them, and copies nothing", () => {
    const model = createTorchGru({ vocabSize: V, hidden: H, seed: 0, embedding: E });
    const before = Float64Array.from(model.params.flat);
    const deeper = { ...golden.state_dict, weight_ih_l1: golden.state_dict.weight_ih_l0, bias_hh_l0_reverse: golden.state_dict.bias_hh_l0 };
    expect(() => loadTorchGruState(model, deeper)).toThrow(
      'the state dict has weight_ih_l1, bias_hh_l0_reverse, which a one-layer, one-direction GRU has no place for',
    );
    expect(model.params.flat).toEqual(before);
  });
});

describe('createTorchGru', () => {
  it('draws the table, then W_ih, W_hh, W_y in that order as randn · 0.01 from RandomState(seed), all biases zero', () => {
    const model = createTorchGru({ vocabSize: V, hidden: H, seed: 42, embedding: E });
    const rng = new RandomState(42);
    expect(model.embedding!.table.data).toEqual(rng.fillNormal(new Float64Array(V * E), 0.01));
    const { Wih, Whh, bih, bhh, Wy, by } = model.params.tensors;
    expect(Wih.shape).toEqual([3 * H, E]);
    expect(Whh.shape).toEqual([3 * H, H]);
    expect(Wih.data).toEqual(rng.fillNormal(new Float64Array(3 * H * E), 0.01));
    expect(Whh.data).toEqual(rng.fillNormal(new Float64Array(3 * H * H), 0.01));
    expect(Wy.data).toEqual(rng.fillNormal(new Float64Array(V * H), 0.01));
    for (const b of [bih, bhh]) expect(b.data).toEqual(new Float64Array(3 * H));
    expect(by.data).toEqual(new Float64Array(V));
  });

  it('leaves the carried state unchanged when it samples', () => {
    const model = fromPyTorch();
    const before = model.state.slice();
    model.sample(new RandomState(1), 1, 1, new Int32Array(20), model.state);
    expect(model.state).toEqual(before);
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

/**
 * Cho's GRU (gru.ts) with the golden's weights, read the natural way: U_r = W_hr, W_r = W_ir and
 * b_r = b_ir + b_hr for the reset gate, likewise for z, and U = W_hn, W = W_in, b_h = b_in + b_hn for
 * the candidate; the same table, readout and h_0. Only the place of the reset gate differs.
 */
function choFrom(torch: TorchGru): Gru {
  const cho = createGru({ vocabSize: V, hidden: H, seed: 0, embedding: E, maxSeqLen: T });
  const { Wih, Whh, bih, bhh } = dataOf(torch.params);
  const { Wz, Wr, Wh, bz, br, bh } = dataOf(cho.params);
  const D = H + E; // Cho's rows read [h_{t−1}; e_t]
  const fill = (W: Float64Array, b: Float64Array, block: number) => {
    for (let i = 0; i < H; i++) {
      const row = block * H + i;
      W.set(Whh.subarray(row * H, (row + 1) * H), i * D);           // U block
      W.set(Wih.subarray(row * E, (row + 1) * E), i * D + H);       // input block
      b[i] = bih[row] + bhh[row];
    }
  };
  fill(Wr, br, 0);
  fill(Wz, bz, 1);
  fill(Wh, bh, 2);
  cho.embedding!.table.data.set(torch.embedding!.table.data);
  cho.params.tensors.Wy.data.set(torch.params.tensors.Wy.data);
  cho.params.tensors.by.data.set(torch.params.tensors.by.data);
  cho.state.set(torch.state);
  return cho;
}

/** h_1..h_T of a model made fresh by `make` for each t, from its carried h_0 over the golden window. */
function states(make: () => { lossAndGrads: TorchGru['lossAndGrads']; state: Float64Array }): Float64Array[] {
  return Array.from({ length: T }, (_, t) => {
    const model = make();
    model.lossAndGrads(inputs, targets, t + 1);
    return model.state.slice();
  });
}

const maxDiff = (a: Float64Array[], b: Float64Array[]) =>
  Math.max(...a.map((at, t) => Math.max(...Array.from(at, (v, k) => Math.abs(v - b[t][k])))));

describe('the PyTorch GRU beside Cho et al.\u2019s GRU, on the same weights', () => {
  /** The golden model with `edit` applied to its parameters, and Cho's model read from it. */
  const pair = (edit: (p: Record<'Wih' | 'Whh' | 'bih' | 'bhh', Float64Array>) => void = () => {}) => {
    const torch = () => {
      const model = fromPyTorch();
      edit(dataOf(model.params));
      return model;
    };
    return { torch: states(torch), cho: states(() => choFrom(torch())) };
  };
  const n = 2 * H; // the n block starts here

  it('gives other hidden states than the Cho GRU of gru.ts with the same weights', () => {
    const { torch, cho } = pair();
    expect(maxDiff(torch, cho)).toBeGreaterThan(0.1);
  });

  it('gives the hidden states of the Cho GRU of gru.ts when the reset gate is 1 (b_ir raised by 50), with b_h = b_in + b_hn', () => {
    const { torch, cho } = pair(({ bih }) => {
      for (let k = 0; k < H; k++) bih[k] += 50; // σ(50 + a) rounds to 1 for every a here
    });
    expect(maxDiff(torch, cho)).toBeLessThan(1e-12);
  });

  it('gives the hidden states of the Cho GRU of gru.ts when W_hn = U = 0 and b_hn = 0, whatever the reset gate', () => {
    const { torch, cho } = pair(({ Whh, bhh }) => {
      Whh.fill(0, n * H);
      bhh.fill(0, n);
    });
    expect(maxDiff(torch, cho)).toBeLessThan(1e-12);
  });

  it('still differs from the Cho GRU of gru.ts when W_hn = U = 0 but b_hn is not 0, as r_t ⊙ b_hn depends on h_{t−1}', () => {
    const { torch, cho } = pair(({ Whh }) => Whh.fill(0, n * H));
    expect(maxDiff(torch, cho)).toBeGreaterThan(0.1);
  });
});

describe('the two biases of the PyTorch GRU', () => {
  const n = 2 * H;

  it('get the same gradient in the r and z blocks, and different ones in the n block, in PyTorch and here', () => {
    const model = fromPyTorch();
    model.lossAndGrads(inputs, targets, T);
    const { bih, bhh } = dataOf(model.grads);
    const torchBih = golden.expected.grads.bias_ih_l0.data, torchBhh = golden.expected.grads.bias_hh_l0.data;
    for (let k = 0; k < n; k++) {
      expect(bih[k]).toBe(bhh[k]);
      expect(Math.abs(torchBih[k] - torchBhh[k])).toBeLessThan(1e-15);
    }
    for (let k = n; k < 3 * H; k++) {
      expect(Math.abs(bih[k] - bhh[k])).toBeGreaterThan(1e-4);
      expect(Math.abs(torchBih[k] - torchBhh[k])).toBeGreaterThan(1e-4);
    }
  });

  it('leave the loss, the states and every gradient unchanged when a constant moves from b_hr to b_ir and from b_hz to b_iz', () => {
    const moved = () => {
      const model = fromPyTorch();
      const { bih, bhh } = dataOf(model.params);
      for (let k = 0; k < n; k++) {
        bih[k] += 0.3;
        bhh[k] -= 0.3;
      }
      return model;
    };
    const [a, b] = [fromPyTorch(), moved()];
    expect(Math.abs(a.lossAndGrads(inputs, targets, T) - b.lossAndGrads(inputs, targets, T))).toBeLessThan(1e-12);
    expect(relError(b.state, a.state)).toBeLessThan(1e-12);
    expect(relError(b.grads.flat, a.grads.flat)).toBeLessThan(1e-10);
  });

  it('change the states when a constant moves from b_hn to b_in, since r_t scales b_hn alone', () => {
    const moved = fromPyTorch();
    const { bih, bhh } = dataOf(moved.params);
    for (let k = n; k < 3 * H; k++) {
      bih[k] += 0.3;
      bhh[k] -= 0.3;
    }
    const original = fromPyTorch();
    original.lossAndGrads(inputs, targets, T);
    moved.lossAndGrads(inputs, targets, T);
    expect(Math.max(...Array.from(moved.state, (v, k) => Math.abs(v - original.state[k])))).toBeGreaterThan(1e-3);
  });
});

describe('the PyTorch GRU with one-hot input', () => {
  const V = 5, H = 7;
  /** Weights large enough that no gradient is tiny, nonzero biases and a nonzero h_0. */
  function small(length: number) {
    const model = createTorchGru({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: length });
    const rng = new RandomState(7);
    for (const b of ['bih', 'bhh', 'by'] as const) rng.fillNormal(model.params.tensors[b].data, 0.5);
    const h0 = rng.fillNormal(new Float64Array(H), 0.5);
    const tokens = () => Int32Array.from({ length }, () => rng.randint(0, V));
    return { model, h0, inputs: tokens(), targets: tokens() };
  }

  it.each([6, 5])('matches finite differences for every parameter tensor over %i steps (max relative error < 1e-6)', (length) => {
    const { model, h0, inputs, targets } = small(length);
    const loss = () => {
      model.state.set(h0);
      return model.lossAndGrads(inputs, targets, length);
    };
    loss();
    const analytic = allocParams(torchGruSpec(V, H));
    analytic.flat.set(model.grads.flat);
    const errors = gradCheck(model.params, analytic, loss);
    expect(Object.keys(errors)).toEqual(['Wih', 'Whh', 'bih', 'bhh', 'Wy', 'by']);
    for (const k of model.params.names) expect(errors[k], k).toBeLessThan(1e-6);
  });
});

describe('Cho et al.\u2019s and PyTorch\u2019s GRU on the crow words', () => {
  const crow = readFileSync(new URL('../../../data/thirsty-crow.txt', import.meta.url), 'utf8');
  const vocab = buildVocab(crow);
  const stream = trainingStream(vocab, crow);
  const seqLen = 25;

  /** The mean loss per token over the `passes`-th pass of training. */
  function lossOfPass(model: SequenceModel, passes: number): number {
    const run = train(model, stream, { seqLen, lr: 3e-3, seed: 42, sampleEvery: 1_000_000 });
    const lengths = windows(stream, seqLen).map((w) => w.length);
    let sum = 0;
    for (let pass = 1; pass <= passes; pass++) {
      sum = 0;
      for (const length of lengths) sum += run.next().value!.loss * length;
    }
    return sum / (stream.length - 1);
  }

  // Measured: 1.35 (PyTorch's) and 1.37 (Cho's) nats per token in the 80th pass; ln V ≈ 4.92, and
  // the unigram entropy of the stream, the best loss without context, is 4.35.
  it('trains both on the crow word stream: the mean loss of the 80th pass is below 1.5 nats per token for each (H = 32, D = 16, seed 42)', () => {
    const options = { vocabSize: vocab.size, hidden: 32, embedding: 16, seed: 42, maxSeqLen: seqLen };
    expect(lossOfPass(createTorchGru(options), 80)).toBeLessThan(1.5);
    expect(lossOfPass(createGru(options), 80)).toBeLessThan(1.5);
  });
});
