/**
 * Training speed of each of our models against the NumPy original's style of step for the same model
 * (../shared/bench/ref_numpy.py), measured in the same command and reported as a ratio, never as an
 * absolute time. Same sizes (H = 100, T = 25, the same 677-character text with V = 33), the same
 * clipping to ±5 and Adam(1e-3); ours runs through the training loop of lib/train. The models are
 * those that both the reference (its MODELS) and the page's registry (src/workers/models.ts) have.
 *
 * Each side waits for requests in a process or thread of its own: the reference's own Trainer in
 * Python, and ours in one worker thread per clipping mode, one model per worker, as in the page,
 * where every run gets a fresh Web Worker. The load on this shared machine changes within seconds,
 * so the sides do not run one after the other: each round times a block of steps of every side back
 * to back, and the report is the median over rounds of the ratio within a round.
 *
 *   npm run bench
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildVocab, encode } from '../lib/data/chars.ts';
import { type ClipOptions, train } from '../lib/train/train.ts';
import { models } from '../src/workers/models.ts';

const ROUNDS = 15;
const BLOCK_STEPS = 100;
/** Steps before timing: enough for V8 to have optimised every kernel (NumPy needs few). */
const WARMUP = 300;
const refDir = fileURLToPath(new URL('../../shared/bench/', import.meta.url));

/** A side of the comparison: answers with the steps/s of that many training steps. */
interface Side {
  name: string;
  stepsPerSecond(steps: number): Promise<number>;
  stop(): void;
}

// Reads a number of steps per line, answers with the steps/s of that many steps of the reference's Trainer.
const REFERENCE_SERVER = `
import sys, time, ref_numpy
trainer = ref_numpy.Trainer(ref_numpy.MODELS[sys.argv[1]], ref_numpy.make_text())
for line in sys.stdin:
    n = int(line)
    start = time.perf_counter()
    for _ in range(n):
        trainer.step()
    print(n / (time.perf_counter() - start), flush=True)
`;

function python(script: string, ...args: string[]): string {
  const run = spawnSync('python3', ['-c', script, ...args], { cwd: refDir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 could not run the reference (${run.status}): ${run.stderr}`);
  return run.stdout;
}

function reference(model: string): Side {
  const child = spawn('python3', ['-c', REFERENCE_SERVER, model], { cwd: refDir, stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    name: 'NumPy (ref_numpy.py)',
    async stepsPerSecond(steps) {
      child.stdin.write(`${steps}\n`);
      const reply = await replies.next();
      if (reply.done) throw new Error(`the NumPy reference exited (code ${child.exitCode}) before answering`);
      return Number(reply.value);
    },
    stop: () => child.stdin.end(),
  };
}

interface OursData {
  model: string;
  text: string;
  clip: ClipOptions;
}

function ours(name: string, data: OursData): Side {
  const worker = new Worker(new URL(import.meta.url), { workerData: data });
  return {
    name,
    async stepsPerSecond(steps) {
      worker.postMessage(steps);
      const [rate] = await once(worker, 'message');
      return rate;
    },
    stop: () => void worker.terminate(),
  };
}

/** In a worker: one model and its training loop; each message is a number of steps to time. */
async function serveOurs(port: NonNullable<typeof parentPort>, { model: kind, text, clip }: OursData): Promise<void> {
  const vocab = buildVocab(text);
  const create = await models[kind]();
  const model = create({ vocabSize: vocab.size, hidden: 100, seed: 42, maxSeqLen: 25 });
  const steps = train(model, encode(vocab, text), { seqLen: 25, lr: 1e-3, seed: 42, clip, sampleEvery: 1_000_000 });
  port.on('message', (n: number) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) steps.next();
    port.postMessage((1000 * n) / (performance.now() - start));
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function benchModel(model: string, text: string): Promise<void> {
  // Ours twice: with element-wise clipping as the reference does, and with lib/train's default, global-norm clipping.
  const sides = [
    reference(model),
    ours('ours, value clip ±5', { model, text, clip: { mode: 'value', max: 5 } }),
    ours('ours, global norm 5', { model, text, clip: { mode: 'norm', max: 5 } }),
  ];
  for (const side of sides) await side.stepsPerSecond(WARMUP);
  const rates: number[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order, so that no side always runs right after the same other one.
    const order = round % 2 ? [2, 1, 0] : [0, 1, 2];
    for (const k of order) rates[k].push(await sides[k].stepsPerSecond(BLOCK_STEPS));
  }
  for (const side of sides) side.stop();

  console.log(`${model.toUpperCase()} training steps/s (H = 100, T = 25, V = ${buildVocab(text).size}); ${ROUNDS} rounds, each timing ${BLOCK_STEPS} steps of every side back to back`);
  console.log(`  ${''.padEnd(22)} median steps/s   ours / NumPy: median over rounds (range)`);
  sides.forEach((side, k) => {
    const ratios = rates[k].map((r, round) => r / rates[0][round]);
    const ratio = k === 0 ? '' : `${median(ratios).toFixed(2)}×  (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
    console.log(`  ${side.name.padEnd(22)} ${median(rates[k]).toFixed(0).padStart(14)}   ${ratio}`);
  });
}

async function main(): Promise<void> {
  // The reference's own text generator, so both sides train on exactly the same characters.
  const text = python('import sys, ref_numpy; sys.stdout.write(ref_numpy.make_text())');
  const referenceModels = python('import ref_numpy; print(" ".join(ref_numpy.MODELS))').split(/\s+/);
  // One model at a time, so that the two cores this machine has are never shared by two models' rounds.
  for (const model of Object.keys(models).filter((m) => referenceModels.includes(m))) {
    await benchModel(model, text);
  }
}

if (isMainThread) await main();
else await serveOurs(parentPort!, workerData);
