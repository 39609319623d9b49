/**
 * A trained model as JSON: what the command line saves and loads (src/cli), in a form the site can
 * load as well, since it is plain data and this file imports nothing platform-specific. README.md
 * ("Command line") documents the format:
 *
 *   { "format": "sequence-models-checkpoint", "version": 1, "model": "word-lstm",
 *     "config": { "hidden": 100, "embedding": 100, "seqLen": 25, … },
 *     "vocabulary": { "kind": "words", "tokens": ["<SOS>", "<EOS>", "<UNK>", …], "notebookRule": true },
 *     "tensors": { "E": { "shape": [90, 100], "data": [ … ] }, "Wf": { … }, … } }
 *
 * Tensors are row-major, named as in the model's spec, in the order the model draws them (a word
 * model's embedding table E first). A number is written as JavaScript's shortest round-trip decimal,
 * so loading gives back every weight exactly.
 */
import type { Tensor } from '../core/tensor.ts';
import type { ClipOptions } from '../train/train.ts';
import { assertSetting } from '../train/limits.ts';
import type { SequenceModel } from './model.ts';

export const CHECKPOINT_FORMAT = 'sequence-models-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** A tensor as JSON: its shape and its numbers, row-major. */
export interface TensorJson {
  shape: number[];
  data: number[];
}

/** How the model was built and trained. */
export interface CheckpointConfig {
  /** H. */
  hidden: number;
  /** D, the embedding size of a word model; absent for a character model. */
  embedding?: number;
  /** T of training, and the longest window the rebuilt model accepts. */
  seqLen: number;
  lr: number;
  /** Seed of the initial weights and of the training loop. */
  seed: number;
  /** Training steps taken. */
  steps: number;
  clip: ClipOptions;
  /** 'numpy' if trained with the NumPy notebooks' conventions (lib/train/parity.ts), else null. */
  parity: 'numpy' | null;
}

export interface CheckpointVocabulary {
  /** 'chars': a token is a character (lib/data/chars.ts); 'words': a word or a mark (lib/data/words.ts). */
  kind: 'chars' | 'words';
  /** Token i is tokens[i]. */
  tokens: string[];
  /** Words only: tokenised by the NumPy notebooks' rule, not ours. */
  notebookRule?: boolean;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** The model's name, e.g. "lstm" or "word-lstm". */
  model: string;
  config: CheckpointConfig;
  vocabulary: CheckpointVocabulary;
  tensors: Record<string, TensorJson>;
}

/** Every tensor the model learns, by name: the embedding table E (if any), then the parameters in spec order. */
export function modelTensors(model: SequenceModel): Record<string, TensorJson> {
  const out: Record<string, TensorJson> = {};
  if (model.embedding) out.E = toJson(model.embedding.table.shape, model.embedding.table.data);
  for (const name of model.params.names) {
    const t = model.params.tensors[name];
    out[name] = toJson(t.shape, t.data);
  }
  return out;
}

/** Overwrite the model's weights with `tensors`, which must name exactly its tensors, with their shapes. */
export function setModelTensors(model: SequenceModel, tensors: Record<string, TensorJson>): void {
  const targets = new Map<string, Tensor>(model.embedding ? [['E', model.embedding.table]] : []);
  for (const name of model.params.names) targets.set(name, model.params.tensors[name]);
  const expected = [...targets.keys()];
  const given = Object.keys(tensors);
  if (given.length !== expected.length || !given.every((name) => targets.has(name))) {
    throw new Error(`checkpoint tensors must be ${expected.join(', ')} for a ${model.kind} of this size, got ${given.join(', ') || 'none'}`);
  }
  for (const [name, target] of targets) {
    const { shape, data } = tensors[name];
    if (shape.length !== target.shape.length || shape.some((n, i) => n !== target.shape[i])) {
      throw new Error(`checkpoint tensor ${name} has shape [${shape.join(', ')}]; the model needs [${target.shape.join(', ')}]`);
    }
    target.data.set(data);
  }
}

/** `value` (parsed JSON) as a Checkpoint, or an error naming the first thing that is wrong. */
export function parseCheckpoint(value: unknown): Checkpoint {
  const c = record(value, 'a checkpoint');
  if (c.format !== CHECKPOINT_FORMAT) {
    throw new Error(`checkpoint format must be "${CHECKPOINT_FORMAT}", got ${JSON.stringify(c.format)}`);
  }
  if (c.version !== CHECKPOINT_VERSION) {
    throw new Error(`checkpoint version must be ${CHECKPOINT_VERSION}, got ${JSON.stringify(c.version)}`);
  }
  if (typeof c.model !== 'string') throw new Error(`checkpoint model must be a model name, got ${JSON.stringify(c.model)}`);
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: c.model,
    config: parseConfig(record(c.config, 'checkpoint config')),
    vocabulary: parseVocabulary(record(c.vocabulary, 'checkpoint vocabulary')),
    tensors: parseTensors(record(c.tensors, 'checkpoint tensors')),
  };
}

function parseConfig(c: Record<string, unknown>): CheckpointConfig {
  const num = (key: string) => {
    if (typeof c[key] !== 'number') throw new Error(`checkpoint config.${key} must be a number, got ${JSON.stringify(c[key])}`);
    return c[key] as number;
  };
  const hidden = num('hidden'), seqLen = num('seqLen'), lr = num('lr'), seed = num('seed'), steps = num('steps');
  assertSetting('hidden', hidden);
  assertSetting('seqLen', seqLen);
  assertSetting('lr', lr);
  assertSetting('seed', seed);
  if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`checkpoint config.steps must be an integer ≥ 0, got ${steps}`);
  const config: CheckpointConfig = { hidden, seqLen, lr, seed, steps, clip: parseClip(c.clip), parity: null };
  if (c.embedding !== undefined) {
    config.embedding = num('embedding');
    assertSetting('embedding', config.embedding);
  }
  if (c.parity !== null && c.parity !== 'numpy') {
    throw new Error(`checkpoint config.parity must be null or "numpy", got ${JSON.stringify(c.parity)}`);
  }
  config.parity = c.parity;
  return config;
}

function parseClip(value: unknown): ClipOptions {
  const clip = record(value, 'checkpoint config.clip');
  if (clip.mode !== 'norm' && clip.mode !== 'value') {
    throw new Error(`checkpoint config.clip.mode must be "norm" or "value", got ${JSON.stringify(clip.mode)}`);
  }
  if (typeof clip.max !== 'number') throw new Error(`checkpoint config.clip.max must be a number, got ${JSON.stringify(clip.max)}`);
  assertSetting('clip', clip.max);
  return { mode: clip.mode, max: clip.max };
}

function parseVocabulary(v: Record<string, unknown>): CheckpointVocabulary {
  if (v.kind !== 'chars' && v.kind !== 'words') {
    throw new Error(`checkpoint vocabulary.kind must be "chars" or "words", got ${JSON.stringify(v.kind)}`);
  }
  const { tokens } = v;
  if (!Array.isArray(tokens) || tokens.length === 0 || !tokens.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new Error('checkpoint vocabulary.tokens must be a non-empty list of non-empty strings');
  }
  if (new Set(tokens).size !== tokens.length) throw new Error('checkpoint vocabulary.tokens must be distinct');
  assertSetting('vocabSize', tokens.length);
  if (v.kind === 'chars') {
    const long = tokens.find((t) => [...t].length !== 1);
    if (long !== undefined) throw new Error(`checkpoint vocabulary of kind "chars" must hold single characters, got ${JSON.stringify(long)}`);
    return { kind: 'chars', tokens };
  }
  if (typeof v.notebookRule !== 'boolean') {
    throw new Error(`checkpoint vocabulary.notebookRule must be true or false, got ${JSON.stringify(v.notebookRule)}`);
  }
  return { kind: 'words', tokens, notebookRule: v.notebookRule };
}

function parseTensors(t: Record<string, unknown>): Record<string, TensorJson> {
  const out: Record<string, TensorJson> = {};
  for (const [name, value] of Object.entries(t)) {
    const { shape, data } = record(value, `checkpoint tensor ${name}`);
    if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new Error(`checkpoint tensor ${name}: shape must be a list of positive integers, got ${JSON.stringify(shape)}`);
    }
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    if (!Array.isArray(data) || data.length !== size) {
      throw new Error(`checkpoint tensor ${name}: data must be a list of ${size} numbers (shape [${shape.join(', ')}]), got ${Array.isArray(data) ? data.length : typeof data}`);
    }
    const bad = data.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (bad >= 0) throw new Error(`checkpoint tensor ${name}: data[${bad}] must be a finite number, got ${JSON.stringify(data[bad])}`);
    out[name] = { shape, data };
  }
  return out;
}

function toJson(shape: readonly number[], data: Float64Array): TensorJson {
  return { shape: [...shape], data: Array.from(data) };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
