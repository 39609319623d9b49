/**
 * The two tasks a sequence-to-sequence model trains on in the page, behind one shape so that the
 * worker's loop does not care which: dates ("25 november 2026" → "2 0 2 6 - 1 1 - 2 5",
 * lib/data/dates.ts) and the next sentence of a story (lib/data/pairs.ts, over data/fables.txt).
 * Also what the worker does with a source the reader types: its tokens, its unknown words, the
 * model's answer and, for an attention model, where each answer token looked.
 */
import { datePairs, dateSourceVocab, dateTargetVocab, encodeDateSource } from '../../lib/data/dates.ts';
import { type Pair, nextSentencePairs } from '../../lib/data/pairs.ts';
import { EOS, UNK, buildVocab, decode, encode } from '../../lib/data/words.ts';
import type { AttentionModel } from '../../lib/models/seq2seq/attention.ts';
import { beamSearch, greedy } from '../../lib/models/seq2seq/decode.ts';
import type { PairModel, PairModelOptions } from '../../lib/models/seq2seq/pair-model.ts';
import { checkSetting } from '../../lib/train/limits.ts';
import type { TrainPairsOptions } from '../../lib/train/train-pairs.ts';
import type { Settings } from '../widgets/protocol.ts';
import { type PairTaskName, pairTaskNames } from '../widgets/tasks.ts';

export { type PairTaskName, isPairTaskName } from '../widgets/tasks.ts';

/** Dates a run trains on, drawn with seed 1; the probes are DATE_PROBES more, drawn with seed 2. */
export const DATE_PAIRS = 3000;
export const DATE_PROBES = 20;

export interface PairData {
  task: PairTaskName;
  pairs: Pair[];
  /** Sources the samples answer, in turn: held-out dates, or the pairs themselves. */
  probes: Pair[];
  /** Token v of each side as the reader sees it, e.g. "november" or "<EOS>". */
  sourceNames: readonly string[];
  targetNames: readonly string[];
  /** The source ids of what the reader typed; a token without an id is <UNK> and is listed in `unknown`. */
  encodeSource(text: string): { tokens: Int32Array; unknown: string[] };
  /** A source's text, for a sample line. */
  sourceText(ids: ArrayLike<number>): string;
  /** An answer's text, up to its <EOS>. */
  targetText(ids: ArrayLike<number>): string;
  /** Longest source and target of the pairs and probes. */
  longestSource: number;
  longestTarget: number;
}

/** The pairs of `task`; `text` is the story collection of the next-sentence task (unused by dates). */
export function pairData(task: PairTaskName, text: string): PairData {
  let data: Omit<PairData, 'longestSource' | 'longestTarget'>;
  if (task === 'dates') {
    const names = (vocab: readonly string[]) => (ids: ArrayLike<number>) => Array.from(ids, (id) => vocab[id]).join(' ');
    const target = names(dateTargetVocab.words);
    data = {
      task, pairs: datePairs(DATE_PAIRS, 1), probes: datePairs(DATE_PROBES, 2),
      sourceNames: dateSourceVocab.words, targetNames: dateTargetVocab.words,
      encodeSource: encodeDateSource, sourceText: names(dateSourceVocab.words), targetText: (ids) => target(untilEos(ids)),
    };
  } else if (task === 'next-sentence') {
    const vocab = buildVocab(text);
    const pairs = nextSentencePairs(vocab, text);
    data = {
      task, pairs, probes: pairs, sourceNames: vocab.words, targetNames: vocab.words,
      encodeSource: (source) => encode(vocab, source), sourceText: (ids) => decode(vocab, ids), targetText: (ids) => decode(vocab, untilEos(ids)),
    };
  } else {
    throw new Error(`task must be one of ${pairTaskNames.join(', ')}, got ${JSON.stringify(task)}`);
  }
  const all = [...data.pairs, ...data.probes];
  return {
    ...data,
    longestSource: Math.max(...all.map((p) => p.source.length)),
    longestTarget: Math.max(...all.map((p) => p.target.length)),
  };
}

function untilEos(ids: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length && ids[i] !== EOS; i++) out.push(ids[i]);
  return out;
}

/**
 * The model's options for a run on `data`: a source may be twice as long as the longest the model
 * trains on (a reader's source is answered up to that), an answer five tokens longer than the longest
 * target, so that a model that runs on is seen to.
 */
export function pairModelOptions(data: PairData, settings: Pick<Settings, 'hidden' | 'seed' | 'embedding'>): PairModelOptions {
  const { hidden, seed, embedding } = settings;
  if (embedding === undefined) throw new Error('a sequence-to-sequence model needs an embedding size D');
  return {
    sourceVocabSize: data.sourceNames.length, targetVocabSize: data.targetNames.length, hidden, embedding, seed,
    maxSourceLen: 2 * data.longestSource, maxTargetLen: data.longestTarget + 5,
  };
}

/** trainPairs's options for a run with these settings. */
export function pairTrainOptions(data: PairData, settings: Pick<Settings, 'lr' | 'seed' | 'clip' | 'teacherForcing'>, sampleEvery: number): TrainPairsOptions {
  const { lr, seed, clip, teacherForcing = 1 } = settings;
  return { lr, seed, clip, sampleEvery, teacherForcing, probes: data.probes };
}

/** How the answer is written: greedily, or by beam search of a width (lib/models/seq2seq/decode.ts). */
export interface DecodeChoice {
  decode: 'greedy' | 'beam';
  width?: number;
}

export type Translation =
  | {
      ok: true;
      /** The source's tokens as the model reads them, <UNK> for an unknown word. */
      source: string[];
      /** The words read as <UNK>, each once, in order met. */
      unknown: string[];
      /** The answer's tokens, its final <EOS> included. */
      output: string[];
      /** An attention model's α_t over the source, one row per output token (<EOS> too); absent otherwise. (T × S) */
      alignment?: Float64Array[];
    }
  | { ok: false; message: string; unknown: string[] };

const isAttention = (model: PairModel): model is AttentionModel => typeof (model as Partial<AttentionModel>).align === 'function';

/** The model's answer to the source the reader typed, or one message saying why there is none. */
export function translate(model: PairModel, data: PairData, text: string, choice: DecodeChoice): Translation {
  const { tokens, unknown } = data.encodeSource(text);
  const example = data.task === 'dates' ? 'a date such as "25 november 2026"' : 'a sentence such as "the crow was thirsty."';
  if (tokens.length === 0) return { ok: false, unknown, message: `Type a source to answer: ${example}.` };
  if (tokens.every((id) => id === UNK)) {
    return { ok: false, unknown, message: `None of the words of your source is in the model's vocabulary (${unknown.join(', ')}); type ${example}.` };
  }
  if (tokens.length > model.maxSourceLen) {
    return { ok: false, unknown, message: `Your source has ${tokens.length} tokens; this model reads at most ${model.maxSourceLen}.` };
  }
  const maxLen = model.maxTargetLen;
  let output: Int32Array;
  if (choice.decode === 'beam') {
    const width = choice.width ?? 1;
    const refused = checkSetting('beamWidth', width);
    if (refused) return { ok: false, unknown, message: refused };
    output = beamSearch(model, tokens, { width, maxLen })[0].tokens;
  } else {
    output = greedy(model, tokens, maxLen).tokens;
  }
  return {
    ok: true,
    source: Array.from(tokens, (id) => data.sourceNames[id]),
    unknown,
    output: Array.from(output, (id) => data.targetNames[id]),
    alignment: isAttention(model) ? model.align(tokens, output) : undefined,
  };
}
