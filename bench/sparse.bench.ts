/**
 * The cost of one optimiser step on an embedding table E (V, D = 64) as the vocabulary grows: lazy
 * Adam (lib/core/lazy-adam.ts) on the rows one window touches, against dense Adam (lib/core/adam.ts)
 * over the whole table with the dense gradient, zero outside those rows. The window is 25 tokens
 * over 20 distinct rows (5 repeats); the sparse side cycles through 64 such windows drawn at random,
 * so that it does not find the same 20 rows in cache at every step, as it would not in training.
 * (That is why the sparse time still rises a little with V, about 1.6× from 100 to 50,000 here: its
 * rows lie scattered over a larger table and miss the cache more often; with one window repeated it
 * stays level.) The dense side's cost does not depend on where the nonzeros are. Only the optimiser
 * step is timed: both gradients are made beforehand.
 *
 * Each round times a block of about BLOCK_MS of steps of every side at every V, back to back, the
 * order reversed every other round, and the report is the median over rounds: the load on this
 * shared machine changes within seconds.
 *
 *   npx node bench/sparse.bench.ts
 */
import { Adam } from '../lib/core/adam.ts';
import { type SparseRows, lookupBackward, scatter, sparseRows } from '../lib/core/embedding.ts';
import { lazyAdamStep } from '../lib/core/lazy-adam.ts';
import { RandomState } from '../lib/core/random.ts';

const VS = [100, 1_000, 10_000, 50_000];
const D = 64;
const T = 25;
const DISTINCT = 20;
const WINDOWS = 64;
const ROUNDS = 25;
const BLOCK_MS = 20;
/** Time spent on each side at each V before calibrating, for V8 to have optimised the steps. */
const WARMUP_MS = 200;

/** One side at one V: `run(n)` takes n optimiser steps. */
interface Side {
  run(n: number): void;
  /** Steps per timed block, set by calibration. */
  block: number;
}

/** A window of T tokens over DISTINCT distinct rows of 0..V−1: those rows, then T − DISTINCT repeats of them. */
function window(rng: RandomState, V: number): Int32Array {
  const xs = new Int32Array(T);
  const seen = new Set<number>();
  while (seen.size < DISTINCT) seen.add(rng.randint(0, V));
  let t = 0;
  for (const x of seen) xs[t++] = x;
  for (; t < T; t++) xs[t] = xs[rng.randint(0, DISTINCT)];
  return xs;
}

function sides(V: number, rng: RandomState): { sparse: Side; dense: Side } {
  const des = Array.from({ length: T + 1 }, () => rng.fillNormal(new Float64Array(D), 0.1));
  const grads: SparseRows[] = Array.from({ length: WINDOWS }, () => {
    const g = sparseRows(V, D, T);
    lookupBackward(g, window(rng, V), des, T);
    return g;
  });
  const denseGrad = new Float64Array(V * D);
  scatter(denseGrad, grads[0]);

  const init = () => rng.fillNormal(new Float64Array(V * D), 0.01);
  const sparseE = init(), denseE = init();
  const lazy = new Adam(V * D), dense = new Adam(V * D);
  let next = 0;
  return {
    sparse: {
      block: 1,
      run(n) {
        for (let i = 0; i < n; i++) {
          lazyAdamStep(lazy, sparseE, grads[next]);
          next = (next + 1) % WINDOWS;
        }
      },
    },
    dense: { block: 1, run: (n) => { for (let i = 0; i < n; i++) dense.step(denseE, denseGrad); } },
  };
}

/** Milliseconds per step over a block of the side's size. */
function timeBlock(side: Side): number {
  const start = performance.now();
  side.run(side.block);
  return (performance.now() - start) / side.block;
}

/** Run for WARMUP_MS, then size the block to take about BLOCK_MS. */
function calibrate(side: Side): void {
  const end = performance.now() + WARMUP_MS;
  while (performance.now() < end) side.run(side.block);
  side.block = Math.max(1, Math.round(BLOCK_MS / timeBlock(side)));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Least-squares slope of log(ms) against log(V): the exponent p of ms ∝ Vᵖ. */
function exponent(ms: number[]): number {
  const x = VS.map(Math.log), y = ms.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length, my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0, sxx = 0;
  x.forEach((xi, i) => { sxy += (xi - mx) * (y[i] - my); sxx += (xi - mx) ** 2; });
  return sxy / sxx;
}

/** What the measured exponent says: flat below 0.15, linear within 0.15 of 1. */
function shape(p: number): string {
  if (Math.abs(p) < 0.15) return 'flat';
  if (Math.abs(p - 1) < 0.15) return 'linear in V';
  return 'neither flat nor linear';
}

function main(): void {
  const rng = new RandomState(0);
  const all = VS.map((V) => sides(V, rng));
  for (const { sparse, dense } of all) { calibrate(sparse); calibrate(dense); }
  const ms = all.map(() => ({ sparse: [] as number[], dense: [] as number[], ratio: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...all.keys()].reverse() : [...all.keys()];
    for (const k of order) {
      const { sparse, dense } = all[k];
      let s: number, d: number;
      if (round % 2) { d = timeBlock(dense); s = timeBlock(sparse); } else { s = timeBlock(sparse); d = timeBlock(dense); }
      ms[k].sparse.push(s);
      ms[k].dense.push(d);
      ms[k].ratio.push(d / s);
    }
  }

  const us = (x: number) => (1000 * x).toFixed(1);
  console.log(`One optimiser step on an embedding table (V, ${D}): lazy Adam on the rows of a window of ${T} tokens`);
  console.log(`(${DISTINCT} distinct rows) against dense Adam over all of it; medians over ${ROUNDS} interleaved rounds`);
  console.log(`  ${'V'.padStart(6)}   ${'sparse µs'.padStart(10)}   ${'dense µs'.padStart(10)}   dense / sparse: median (range)`);
  const sparseMs = ms.map((m) => median(m.sparse)), denseMs = ms.map((m) => median(m.dense));
  VS.forEach((V, k) => {
    const r = ms[k].ratio;
    const range = `${Math.min(...r).toFixed(0)}–${Math.max(...r).toFixed(0)}`;
    console.log(`  ${String(V).padStart(6)}   ${us(sparseMs[k]).padStart(10)}   ${us(denseMs[k]).padStart(10)}   ${median(r).toFixed(1).padStart(8)}×  (${range})`);
  });
  const growth = VS[VS.length - 1] / VS[0];
  for (const [name, times] of [['sparse', sparseMs], ['dense', denseMs]] as const) {
    const p = exponent(times);
    const by = times[times.length - 1] / times[0];
    console.log(`  ${name} step: ∝ V^${p.toFixed(2)}, ×${by.toFixed(by < 10 ? 2 : 0)} while V grew ×${growth}: ${shape(p)}`);
  }
}

main();
