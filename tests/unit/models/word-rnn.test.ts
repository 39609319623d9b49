import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Adam } from '../../../lib/core/adam.ts';
import { clear, lookupBackward, sparseRows } from '../../../lib/core/embedding.ts';
import { lazyAdamStep } from '../../../lib/core/lazy-adam.ts';
import { RandomState } from '../../../lib/core/random.ts';
import { windows } from '../../../lib/data/windows.ts';
import { buildVocab as buildCharVocab } from '../../../lib/data/chars.ts';
import { EOS, UNK, buildVocab, sentences, tokenize, trainingStream } from '../../../lib/data/words.ts';
import { createRnn } from '../../../lib/models/rnn.ts';
import { train } from '../../../lib/train/train.ts';

// The numbers the chapter "Words and embeddings" states about the word RNN and its data.

const crow = readFileSync(new URL('../../../data/thirsty-crow.txt', import.meta.url), 'utf8');
const fables = readFileSync(new URL('../../../data/fables.txt', import.meta.url), 'utf8');

/** The crow story is ASCII letters, spaces and . , : ! only, so any rule that keeps words and marks whole tokenises it the same way. */
const crowTokensByHand = crow.toLowerCase().match(/[a-z]+|[^\sa-z]/g)!;

describe('the crow story as words', () => {
  it('has 39 distinct characters and 134 distinct word tokens', () => {
    expect(new Set(crow).size).toBe(39);
    expect(buildCharVocab(crow).size).toBe(39);
    expect(buildVocab(crow).size - 3).toBe(134);
  });

  it('has 265 tokens and a vocabulary of 137 (134 distinct tokens and the 3 specials) under either rule', () => {
    expect(crowTokensByHand.length).toBe(265);
    expect(new Set(crowTokensByHand).size).toBe(134);
    for (const notebookRule of [false, true]) {
      expect(tokenize(crow, { notebookRule })).toEqual(crowTokensByHand);
      expect(buildVocab(crow, { notebookRule }).size).toBe(137);
    }
  });

  it('frames its 19 sentences into a stream of 265 + 2 · 19 = 303 ids', () => {
    expect(sentences(crow).length).toBe(19);
    expect(trainingStream(buildVocab(crow), crow).length).toBe(303);
  });

  it('fills 12 windows of 25 and a last one of 2 (302 targets)', () => {
    const onePass = windows(trainingStream(buildVocab(crow), crow), 25);
    expect(onePass.map((w) => w.length)).toEqual([...Array(12).fill(25), 2]);
  });

  it('would never make its last 2 ids, the final full stop and <EOS>, targets under the notebooks’ reset rule', () => {
    const vocab = buildVocab(crow);
    const stream = trainingStream(vocab, crow);
    const N = stream.length, T = 25;
    // The notebooks' loop: restart at 0 when p + T + 1 ≥ N, else train inputs p..p+T−1 on targets p+1..p+T, p += T.
    const trained = new Set<number>();
    for (let p = 0, k = 0; k < 100; k++, p += T) {
      if (p + T + 1 >= N) p = 0;
      for (let i = p + 1; i <= p + T; i++) trained.add(i);
    }
    const never = Array.from({ length: N - 1 }, (_, i) => i + 1).filter((i) => !trained.has(i));
    expect(never).toEqual([N - 2, N - 1]);
    expect([vocab.words[stream[N - 2]], stream[N - 1]]).toEqual(['.', EOS]);
  });

  it('has 95 tokens seen once, which minCount 2 maps to <UNK>, leaving V = 42', () => {
    const counts = new Map<string, number>();
    for (const w of crowTokensByHand) counts.set(w, (counts.get(w) ?? 0) + 1);
    const once = [...counts].filter(([, n]) => n === 1).map(([w]) => w);
    expect(once.length).toBe(95);
    const vocab = buildVocab(crow, { minCount: 2 });
    expect(vocab.size).toBe(134 - 95 + 3);
    expect(vocab.size).toBe(42);
    const stream = trainingStream(vocab, crow);
    expect(stream.filter((id) => id === UNK).length).toBe(95);
  });
});

describe('the fables as words', () => {
  it('keep possessives whole and ( ) - as tokens under our rule, where the notebook rule splits or drops them: V = 721 against 717', () => {
    const ours = buildVocab(fables), theirs = buildVocab(fables, { notebookRule: true });
    expect(ours.size).toBe(721);
    expect(theirs.size).toBe(717);
    expect(ours.words.filter((w) => !theirs.index.has(w))).toEqual(['(', ')', '-', "ant's", "butcher's", "farmer's", "father's"]);
    expect(theirs.words.filter((w) => !ours.index.has(w))).toEqual(["'", 'butcher', 's']);
  });
});

describe('the word RNN', () => {
  it('has VD + HD + H² + VH + H + V parameters: 19,497 for V = 137, D = 32, H = 64', () => {
    const V = 137, D = 32, H = 64;
    const model = createRnn({ vocabSize: V, hidden: H, seed: 42, embedding: D });
    const count = model.embedding!.table.data.length + model.params.flat.length;
    expect(count).toBe(V * D + H * D + H * H + V * H + H + V);
    expect(count).toBe(19_497);
  });

  it('draws E, then Wxh, Whh, Why, as randn · 0.01 (the default initScale) from RandomState(seed), biases zero', () => {
    const V = 6, D = 3, H = 4;
    const model = createRnn({ vocabSize: V, hidden: H, seed: 42, embedding: D });
    const rng = new RandomState(42);
    const { Wxh, Whh, Why, bh, by } = model.params.tensors;
    expect(model.embedding!.table.data).toEqual(rng.fillNormal(new Float64Array(V * D), 0.01));
    expect(Wxh.shape).toEqual([H, D]);
    expect(Wxh.data).toEqual(rng.fillNormal(new Float64Array(H * D), 0.01));
    expect(Whh.data).toEqual(rng.fillNormal(new Float64Array(H * H), 0.01));
    expect(Why.data).toEqual(rng.fillNormal(new Float64Array(V * H), 0.01));
    expect(bh.data).toEqual(new Float64Array(H));
    expect(by.data).toEqual(new Float64Array(V));
  });

  it('returns the summed cross-entropy of the equations with e_t = Eᵀ onehot(x_t) computed as a dense product', () => {
    const V = 6, D = 3, H = 4, T = 5;
    const model = createRnn({ vocabSize: V, hidden: H, seed: 3, initScale: 0.5, maxSeqLen: T, embedding: D });
    const rng = new RandomState(9);
    rng.fillNormal(model.params.tensors.bh.data, 0.5);
    rng.fillNormal(model.params.tensors.by.data, 0.5);
    const h0 = rng.fillNormal(new Float64Array(H), 0.5);
    const inputs = Int32Array.of(4, 0, 4, 2, 5), targets = Int32Array.of(0, 4, 2, 5, 1);
    const E = model.embedding!.table.data;
    const { Wxh, Whh, Why, bh, by } = model.params.tensors;
    let h = Array.from(h0), loss = 0;
    for (let t = 0; t < T; t++) {
      const x = Array.from({ length: V }, (_, k): number => (k === inputs[t] ? 1 : 0));
      const e = Array.from({ length: D }, (_, j) => x.reduce((s, xk, k) => s + E[k * D + j] * xk, 0)); // Eᵀ onehot(x_t)
      h = h.map((_, i) => {
        let a = bh.data[i];
        for (let j = 0; j < D; j++) a += Wxh.data[i * D + j] * e[j];
        for (let j = 0; j < H; j++) a += Whh.data[i * H + j] * h[j];
        return Math.tanh(a);
      });
      const y = Array.from({ length: V }, (_, k) => h.reduce((s, hj, j) => s + Why.data[k * H + j] * hj, by.data[k]));
      loss -= Math.log(Math.exp(y[targets[t]]) / y.reduce((s, yk) => s + Math.exp(yk), 0));
    }
    model.state.set(h0);
    expect(model.lossAndGrads(inputs, targets, T)).toBeCloseTo(loss, 12);
    model.state.forEach((x, i) => expect(x).toBeCloseTo(h[i], 14));
  });
});

describe('the training loop with an embedding', () => {
  it('clips the dense gradient and the touched rows of the table by one global norm', () => {
    const V = 9, D = 3, H = 5, T = 6;
    const stream = Int32Array.from({ length: 40 }, (_, i) => (3 * i + (i >> 2)) % 7); // rows 7 and 8 never occur
    const options = { vocabSize: V, hidden: H, seed: 5, initScale: 0.5, maxSeqLen: T, embedding: D };
    const twin = createRnn(options);
    const w = windows(stream, T)[0];
    twin.lossAndGrads(w.inputs, w.targets, w.length);
    const g = twin.embedding!.grad;
    const dense = twin.grads.flat.slice(), rows = g.grads.slice(0, g.count * D);
    const sq = (a: Float64Array) => a.reduce((s, x) => s + x * x, 0);
    const norm = Math.sqrt(sq(dense) + sq(rows));

    const model = createRnn(options);
    const max = 1e-3;
    const event = train(model, stream, { seqLen: T, lr: 1e-2, seed: 1, clip: { mode: 'norm', max } }).next().value!;
    expect(event.gradNorm).toBeCloseTo(norm, 12);
    const scale = max / norm;
    model.grads.flat.forEach((x, i) => expect(x).toBeCloseTo(dense[i] * scale, 15));
    const clipped = model.embedding!.grad;
    expect(Array.from(clipped.ids.subarray(0, clipped.count))).toEqual(Array.from(g.ids.subarray(0, g.count)));
    clipped.grads.subarray(0, clipped.count * D).forEach((x, i) => expect(x).toBeCloseTo(rows[i] * scale, 15));
    expect(Math.sqrt(sq(model.grads.flat) + sq(clipped.grads.subarray(0, clipped.count * D)))).toBeCloseTo(max, 15);
  });
});

describe('dense and lazy Adam on a rarely touched row', () => {
  const { lr, beta1, beta2 } = { lr: 1e-3, beta1: 0.9, beta2: 0.999 };

  it('keeps moving a row under dense Adam after its last touch, about r/(1 − r) ≈ 9.05 times its last step in all, r = β1/√β2', () => {
    const adam = new Adam(1, { lr, beta1, beta2 });
    const theta = Float64Array.of(0), zero = Float64Array.of(0);
    for (let k = 0; k < 10_000; k++) adam.step(theta, zero); // m = v = 0: nothing moves, the count grows
    adam.step(theta, Float64Array.of(1)); // the last touch
    const last = -theta[0];
    for (let k = 0; k < 3_000; k++) adam.step(theta, zero);
    const drift = -theta[0] - last;
    const r = beta1 / Math.sqrt(beta2);
    expect(r / (1 - r)).toBeCloseTo(9.05, 2);
    expect(Math.abs(drift / last - r / (1 - r)) / (r / (1 - r))).toBeLessThan(1e-3);
  });

  it('steps the n-th touch of a row at a large global step by α(1 − β1ⁿ)/√(1 − β2ⁿ): 3.16α at n = 1, 6.57α at n = 12', () => {
    const adam = new Adam(2, { lr, beta1, beta2 });
    const E = Float64Array.of(0, 0);
    const g = sparseRows(2, 1, 1);
    const des = [new Float64Array(1), Float64Array.of(1)];
    const steps: number[] = [];
    for (let k = 1; k <= 12_000; k++) {
      if (k > 10_000 && k % 50 === 0 && steps.length < 12) {
        lookupBackward(g, Int32Array.of(1), des, 1); // row 1, gradient 1, once every 50 steps
        const before = E[1];
        lazyAdamStep(adam, E, g);
        steps.push((before - E[1]) / lr);
      } else {
        clear(g);
        lazyAdamStep(adam, E, g);
      }
    }
    expect(steps.length).toBe(12);
    steps.forEach((s, i) => {
      const n = i + 1;
      expect(Math.abs(s / ((1 - beta1 ** n) / Math.sqrt(1 - beta2 ** n)) - 1)).toBeLessThan(1e-4);
    });
    expect(steps[0]).toBeCloseTo(3.16, 2);
    expect(steps[11]).toBeCloseTo(6.57, 2);
    expect(Math.max(...steps)).toBe(steps[11]);
  });
});

describe('the word RNN on the crow story', () => {
  // The settings of the character chapters' training test, with an embedding of 32.
  let trained: { model: ReturnType<typeof createRnn>; smoothLoss: number; stream: Int32Array } | undefined;
  function train2000() {
    if (trained) return trained;
    const vocab = buildVocab(crow);
    const stream = trainingStream(vocab, crow);
    const model = createRnn({ vocabSize: vocab.size, hidden: 64, seed: 42, embedding: 32 });
    const events = train(model, stream, { seqLen: 25, lr: 3e-3, seed: 42 });
    let smoothLoss = Infinity;
    for (let k = 0; k < 2000; k++) smoothLoss = events.next().value!.smoothLoss;
    return (trained = { model, smoothLoss, stream });
  }

  it('brings the word RNN (H = 64, D = 32) below 0.25 ln V smoothed loss within 2,000 steps', () => {
    expect(train2000().smoothLoss).toBeLessThan(0.25 * Math.log(137));
  });

  it('then gives <EOS> the largest probability after each of the 19 sentence ends, reading the stream from its start', () => {
    const { model, stream } = train2000();
    const { Why, by } = model.params.tensors;
    const V = by.data.length, H = model.state.length;
    const { h } = model.activations(stream);
    const argmaxAfter = (t: number) => {
      const y = Array.from({ length: V }, (_, k) => h[t].reduce((s, hj, j) => s + Why.data[k * H + j] * hj, by.data[k]));
      return y.indexOf(Math.max(...y));
    };
    const ends = [...stream.keys()].filter((i) => stream[i + 1] === EOS);
    expect(ends.length).toBe(19);
    for (const t of ends) expect(argmaxAfter(t)).toBe(EOS);
  });
});
