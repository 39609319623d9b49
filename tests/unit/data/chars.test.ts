import { describe, expect, it } from 'vitest';
import { buildVocab, decode, encode } from '../../../lib/data/chars.ts';

describe('buildVocab', () => {
  it('lists the distinct characters sorted by code point', () => {
    expect(buildVocab('banana!').chars).toEqual(['!', 'a', 'b', 'n']);
  });

  it('keeps an emoji outside the BMP as one character, not two surrogate halves', () => {
    const vocab = buildVocab('a😀b😀');
    expect(vocab.chars).toEqual(['a', 'b', '😀']);
    expect(vocab.size).toBe(3);
  });

  it('orders astral characters after U+E000–U+FFFF, as code points do (UTF-16 comparison would not)', () => {
    // U+1F600 (surrogates D83D DE00) > U+FF01 as a code point, though its first code unit is smaller.
    expect(buildVocab('😀！').chars).toEqual(['！', '😀']);
  });

  it('treats a combining mark as a character of its own', () => {
    expect(buildVocab('e\u0301').chars).toEqual(['e', '\u0301']);
  });
});

describe('encode and decode', () => {
  it.each([
    ['plain ASCII', 'It had not rained for many weeks.\n'],
    ['emoji and other surrogate pairs', 'crow 🐦‍⬛ drinks 💧, 𝔴𝔞𝔱𝔢𝔯 😀😀'],
    ['combining marks', 'cafe\u0301 nai\u0308ve'],
  ])('round-trips %s', (_, text) => {
    const vocab = buildVocab(text);
    expect(decode(vocab, encode(vocab, text))).toBe(text);
  });

  it('gives one token per code point, each the index of its character', () => {
    const vocab = buildVocab('b😀a');
    expect([...encode(vocab, 'ab😀b')]).toEqual([0, 1, 2, 1]);
  });

  it('throws on a character outside the vocabulary, naming it', () => {
    const vocab = buildVocab('abc');
    expect(() => encode(vocab, 'abé')).toThrow('character "é" (U+00E9) at position 2 is not in the vocabulary');
  });

  it('throws on a token outside the vocabulary', () => {
    expect(() => decode(buildVocab('abc'), [0, 3])).toThrow('token 3 at position 1 is not in 0..2');
  });
});
