/**
 * One training run off the main thread. It builds the model named by `configure`, then pulls
 * lib/train's generator in time slices of about SLICE_MS, posting one progress batch per slice
 * and yielding to the event loop in between, so that `pause` takes effect within a slice.
 * Protocol: src/widgets/protocol.ts.
 */
import { nearest } from '../../lib/core/cosine.ts';
import { pca2 } from '../../lib/core/pca.ts';
import { largestSingularValue } from '../../lib/core/singular.ts';
import type { SequenceModel } from '../../lib/models/model.ts';
import { type TrainControl, type TrainEvent, train } from '../../lib/train/train.ts';
import type { EmbeddingMap, FromWorker, Measures, Readout, ToWorker } from '../widgets/protocol.ts';
import { models, unitOf } from './models.ts';
import { type Tokens, tokenise } from './tokens.ts';

const SLICE_MS = 20;
/** Tokens of the text that the gate heatmap shows. */
const HEATMAP_TOKENS = 48;
/** Words the embedding picture labels (the most frequent); the others are dots. */
const LABELLED_WORDS = 30;
/** Neighbours listed for the word the reader asks about. */
const NEIGHBOURS = 8;

interface Run {
  model: SequenceModel;
  tokens: Tokens;
  seqLen: number;
  /** The word whose neighbours the reader asked for, if any. */
  word?: string;
  /** The embedding picture's axes at the last measure: the next one starts from them. */
  axes?: Float64Array;
  labelled: number[];
  events: Generator<TrainEvent, void, TrainControl | undefined>;
  maxSteps: number;
  /** Passed to the next step: a generator ignores what its first `next()` is given, so it waits for a second. */
  control?: TrainControl;
  started: boolean;
  /** The step of the last measure, which a neighbours reply is dated by. */
  lastStep: number;
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
    case 'neighbours':
      if (run) {
        run.word = message.word;
        const reply = neighbours(run, run.lastStep);
        if (reply) post(reply);
      }
      return;
  }
}

async function configure(message: Extract<ToWorker, { type: 'configure' }>): Promise<Run> {
  const load = models[message.model];
  if (!load) throw new Error(`unknown model "${message.model}"; the widget knows ${Object.keys(models).join(', ')}`);
  const create = await load();
  const unit = unitOf(message.model);
  const tokens = tokenise(unit, message.text);
  const { hidden, seqLen, lr, clip, temperature, seed, recurrentGain, embedding, topK } = message.settings;
  if (tokens.stream.length < seqLen + 1) {
    throw new Error(
      `your text makes ${tokens.stream.length} tokens (words, marks and sentence ends); sequence length ${seqLen} needs at least ${seqLen + 1}: ` +
        'use a longer text or a shorter sequence length',
    );
  }
  const recurrentScale = recurrentGain === null ? undefined : recurrentGain / Math.sqrt(hidden);
  const model = create({ vocabSize: tokens.size, hidden, seed, maxSeqLen: seqLen, recurrentScale, embedding: unit === 'word' ? embedding : undefined });
  const events = train(model, tokens.stream, { seqLen, lr, seed, clip, temperature, topK, sampleEvery: message.sampleEvery });
  post({
    type: 'ready', vocabSize: tokens.size, tokens: tokens.stream.length, parameters: parameterCount(model),
    words: unit === 'word' ? [...tokens.names] : undefined,
  });
  const r: Run = {
    model, tokens, seqLen, events, maxSteps: message.maxSteps, started: false,
    labelled: unit === 'word' ? mostFrequentWords(tokens) : [], lastStep: 0,
  };
  post({ type: 'measures', ...measure(r, 0) });
  return r;
}

/** Every number the model learns, its embedding table included. */
function parameterCount(model: SequenceModel): number {
  return model.params.flat.length + (model.embedding?.table.data.length ?? 0);
}

/** The LABELLED_WORDS most frequent words of the stream (not marks or special tokens), most frequent first. */
function mostFrequentWords(tokens: Tokens): number[] {
  const counts = new Float64Array(tokens.size);
  for (const id of tokens.stream) counts[id]++;
  const isWord = (id: number) => !tokens.special(id) && /^[\p{L}\p{N}]/u.test(tokens.names[id]);
  return [...counts.keys()].filter(isWord).sort((a, b) => counts[b] - counts[a] || a - b).slice(0, LABELLED_WORDS);
}

/**
 * The gradient flow and the gates at this step, on the text's first window and first tokens, from a
 * zero state, and a word model's embedding picture. Between steps only: the flow's backward pass
 * overwrites the model's gradients.
 */
function measure(r: Run, step: number): Measures {
  const T = r.seqLen, { model, tokens } = r;
  const stream = tokens.stream;
  const flow = model.hiddenGradNorms(stream.subarray(0, T), stream.subarray(1, T + 1), T, new Float64Array(T));
  const shown = stream.subarray(0, HEATMAP_TOKENS);
  const activations = model.activations(shown);
  r.lastStep = step;
  return {
    step,
    flow: Array.from(flow),
    sigmaMax: largestSingularValue(model.recurrent),
    labels: Array.from(shown, (token) => tokens.names[token]),
    gates: Object.entries(activations).map(([name, values]) => ({ name, values })),
    embedding: model.embedding ? embeddingMap(r) : undefined,
  };
}

/** The embedding table on its first two principal components, the special tokens left out. */
function embeddingMap(r: Run): EmbeddingMap {
  const { table } = r.model.embedding!;
  const [V, D] = table.shape;
  const { tokens } = r;
  const kept = [...Array(V).keys()].filter((id) => !tokens.special(id));
  const rows = new Float64Array(kept.length * D);
  kept.forEach((id, k) => rows.set(table.data.subarray(id * D, (id + 1) * D), k * D));
  const projection = pca2(rows, kept.length, D, r.axes);
  r.axes = projection.axes;
  const points = new Float64Array(2 * V).fill(NaN);
  kept.forEach((id, k) => points.set(projection.points.subarray(2 * k, 2 * k + 2), 2 * id));
  return { points, explained: projection.explained, labelled: r.labelled };
}

/** The words nearest the one the reader asked about, by cosine similarity of their vectors. */
function neighbours(r: Run, step: number): FromWorker | null {
  const embedding = r.model.embedding;
  if (!embedding || r.word === undefined) return null;
  const [V, D] = embedding.table.shape;
  const id = r.tokens.names.indexOf(r.word);
  if (id < 0) return { type: 'neighbours', word: r.word, step, neighbours: [] };
  const list = nearest(embedding.table.data, V, D, id, NEIGHBOURS, r.tokens.special);
  return { type: 'neighbours', word: r.word, step, neighbours: list.map((n) => ({ word: r.tokens.names[n.index], similarity: n.similarity })) };
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
  if (e.sample) {
    batch.messages.push({ type: 'sample', step: e.step, text: r.tokens.decode(untilStop(e.sample, r.tokens.stop)) });
    batch.messages.push({ type: 'measures', ...measure(r, e.step) });
    const reply = neighbours(r, e.step);
    if (reply) batch.messages.push(reply);
  }
  if (e.step >= r.maxSteps) batch.end = { type: 'done', step: e.step };
}

/** A word model's sample ends at its first <EOS>, the end of the sentence it was writing. */
function untilStop(sample: Int32Array, stop: number | null): Int32Array {
  const end = stop === null ? -1 : sample.indexOf(stop);
  return end < 0 ? sample : sample.subarray(0, end + 1);
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
