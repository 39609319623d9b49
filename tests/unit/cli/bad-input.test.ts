import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'seqmodels-bad-input-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const crow = 'data/thirsty-crow.txt';
const empty = file('empty.txt', '');
const binary = file('image.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d));
const latin1 = file('latin1.txt', Uint8Array.of(0x63, 0x61, 0x66, 0xe9)); // "café" in Latin-1: not UTF-8
const short = file('short.txt', 'abc');
const notJson = file('notes.json', 'hello');
const notCheckpoint = file('other.json', '{"format":"pickle"}');
const model = join(dir, 'model.json');

beforeAll(async () => {
  const trained = await cli(['train', '--model', 'rnn', '--data', crow, '--steps', '2', '--hidden', '8', '--save', model]);
  expect(trained.stderr).toBe('');
  expect(trained.status).toBe(0);
});

// [what, arguments, the one line on stderr, exit code: 2 for bad usage, 1 for a file or a text that cannot be used]
const cases: [string, string[], string, number][] = [
  ['no command', [], 'no command given; the commands are train, sample, gradcheck, parity (seqmodels help shows their options)', 2],
  ['an unknown command', ['fit'], 'unknown command "fit"; the commands are train, sample, gradcheck, parity (seqmodels help shows their options)', 2],
  ['an unknown option', ['train', '--model', 'rnn', '--data', crow, '--hiden', '8'],
    "unknown option '--hiden' for train; its options are --model, --data, --steps, --seed, --hidden, --embedding, --seq-len, --lr, --clip, --parity, --save, --jsonl, --log-every, --task, --teacher-forcing", 2],
  ['an option without its value', ['train', '--model', 'rnn', '--data'], "train: Option '--data <value>' argument missing", 2],
  ['a value that looks like an option', ['sample', '--load', model, '--length', '-1'],
    "sample: Option '--length' argument is ambiguous. Did you forget to specify the option argument for '--length'? To specify an option argument starting with a dash use '--length=-XYZ'.", 2],
  ['a stray argument', ['train', 'rnn'], "unexpected argument 'rnn' for train; its options are --model, --data, --steps, --seed, --hidden, --embedding, --seq-len, --lr, --clip, --parity, --save, --jsonl, --log-every, --task, --teacher-forcing", 2],
  ['an unknown model', ['train', '--model', 'transformer', '--data', crow],
    'unknown model "transformer"; the models are rnn, lstm, gru, word-rnn, word-lstm, word-gru, torch-gru, encoder-decoder, bahdanau, luong', 2],
  ['no model', ['train', '--data', crow], '--model is required: one of rnn, lstm, gru, word-rnn, word-lstm, word-gru, torch-gru, encoder-decoder, bahdanau, luong', 2],
  ['no data', ['train', '--model', 'rnn'], '--data is required: the text file to train on', 2],
  ['a hidden size out of range', ['train', '--model', 'rnn', '--data', crow, '--hidden', '0'], '--hidden: hidden size must be an integer in 1..512, got 0', 2],
  ['a learning rate out of range', ['train', '--model', 'lstm', '--data', crow, '--lr', '5'], '--lr: learning rate must be a number in 0.000001..1, got 5', 2],
  ['a fractional sequence length', ['train', '--model', 'gru', '--data', crow, '--seq-len', '2.5'], '--seq-len: sequence length must be an integer in 1..256, got 2.5', 2],
  ['steps that are not a number', ['train', '--model', 'rnn', '--data', crow, '--steps', 'ten'], '--steps must be a number, got "ten"', 2],
  ['zero steps', ['train', '--model', 'rnn', '--data', crow, '--steps', '0'], '--steps: steps must be an integer in 1..100000000, got 0', 2],
  ['an embedding size for a character model', ['train', '--model', 'lstm', '--data', crow, '--embedding', '16'], '--embedding applies to the word models, not to lstm', 2],
  ['an unknown parity', ['train', '--model', 'lstm', '--data', crow, '--parity', 'torch'], '--parity must be numpy (the NumPy notebooks\' conventions), got "torch"', 2],
  ['parity for a model no notebook trains', ['train', '--model', 'torch-gru', '--data', crow, '--parity', 'numpy'], '--parity numpy does not apply to torch-gru: no NumPy notebook trains it', 2],
  ['a missing file', ['train', '--model', 'rnn', '--data', join(dir, 'missing.txt')], `cannot read ${join(dir, 'missing.txt')}: no such file`, 1],
  ['a directory', ['train', '--model', 'rnn', '--data', dir], `cannot read ${dir}: it is a directory`, 1],
  ['an empty file', ['train', '--model', 'rnn', '--data', empty], `${empty} is empty; give a text file to train on`, 1],
  ['a binary file', ['train', '--model', 'rnn', '--data', binary], `${binary} is not a text file: it has a NUL byte at offset 8`, 1],
  ['a file that is not UTF-8', ['train', '--model', 'rnn', '--data', latin1], `${latin1} is not a text file: it is not valid UTF-8`, 1],
  ['a text shorter than one window', ['train', '--model', 'rnn', '--data', short], 'text has 3 tokens; sequence length 25 needs at least 26', 1],
  ['a text without words for a word model', ['train', '--model', 'word-rnn', '--data', file('marks.txt', '... !!! ???')],
    'text has no words; it must contain at least one word (a letter or a digit), not only spaces, punctuation or symbols', 1],
  ['a save path in a missing directory', ['train', '--model', 'rnn', '--data', crow, '--save', join(dir, 'no', 'm.json')],
    `cannot write ${join(dir, 'no', 'm.json')}: there is no directory ${join(dir, 'no')}`, 1],
  ['a sequence-to-sequence model without a task', ['train', '--model', 'luong'], '--task is required for luong: one of dates, next-sentence', 2],
  ['an unknown task', ['train', '--model', 'bahdanau', '--task', 'poems'], 'unknown task "poems": one of dates, next-sentence', 2],
  ['a text for the dates task', ['train', '--model', 'bahdanau', '--task', 'dates', '--data', crow], '--data does not apply to the dates task, which draws its own dates', 2],
  ['no stories for the next-sentence task', ['train', '--model', 'encoder-decoder', '--task', 'next-sentence'],
    '--data is required for the next-sentence task: the stories to read, e.g. data/fables.txt', 2],
  ['a checkpoint of a sequence-to-sequence model', ['train', '--model', 'bahdanau', '--task', 'dates', '--save', model], '--save applies to the language models, not to bahdanau', 2],
  ['a window length for a sequence-to-sequence model', ['train', '--model', 'luong', '--task', 'dates', '--seq-len', '10'], '--seq-len applies to the language models, not to luong', 2],
  ['a teacher-forcing ratio out of range', ['train', '--model', 'luong', '--task', 'dates', '--teacher-forcing', '1.5'],
    '--teacher-forcing: teacher-forcing ratio must be a number in 0..1, got 1.5', 2],
  ['a task for a language model', ['train', '--model', 'lstm', '--data', crow, '--task', 'dates'],
    '--task applies to the sequence-to-sequence models (encoder-decoder, bahdanau, luong), not to lstm', 2],
  ['no checkpoint to sample from', ['sample'], '--load is required: a checkpoint saved by train --save', 2],
  ['a missing checkpoint', ['sample', '--load', join(dir, 'missing.json')], `cannot read ${join(dir, 'missing.json')}: no such file`, 1],
  ['a checkpoint that is not JSON', ['sample', '--load', notJson], `${notJson} is not JSON: Unexpected token 'h', "hello" is not valid JSON`, 1],
  ['JSON that is not a checkpoint', ['sample', '--load', notCheckpoint], `${notCheckpoint}: checkpoint format must be "sequence-models-checkpoint", got "pickle"`, 1],
  ['a temperature out of range', ['sample', '--load', model, '--temperature', '0'], '--temperature: temperature must be a number in 0.01..10, got 0', 2],
  ['a length out of range', ['sample', '--load', model, '--length=-1'], '--length: sample length must be an integer in 1..5000, got -1', 2],
  ['a top-k beyond the vocabulary', ['sample', '--load', model, '--top-k', '1000'], '--top-k: top-k must be an integer in 1..39, got 1000', 2],
  ['a prime with a character the model does not know', ['sample', '--load', model, '--prime', 'crow§'],
    '--prime: character "§" (U+00A7) at position 4 is not in the vocabulary', 2],
  ['an empty prime', ['sample', '--load', model, '--prime', ''], '--prime must not be empty: give the text to continue, or leave the option out', 2],
  ['an unknown model to check', ['gradcheck', '--model', 'lstn'], 'unknown model "lstn"; the models are rnn, lstm, gru, word-rnn, word-lstm, word-gru, torch-gru, encoder-decoder, bahdanau, luong', 2],
];

describe.concurrent('the command line on bad input', () => {
  it.each(cases)('refuses %s with one line on stderr and a non-zero exit', async (_, args, line, status) => {
    const result = await cli(args);
    expect(result.stderr).toBe(`seqmodels: ${line}\n`);
    expect(result.status).toBe(status);
    expect(result.stdout).toBe('');
  });
});
