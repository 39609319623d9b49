/**
 * Training speed of our RNN against the NumPy original's style of step (../shared/bench/ref_numpy.py),
 * measured in the same command, so that the ratio is meaningful on a shared, noisy machine.
 * Same sizes (H = 100, T = 25, the same 677-character text with V = 33), the same clipping to ±5
 * and Adam(1e-3); ours runs through the training loop of lib/train.
 *
 *   npm run bench
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildVocab, encode } from '../lib/data/chars.ts';
import { createRnn } from '../lib/models/rnn.ts';
import { type ClipOptions, train } from '../lib/train/train.ts';

const BLOCKS = 5;
const BLOCK_STEPS = 100;
const ROUNDS = 3;
/** Steps before timing: enough for V8 to have optimised every kernel. */
const WARMUP = 200;
const refDir = fileURLToPath(new URL('../../shared/bench/', import.meta.url));

function python(args: string[]): string {
  const run = spawnSync('python3', args, { cwd: refDir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function numpyStepsPerSecond(): number {
  const out = python(['ref_numpy.py', '--models', 'rnn', '--blocks', String(BLOCKS), '--block-steps', String(BLOCK_STEPS)]);
  return JSON.parse(out.trim().split('\n').pop()!).steps_per_s;
}

function oursStepsPerSecond(text: string, clip: ClipOptions): number {
  const vocab = buildVocab(text);
  const model = createRnn({ vocabSize: vocab.size, hidden: 100, seed: 42, maxSeqLen: 25 });
  const steps = train(model, encode(vocab, text), {
    seqLen: 25, lr: 1e-3, seed: 42, clip, sampleEvery: 1_000_000,
  });
  for (let i = 0; i < WARMUP; i++) steps.next();
  const rates: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const start = performance.now();
    for (let i = 0; i < BLOCK_STEPS; i++) steps.next();
    rates.push((1000 * BLOCK_STEPS) / (performance.now() - start));
  }
  return median(rates);
}

// The reference's own text generator, so both sides train on exactly the same characters.
const text = python(['-c', 'import sys, ref_numpy; sys.stdout.write(ref_numpy.make_text())']);
console.log(`RNN training steps/s (H = 100, T = 25, V = ${buildVocab(text).size}; median of ${BLOCKS} blocks of ${BLOCK_STEPS} steps)`);
// The machine is shared: alternate the runs a few times and judge by the median ratio of same-round pairs.
// Ours runs twice: with element-wise clipping as the reference does, and with lib/train's default,
// global-norm clipping (one pass over the gradient instead of two).
const valueRatios: number[] = [];
const normRatios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const numpy = numpyStepsPerSecond();
  const value = oursStepsPerSecond(text, { mode: 'value', max: 5 });
  const norm = oursStepsPerSecond(text, { mode: 'norm', max: 5 });
  valueRatios.push(value / numpy);
  normRatios.push(norm / numpy);
  console.log(
    `  round ${round}: NumPy ${numpy.toFixed(0).padStart(5)}   ours, value clip ${value.toFixed(0).padStart(5)}` +
      ` (${(value / numpy).toFixed(2)}×)   ours, norm clip ${norm.toFixed(0).padStart(5)} (${(norm / numpy).toFixed(2)}×)`,
  );
}
console.log(`  median ratio ours / NumPy, same clipping (element-wise): ${median(valueRatios).toFixed(2)}×`);
console.log(`  median ratio ours / NumPy, our default (global norm):    ${median(normRatios).toFixed(2)}×`);
