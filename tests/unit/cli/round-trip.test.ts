import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random.ts';
import { buildVocab, decode, encode } from '../../../lib/data/chars.ts';
import { parseCheckpoint, setModelTensors, modelTensors } from '../../../lib/models/checkpoint.ts';
import { createLstm } from '../../../lib/models/lstm.ts';
import { numpyParity, numpyWords } from '../../../lib/train/parity.ts';
import { type TrainEvent, train } from '../../../lib/train/train.ts';
import { cli, main, repo } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'seqmodels-round-trip-'));
const crowPath = 'data/thirsty-crow.txt';
const crow = readFileSync(join(repo, crowPath), 'utf8');

describe('train, save and sample from the command line', () => {
  const saved = join(dir, 'lstm.json');
  /** The saved model, loaded through lib rather than through the command line. */
  const load = () => {
    const checkpoint = parseCheckpoint(JSON.parse(readFileSync(saved, 'utf8')));
    const model = createLstm({ vocabSize: checkpoint.vocabulary.tokens.length, hidden: 16, seed: 0, maxSeqLen: 25 });
    setModelTensors(model, checkpoint.tensors);
    return model;
  };
  const vocab = buildVocab(crow);

  it('trains a character LSTM and saves the weights that lib\'s training loop reaches with the same settings', async () => {
    const result = await cli(['train', '--model', 'lstm', '--data', crowPath, '--steps', '30', '--hidden', '16', '--seed', '3', '--save', saved]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^lstm: 30 steps, loss \d+\.\d{4} nats per token, smoothed \d+\.\d{4} nats per token; saved .*lstm\.json\n$/);
    const model = createLstm({ vocabSize: vocab.size, hidden: 16, seed: 3, maxSeqLen: 25 });
    const events = train(model, encode(vocab, crow), { seqLen: 25, lr: 1e-3, seed: 3 });
    for (const event of events) if (event.step === 30) break;
    expect(modelTensors(load())).toEqual(modelTensors(model));
  });

  it('samples what the saved model samples from a line break at the given seed and temperature', async () => {
    const result = await cli(['sample', '--load', saved, '--length', '40', '--seed', '7', '--temperature', '0.8']);
    expect(result.status).toBe(0);
    const model = load();
    const out = model.sample(new RandomState(7), vocab.index.get('\n')!, 0.8, new Int32Array(40));
    expect(result.stdout).toBe(`${decode(vocab, out)}\n`);
  });

  it('continues a prime from the state the prime leaves, and prints the prime first', async () => {
    const prime = crow.slice(0, 80); // longer than the model's longest window, T = 25
    const result = await cli(['sample', '--load', saved, '--length', '30', '--seed', '1', '--prime', prime]);
    expect(result.status).toBe(0);
    // By hand: the model reads all but the prime's last character, one character at a time, then samples from it.
    const model = load();
    const ids = encode(vocab, prime);
    for (let t = 0; t < ids.length - 1; t++) model.lossAndGrads(ids.subarray(t), ids.subarray(t + 1), 1);
    const out = model.sample(new RandomState(1), ids[ids.length - 1], 1, new Int32Array(30), model.state);
    expect(result.stdout).toBe(`${prime}${decode(vocab, out)}\n`);
  });
});

describe('sample from a word model', () => {
  it('reads a prime word outside the vocabulary as <UNK>, says so on stderr, and samples on', async () => {
    const saved = join(dir, 'word-rnn.json');
    const trained = await cli(['train', '--model', 'word-rnn', '--data', crowPath, '--steps', '5', '--hidden', '8', '--embedding', '4', '--save', saved]);
    expect(trained.status).toBe(0);
    const result = await cli(['sample', '--load', saved, '--prime', 'The crow zebra', '--length', '5']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('seqmodels: not in the vocabulary, read as <UNK>: "zebra"\n');
    expect(result.stdout).toMatch(/^the crow <UNK>/);
  });
});

describe('train --parity numpy --jsonl', () => {
  it('logs the first step, every --log-every steps and the last, as lib\'s loop with the notebooks\' options does', async () => {
    const saved = join(dir, 'word-lstm.json');
    const result = await cli([
      'train', '--model', 'word-lstm', '--data', crowPath, '--parity', 'numpy', '--hidden', '12', '--embedding', '6',
      '--steps', '25', '--log-every', '10', '--jsonl', '--save', saved,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const logged = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as TrainEvent);
    const { vocab, tokens } = numpyWords(crow);
    const model = createLstm({ vocabSize: vocab.size, hidden: 12, embedding: 6, seed: 42, maxSeqLen: 25, ...numpyParity.model });
    const expected: TrainEvent[] = [];
    for (const event of train(model, tokens, { seqLen: 25, lr: 1e-3, seed: 42, ...numpyParity.train })) {
      if ([1, 10, 20, 25].includes(event.step)) expected.push(event);
      if (event.step === 25) break;
    }
    expect(logged.map((e) => [e.step, e.pass, e.loss, e.smoothLoss, e.gradNorm])).toEqual(
      expected.map((e) => [e.step, e.pass, e.loss, e.smoothLoss, e.gradNorm]),
    );
    const checkpoint = parseCheckpoint(JSON.parse(readFileSync(saved, 'utf8')));
    expect(checkpoint.tensors).toEqual(modelTensors(model));
    expect(checkpoint.vocabulary).toEqual({ kind: 'words', tokens: vocab.words, notebookRule: true });
    expect(checkpoint.config).toEqual({
      hidden: 12, embedding: 6, seqLen: 25, lr: 1e-3, seed: 42, steps: 25, clip: { mode: 'value', max: 5 }, parity: 'numpy',
    });
  });
});

describe('the command line as a program', () => {
  it('runs as the package\'s bin through npx', async () => {
    const result = await cli(['help'], 'npx', ['--no-install', 'seqmodels']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: seqmodels <command> \[options\]/);
  });

  it('runs its .ts file directly, through the shebang', async () => {
    const result = await cli(['help'], main, []);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: seqmodels/);
  });
});

describe('gradcheck', () => {
  it('prints every tensor of the word GRU, the embedding table first, each below 1e-6', async () => {
    const result = await cli(['gradcheck', '--model', 'word-gru']);
    expect(result.status).toBe(0);
    const rows = result.stdout.trimEnd().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
    expect(rows.map(([model, tensor]) => `${model} ${tensor}`)).toEqual(
      ['E', 'Wz', 'Wr', 'Wh', 'Wy', 'bz', 'br', 'bh', 'by'].map((tensor) => `word-gru ${tensor}`),
    );
    for (const [, , error, ...rest] of rows) {
      expect(Number(error)).toBeLessThan(1e-6);
      expect(rest).toEqual([]);
    }
  });

  it("prints both tables of Bahdanau's model, then every tensor of both encoder directions, the attention and the decoder, each below 1e-6", async () => {
    const result = await cli(['gradcheck', '--model', 'bahdanau']);
    expect(result.status).toBe(0);
    const rows = result.stdout.trimEnd().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
    const gru = (layer: string) => ['Wz', 'Wr', 'Wh', 'bz', 'br', 'bh'].map((k) => `${layer}.${k}`);
    expect(rows.map(([model, tensor]) => `${model} ${tensor}`)).toEqual(
      ['E_x', 'E_y', ...gru('enc'), ...gru('encBack'), 'Ws', 'bs', 'Wa', 'Ua', 'va', ...gru('dec'), 'Wy', 'by'].map((tensor) => `bahdanau ${tensor}`),
    );
    for (const [, , error] of rows) expect(Number(error)).toBeLessThan(1e-6);
  });
});
