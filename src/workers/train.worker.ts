/**
 * One training run off the main thread. It builds the model named by `configure`, then pulls
 * lib/train's generator in time slices of about SLICE_MS, posting one progress batch per slice
 * and yielding to the event loop in between, so that `pause` takes effect within a slice.
 * Protocol: src/widgets/protocol.ts.
 */
import { largestSingularValue } from '../../lib/core/singular.ts';
import { type Vocab, buildVocab, decode, encode } from '../../lib/data/chars.ts';
import type { SequenceModel } from '../../lib/models/model.ts';
import { type TrainControl, type TrainEvent, train } from '../../lib/train/train.ts';
import { DivergenceWatch } from '../widgets/divergence.ts';
import type { FromWorker, Measures, Readout, ToWorker } from '../widgets/protocol.ts';
import { models } from './models.ts';

const SLICE_MS = 20;
/** Characters of the text that the gate heatmap shows. */
const HEATMAP_CHARS = 48;

interface Run {
  model: SequenceModel;
  tokens: Int32Array;
  seqLen: number;
  vocab: Vocab;
  events: Generator<TrainEvent, void, TrainControl | undefined>;
  /** Stops a run whose loss stays finite but far above a uniform guess's (the loop stops only a non-finite one). */
  watch: DivergenceWatch;
  maxSteps: number;
  /** Passed to the next step: a generator ignores what its first `next()` is given, so it waits for a second. */
  control?: TrainControl;
  started: boolean;
}

/** What one slice has to report. */
interface Batch {
  steps: number[];
  losses: number[];
  smoothLosses: number[];
  latest: Readout | null;
  /** sample and measures messages, posted after the progress. */
  messages: FromWorker[];
  /** diverged or done: the run is over. */
  end: FromWorker | null;
}

let run: Run | null = null;
let training = false;
// Messages are handled in order; only `configure` waits (for the model's module).
let queue = Promise.resolve();

const post = (message: FromWorker) => self.postMessage(message);

// A MessageChannel task, unlike a nested setTimeout, is not clamped to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = slice;
const schedule = () => tick.port2.postMessage(null);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(event.data)).catch(fail);
});

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'configure':
      run = await configure(message);
      return;
    case 'start':
      if (run && !training) {
        training = true;
        schedule();
      }
      return;
    case 'pause':
      training = false;
      return;
    case 'step':
      if (run && !training) {
        const batch = emptyBatch();
        advance(run, batch);
        report(batch);
      }
      return;
    case 'temperature':
      if (run) run.control = { temperature: message.value };
      return;
  }
}

async function configure(message: Extract<ToWorker, { type: 'configure' }>): Promise<Run> {
  const load = models[message.model];
  if (!load) throw new Error(`unknown model "${message.model}"; the widget knows ${Object.keys(models).join(', ')}`);
  const create = await load();
  const vocab = buildVocab(message.text);
  const tokens = encode(vocab, message.text);
  const { hidden, seqLen, lr, clip, temperature, seed, recurrentGain } = message.settings;
  const recurrentScale = recurrentGain === null ? undefined : recurrentGain / Math.sqrt(hidden);
  const model = create({ vocabSize: vocab.size, hidden, seed, maxSeqLen: seqLen, recurrentScale });
  const events = train(model, tokens, { seqLen, lr, seed, clip, temperature, sampleEvery: message.sampleEvery });
  post({ type: 'ready', vocabSize: vocab.size, tokens: tokens.length, parameters: model.params.flat.length });
  const r: Run = { model, tokens, seqLen, vocab, events, watch: new DivergenceWatch(vocab.size), maxSteps: message.maxSteps, started: false };
  post({ type: 'measures', ...measure(r, 0) });
  return r;
}

/**
 * The gradient flow and the gates at this step, on the text's first window and first characters,
 * from a zero state. Between steps only: the flow's backward pass overwrites the model's gradients.
 */
function measure(r: Run, step: number): Measures {
  const T = r.seqLen, { model, tokens, vocab } = r;
  const flow = model.hiddenGradNorms(tokens.subarray(0, T), tokens.subarray(1, T + 1), T, new Float64Array(T));
  const shown = tokens.subarray(0, HEATMAP_CHARS);
  const activations = model.activations(shown);
  return {
    step,
    flow: Array.from(flow),
    sigmaMax: largestSingularValue(model.recurrent),
    labels: Array.from(shown, (token) => decode(vocab, Int32Array.of(token))),
    gates: Object.entries(activations).map(([name, values]) => ({ name, values })),
  };
}

function slice(): void {
  if (!training || !run) return;
  try {
    const end = performance.now() + SLICE_MS;
    const batch = emptyBatch();
    do advance(run, batch);
    while (!batch.end && performance.now() < end);
    report(batch);
  } catch (error) {
    fail(error);
  }
  if (training) schedule();
}

/** Take one step and note what it produced. */
function advance(r: Run, batch: Batch): void {
  const next = r.events.next(r.control);
  if (r.started) r.control = undefined;
  r.started = true;
  // train() returns only after a diverged event, and the run ends there.
  if (next.done) throw new Error('the training loop ended without reporting why');
  const e = next.value;
  if (e.diverged) {
    batch.end = { type: 'diverged', step: e.step, message: e.message ?? `training diverged at step ${e.step}` };
    return;
  }
  batch.steps.push(e.step);
  batch.losses.push(e.loss);
  batch.smoothLosses.push(e.smoothLoss);
  batch.latest = { step: e.step, pass: e.pass, loss: e.loss, smoothLoss: e.smoothLoss, gradNorm: e.gradNorm, stepsPerSecond: e.stepsPerSecond };
  const diverged = r.watch.observe(e.step, e.loss);
  if (diverged) {
    batch.end = { type: 'diverged', step: e.step, message: diverged };
    return;
  }
  if (e.sample) {
    batch.messages.push({ type: 'sample', step: e.step, text: decode(r.vocab, e.sample) });
    batch.messages.push({ type: 'measures', ...measure(r, e.step) });
  }
  if (e.step >= r.maxSteps) batch.end = { type: 'done', step: e.step };
}

function report(batch: Batch): void {
  const { steps, losses, smoothLosses, latest, messages, end } = batch;
  if (latest) post({ type: 'progress', steps, losses, smoothLosses, latest });
  for (const message of messages) post(message);
  if (end) {
    training = false;
    run = null;
    post(end);
  }
}

function fail(error: unknown): void {
  training = false;
  run = null;
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function emptyBatch(): Batch {
  return { steps: [], losses: [], smoothLosses: [], latest: null, messages: [], end: null };
}
