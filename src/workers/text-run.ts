/**
 * A language model's run in the worker: a text's windows (lib/train/train.ts), with the measures the
 * widget draws at step 0 and with every sample (gradient flow, gates, a word model's embedding
 * picture) and the nearest neighbours of the word the reader asks about.
 */
import { nearest } from '../../lib/core/cosine.ts';
import { pca2 } from '../../lib/core/pca.ts';
import { largestSingularValue } from '../../lib/core/singular.ts';
import type { SequenceModel } from '../../lib/models/model.ts';
import { type TrainEvent, train } from '../../lib/train/train.ts';
import type { EmbeddingMap, FromWorker, Measures } from '../widgets/protocol.ts';
import { models, pairModels, unitOf } from './models.ts';
import { type Tokens, tokenise } from './tokens.ts';
import type { Configure, StartRun, WorkerRun } from './worker-run.ts';

/** Tokens of the text that the gate heatmap shows. */
const HEATMAP_TOKENS = 48;
/** Words the embedding picture labels (the most frequent); the others are dots. */
const LABELLED_WORDS = 30;
/** Neighbours listed for the word the reader asks about. */
const NEIGHBOURS = 8;

interface TextRun {
  model: SequenceModel;
  tokens: Tokens;
  seqLen: number;
  /** The word whose neighbours the reader asked for, if any. */
  word?: string;
  /** The embedding picture's axes at the last measure: the next one starts from them. */
  axes?: Float64Array;
  labelled: number[];
  /** The step of the last measure, which a neighbours reply is dated by. */
  lastStep: number;
}

export const start: StartRun = async (message: Configure, post) => {
  const load = models[message.model];
  if (!load) throw new Error(`unknown model "${message.model}"; the widget knows ${[...Object.keys(models), ...Object.keys(pairModels)].join(', ')}`);
  const create = await load();
  const unit = unitOf(message.model) === 'word' ? 'word' : 'char';
  const tokens = tokenise(unit, message.text);
  const { hidden, seqLen, lr, clip, temperature, seed, recurrentGain, embedding, topK } = message.settings;
  if (seqLen === undefined) throw new Error(`a language model needs a sequence length; the settings for "${message.model}" have none`);
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
  const r: TextRun = { model, tokens, seqLen, labelled: unit === 'word' ? mostFrequentWords(tokens) : [], lastStep: 0 };
  post({ type: 'measures', ...measure(r, 0) });
  const run: WorkerRun = {
    events, maxSteps: message.maxSteps, started: false,
    stepped: (e: TrainEvent) => {
      if (!e.sample) return null;
      const messages: FromWorker[] = [
        { type: 'sample', step: e.step, text: tokens.decode(untilStop(e.sample, tokens.stop)) },
        { type: 'measures', ...measure(r, e.step) },
      ];
      const reply = neighbours(r, e.step);
      if (reply) messages.push(reply);
      return messages;
    },
    ask: (request) => {
      if (request.type === 'temperature') run.control = { temperature: request.value };
      if (request.type !== 'neighbours') return null;
      r.word = request.word;
      return neighbours(r, r.lastStep);
    },
  };
  return run;
};

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
function measure(r: TextRun, step: number): Measures {
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
function embeddingMap(r: TextRun): EmbeddingMap {
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
function neighbours(r: TextRun, step: number): FromWorker | null {
  const embedding = r.model.embedding;
  if (!embedding || r.word === undefined) return null;
  const [V, D] = embedding.table.shape;
  const id = r.tokens.names.indexOf(r.word);
  if (id < 0) return { type: 'neighbours', word: r.word, step, neighbours: [] };
  const list = nearest(embedding.table.data, V, D, id, NEIGHBOURS, r.tokens.special);
  return { type: 'neighbours', word: r.word, step, neighbours: list.map((n) => ({ word: r.tokens.names[n.index], similarity: n.similarity })) };
}

/** A word model's sample ends at its first <EOS>, the end of the sentence it was writing. */
function untilStop(sample: Int32Array, stop: number | null): Int32Array {
  const end = stop === null ? -1 : sample.indexOf(stop);
  return end < 0 ? sample : sample.subarray(0, end + 1);
}
