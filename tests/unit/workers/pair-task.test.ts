import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNK, buildVocab } from '../../../lib/data/words.ts';
import { createBahdanau } from '../../../lib/models/seq2seq/bahdanau.ts';
import { createEncoderDecoder } from '../../../lib/models/seq2seq/encoder-decoder.ts';
import { pairData, pairModelOptions, pairTrainOptions, translate } from '../../../src/workers/pair-task.ts';

const fables = readFileSync(new URL('../../../data/fables.txt', import.meta.url), 'utf8');
const dates = pairData('dates', '');
const sentences = pairData('next-sentence', fables);
const settings = { hidden: 8, embedding: 4, seed: 1 };
const bahdanau = createBahdanau(pairModelOptions(dates, settings));

describe('pairData', () => {
  it('trains on 3,000 dates and probes with 20 others, drawn with seeds 1 and 2', () => {
    expect([dates.pairs.length, dates.probes.length]).toEqual([3000, 20]);
  });

  it('measures the longest date as 7 source tokens (a two-digit day, a month, four year digits) and 11 target tokens', () => {
    expect([dates.longestSource, dates.longestTarget]).toEqual([7, 11]);
  });

  it('encodes a sentence with the vocabulary of the fables, an unknown word as <UNK> named once', () => {
    const vocab = buildVocab(fables);
    const { tokens, unknown } = sentences.encodeSource('The zebra saw the zebra.');
    expect(unknown).toEqual(['zebra']);
    expect(Array.from(tokens)).toEqual(['the', 'zebra', 'saw', 'the', 'zebra', '.'].map((w) => vocab.index.get(w) ?? UNK));
  });

  it('writes a sample line of a date as its tokens, and an answer up to its <EOS>', () => {
    const { source, target } = dates.probes[0];
    expect(dates.sourceText(source)).toBe(Array.from(source, (id) => dates.sourceNames[id]).join(' '));
    expect(dates.targetText(target)).toBe(Array.from(target.subarray(0, -1), (id) => dates.targetNames[id]).join(' '));
  });
});

describe('pairModelOptions and pairTrainOptions', () => {
  it('takes sources twice as long as the longest date and answers five tokens longer than the longest target', () => {
    expect(pairModelOptions(dates, settings)).toMatchObject({ maxSourceLen: 14, maxTargetLen: 16, sourceVocabSize: 25, targetVocabSize: 14 });
  });

  it('passes the teacher-forcing ratio, and probes with the held-out dates', () => {
    const options = pairTrainOptions(dates, { lr: 0.01, seed: 3, clip: { mode: 'norm', max: 5 }, teacherForcing: 0.5 }, 100);
    expect(options).toMatchObject({ lr: 0.01, seed: 3, teacherForcing: 0.5, sampleEvery: 100 });
    expect(options.probes).toBe(dates.probes);
  });
});

describe('translate', () => {
  it('answers a date with one alignment row per output token, <EOS> included, over the source tokens', () => {
    const answer = translate(bahdanau, dates, '25 November 2026', { decode: 'greedy' });
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.source).toEqual(['2', '5', 'november', '2', '0', '2', '6']);
    expect(answer.alignment).toHaveLength(answer.output.length);
    for (const row of answer.alignment!) {
      expect(row).toHaveLength(7);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('answers a source with an unknown word, reading it as <UNK> and naming it', () => {
    const answer = translate(bahdanau, dates, '25 brumaire 2026', { decode: 'beam', width: 3 });
    expect(answer.ok && answer.source[2]).toBe('<UNK>');
    expect(answer.unknown).toEqual(['brumaire']);
  });

  it('gives no alignment for the encoder–decoder, which has none', () => {
    const model = createEncoderDecoder(pairModelOptions(dates, settings));
    const answer = translate(model, dates, '1 may 1999', { decode: 'greedy' });
    expect(answer.ok && answer.alignment).toBeUndefined();
  });

  it('refuses an empty source, a source of unknown words only, and one longer than the model reads, with a message', () => {
    const message = (text: string) => {
      const answer = translate(bahdanau, dates, text, { decode: 'greedy' });
      return answer.ok ? null : answer.message;
    };
    expect(message('  ')).toBe('Type a source to answer: a date such as "25 november 2026".');
    expect(message('brumaire thermidor')).toBe(
      'None of the words of your source is in the model\'s vocabulary (brumaire, thermidor); type a date such as "25 november 2026".',
    );
    expect(message('1 2 3 4 5 6 7 8 9 1 2 3 4 5 6')).toBe('Your source has 15 tokens; this model reads at most 14.');
  });

  it('refuses a beam width outside 1..16 with the range from limits.ts', () => {
    const answer = translate(bahdanau, dates, '1 may 1999', { decode: 'beam', width: 0 });
    expect(answer.ok ? null : answer.message).toBe('beam width must be an integer in 1..16, got 0');
  });
});
