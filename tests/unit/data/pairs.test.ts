import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextSentencePairs } from '../../../lib/data/pairs.ts';
import { EOS, UNK, buildVocab, sentences } from '../../../lib/data/words.ts';

const fables = readFileSync(new URL('../../../data/fables.txt', import.meta.url), 'utf8');

describe('nextSentencePairs', () => {
  it('pairs each sentence with the next, the target ending in <EOS> and neither side framed with <SOS>', () => {
    const text = 'One cat. Two dogs ran! Four?';
    const vocab = buildVocab(text);
    const id = (words: string) => words.split(' ').map((w) => vocab.index.get(w)!);
    const pairs = nextSentencePairs(vocab, text);
    expect(pairs.map((p) => [Array.from(p.source), Array.from(p.target)])).toEqual([
      [id('one cat .'), [...id('two dogs ran !'), EOS]],
      [id('two dogs ran !'), [...id('four ?'), EOS]],
    ]);
  });

  it('pairs across a paragraph (one blank line) but not across a story break (two blank lines)', () => {
    const text = 'Title one\n\nA b. C d.\n\nE f.\n\n\nTitle two\n\nG h.';
    const vocab = buildVocab(text);
    const show = (ids: Int32Array) => Array.from(ids, (i) => vocab.words[i]).join(' ');
    expect(nextSentencePairs(vocab, text).map((p) => `${show(p.source)} → ${show(p.target)}`)).toEqual([
      'title one → a b . <EOS>',
      'a b . → c d . <EOS>',
      'c d . → e f . <EOS>',
      'title two → g h . <EOS>',
    ]);
  });

  // data/README.md: fifteen fables, separated by two blank lines; each gives one pair fewer than it has sentences.
  it('makes one pair fewer than sentences for each of the 15 fables of data/fables.txt', () => {
    expect(nextSentencePairs(buildVocab(fables), fables)).toHaveLength(sentences(fables).length - 15);
  });

  it("chains a story's pairs: each pair's target, without its <EOS>, is the next pair's source", () => {
    const pairs = nextSentencePairs(buildVocab(fables), fables);
    let chained = 0;
    for (let k = 0; k + 1 < pairs.length; k++) {
      const next = Array.from(pairs[k].target.subarray(0, -1));
      if (next.join() === Array.from(pairs[k + 1].source).join()) chained++;
    }
    expect(chained).toBe(pairs.length - 15); // every pair but the last of each fable
  });

  it('reads a word the vocabulary lacks as <UNK>', () => {
    const vocab = buildVocab('the crow drank .');
    const [pair] = nextSentencePairs(vocab, 'The crow sang. The fox drank.');
    expect(Array.from(pair.source)).toEqual([vocab.index.get('the'), vocab.index.get('crow'), UNK, vocab.index.get('.')]);
    expect(Array.from(pair.target)).toEqual([vocab.index.get('the'), UNK, vocab.index.get('drank'), vocab.index.get('.'), EOS]);
  });

  it('refuses a text without two consecutive sentences in any story', () => {
    const text = 'One.\n\n\nTwo.';
    expect(() => nextSentencePairs(buildVocab(text), text)).toThrow('fewer than two sentences in any story');
  });
});
