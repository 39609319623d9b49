/**
 * Training throughput of the sequence-to-sequence models (lib/models/seq2seq), in pairs and target
 * tokens per second, on two tasks: the dates (lib/data/dates.ts) at the attention chapters' sizes,
 * H = 16 and word vectors of 8, and the next sentence of data/fables.txt (lib/data/pairs.ts, our
 * tokenizer, V = 721, 211 pairs of up to 34 tokens) at H = 32, D = 16, chosen here. A step is one of
 * lib/train's loop (train-pairs.ts), as the page trains: lossAndGrads, clipping at global norm 5 over
 * the weights' gradient and both tables' sparse ones, Adam(1e-2) on the weights and lazy Adam on each table.
 *
 * Each round trains every model on every task for one pass over a block of pairs that is the same in
 * every round (500 dates, or the first 100 next-sentence pairs), back to back, the order reversed every
 * other round: the load on this shared machine changes within seconds. Before the rounds, WARMUP
 * untimed steps of each, for V8 to have optimised every kernel. The report is the median over rounds.
 *
 *   npx node bench/seq2seq.bench.ts
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { datePairs, dateSourceVocab, dateTargetVocab } from '../lib/data/dates.ts';
import { type Pair, nextSentencePairs } from '../lib/data/pairs.ts';
import { buildVocab } from '../lib/data/words.ts';
import { createBahdanau } from '../lib/models/seq2seq/bahdanau.ts';
import { createEncoderDecoder } from '../lib/models/seq2seq/encoder-decoder.ts';
import { createLuong } from '../lib/models/seq2seq/luong.ts';
import type { PairModel, PairModelOptions } from '../lib/models/seq2seq/pair-model.ts';
import { trainPairs } from '../lib/train/train-pairs.ts';

const ROUNDS = 9;
const DATES_BLOCK = 500;
const NEXT_SENTENCE_BLOCK = 100;
const WARMUP = 200;

const MODELS: [string, (options: PairModelOptions) => PairModel][] = [
  ['encoder–decoder', (o) => createEncoderDecoder(o)],
  ['encoder–decoder, c everywhere', (o) => createEncoderDecoder({ ...o, contextEverywhere: true })],
  ['Bahdanau, bidirectional', (o) => createBahdanau(o)],
  ['Bahdanau, one-way', (o) => createBahdanau({ ...o, bidirectional: false })],
  ['Luong, input feeding', (o) => createLuong(o)],
  ['Luong, no input feeding', (o) => createLuong({ ...o, inputFeeding: false })],
];

interface Task {
  name: string;
  block: Pair[];
  options: PairModelOptions;
}

function task(name: string, block: Pair[], Vs: number, Vt: number, hidden: number, embedding: number): Task {
  const longest = (side: 'source' | 'target') => Math.max(...block.map((p) => p[side].length));
  return {
    name, block,
    options: { sourceVocabSize: Vs, targetVocabSize: Vt, hidden, embedding, seed: 1, maxSourceLen: longest('source'), maxTargetLen: longest('target') },
  };
}

/** `n` more steps of lib/train's loop over `block`, which it reads in order, pass after pass. */
function trainer(model: PairModel, block: readonly Pair[]): (n: number) => void {
  const events = trainPairs(model, block, { lr: 1e-2, seed: 1, sampleEvery: 1_000_000 });
  return (n) => {
    for (let i = 0; i < n; i++) events.next();
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  const fables = readFileSync(new URL('../data/fables.txt', import.meta.url), 'utf8');
  const vocab = buildVocab(fables);
  const tasks = [
    task('dates (H 16, D 8)', datePairs(DATES_BLOCK, 1), dateSourceVocab.size, dateTargetVocab.size, 16, 8),
    task('next sentence (H 32, D 16)', nextSentencePairs(vocab, fables).slice(0, NEXT_SENTENCE_BLOCK), vocab.size, vocab.size, 32, 16),
  ];
  const sides = tasks.flatMap((t) => MODELS.map(([name, create]) => ({
    name, task: t, run: trainer(create(t.options), t.block), rates: [] as number[],
    targetTokens: t.block.reduce((n, p) => n + p.target.length, 0),
  })));
  const loadBefore = loadavg()[0];
  for (const { run } of sides) run(WARMUP);
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      const start = performance.now();
      side.run(side.task.block.length);
      side.rates.push((1000 * side.task.block.length) / (performance.now() - start));
    }
  }

  console.log(`Seq2seq training pairs/s: median over ${ROUNDS} interleaved rounds, each one pass over the block of every model`);
  console.log(`(1-min load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores)`);
  console.log(`  ${'model'.padEnd(30)} ${'task'.padEnd(27)} ${'pairs/s'.padStart(8)}   ${'min–max'.padEnd(11)} ${'tokens/s'.padStart(8)}`);
  for (const { name, task: t, rates, targetTokens } of sides) {
    const range = `${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}`;
    const tokens = (median(rates) * targetTokens) / t.block.length;
    console.log(`  ${name.padEnd(30)} ${t.name.padEnd(27)} ${median(rates).toFixed(0).padStart(8)}   ${range.padEnd(11)} ${tokens.toFixed(0).padStart(8)}`);
  }
}

main();
