import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EOS, SOS, UNK, buildVocab, decode, encode, sentences, tokenize, trainingStream } from '../../../lib/data/words.ts';
import { windows } from '../../../lib/data/windows.ts';

const crow = readFileSync(new URL('../../../data/thirsty-crow.txt', import.meta.url), 'utf8');

describe('tokenize (our rule)', () => {
  it('lowercases and makes each punctuation mark a token of its own', () => {
    expect(tokenize('"Wolf!" (he said) - 3.5...')).toEqual(
      ['"', 'wolf', '!', '"', '(', 'he', 'said', ')', '-', '3', '.', '5', '.', '.', '.'],
    );
  });

  it('keeps an apostrophe between letters inside the word, and reads ’ as \'', () => {
    expect(tokenize("Don't take the farmer’s pail")).toEqual(["don't", 'take', 'the', "farmer's", 'pail']);
  });

  it('makes an apostrophe at the edge of a word a token of its own', () => {
    expect(tokenize("the farmers' 'gate'")).toEqual(['the', 'farmers', "'", "'", 'gate', "'"]);
  });

  it('reads runs of digits and letters as words', () => {
    expect(tokenize('12 cups, 7 sons, route66')).toEqual(['12', 'cups', ',', '7', 'sons', ',', 'route66']);
  });

  it('gives an accented word one token whether its accent is precomposed or combining', () => {
    expect(tokenize('Café NAÏVE')).toEqual(['café', 'naïve']);
    expect(tokenize('Cafe\u0301 NAI\u0308VE')).toEqual(['café', 'naïve']);
  });

  it('never separates a combining mark from its base', () => {
    // x + U+0301 has no precomposed form; Devanagari vowel signs and virama are marks (Mn, Mc).
    expect(tokenize('x\u0301y हिन्दी !\u0301')).toEqual(['x\u0301y', 'हिन्दी', '!\u0301']);
  });

  it('keeps an emoji sequence and an astral letter whole, never half a surrogate pair', () => {
    const tokens = tokenize('crow 🐦‍⬛ 👍🏽🇬🇧 𝔴𝔞𝔱𝔢𝔯');
    expect(tokens).toEqual(['crow', '🐦‍⬛', '👍🏽', '🇬🇧', '𝔴𝔞𝔱𝔢𝔯']);
    expect(tokens.filter((t) => /\p{Cs}/u.test(t))).toEqual([]);
  });

  it('treats CR, LF and invisible format characters as separators only', () => {
    expect(tokenize('\uFEFFone\r\ntwo\u200Bthree')).toEqual(['one', 'two', 'three']);
  });

  it('reads text that spells a special token as ordinary tokens', () => {
    expect(tokenize('<SOS>')).toEqual(['<', 'sos', '>']);
  });
});

describe('tokenize (notebook rule)', () => {
  // Expected values printed by Python 3: re.findall(r"\w+|[.,!?'\";:]", s.lower()).
  it.each([
    ["Don't stop, Bob!", ['don', "'", 't', 'stop', ',', 'bob', '!']],
    ['Café naïve', ['café', 'naïve']],
    ['cafe\u0301 x', ['cafe', 'x']],
    ['Ünïcödé 42 snake_case', ['ünïcödé', '42', 'snake_case']],
    ['"Wolf!" (he said) - 3.5', ['"', 'wolf', '!', '"', 'he', 'said', '3', '.', '5']],
    ['crow 🐦 𝔴𝔞', ['crow', '𝔴𝔞']],
    ['ΟΔΟΣ', ['οδος']],
    ['हिन्दी', ['ह', 'न', 'द']],
    ['a\r\nb', ['a', 'b']],
  ])('matches Python on %j', (text, expected) => {
    expect(tokenize(text, { notebookRule: true })).toEqual(expected);
  });
});

describe('sentences', () => {
  it('ends a sentence at . ! and ?', () => {
    expect(sentences('It rained. Did it? Yes!')).toEqual([['it', 'rained', '.'], ['did', 'it', '?'], ['yes', '!']]);
  });

  it('ends a sentence at a blank line, also with CRLF or spaces on it, but not at a single line break', () => {
    expect(sentences('The Crow\r\n \r\nIt rained\nall day')).toEqual([['the', 'crow'], ['it', 'rained', 'all', 'day']]);
  });

  it('keeps repeated terminators with their sentence', () => {
    expect(sentences('Wait... what?!')).toEqual([['wait', '.', '.', '.'], ['what', '?', '!']]);
  });

  it('keeps a closing quote or bracket with the sentence it closes', () => {
    expect(sentences('"It is late." She left (fast.) He said. "Go!"')).toEqual([
      ['"', 'it', 'is', 'late', '.', '"'],
      ['she', 'left', '(', 'fast', '.', ')'],
      ['he', 'said', '.'],
      ['"', 'go', '!', '"'],
    ]);
  });

  it('finds one sentence per . ! ? in the crow story, which has no titles or quotes', () => {
    expect(sentences(crow).length).toBe(crow.match(/[.!?]/g)!.length);
  });
});

describe('trainingStream', () => {
  it('frames each sentence as <SOS> … <EOS>', () => {
    // Sorted vocabulary: <SOS> <EOS> <UNK> ! . crow drank plop the → ids 0..8.
    const text = 'The crow drank. Plop!';
    expect([...trainingStream(buildVocab(text), text)]).toEqual([0, 8, 5, 6, 4, 1, 0, 7, 3, 1]);
  });

  it('maps the tokens seen fewer than minCount times to <UNK>', () => {
    // Counts: the 3, crow 2, . 2, saw 1, jug 1, drank 1; kept with minCount 2: . crow the → ids 3, 4, 5.
    const text = 'The crow saw the jug. The crow drank.';
    expect([...trainingStream(buildVocab(text, { minCount: 2 }), text)]).toEqual([0, 5, 4, 2, 5, 2, 3, 1, 0, 5, 4, 2, 3, 1]);
  });

  it('gives every token its own id with the default minCount, so <UNK> never occurs', () => {
    expect(trainingStream(buildVocab(crow), crow)).not.toContain(UNK);
  });

  it('makes <UNK> a training target once for each occurrence of a rare token', () => {
    const text = 'The crow saw the jug. The crow drank.';
    const stream = trainingStream(buildVocab(text, { minCount: 2 }), text);
    const targets = windows(stream, 4).flatMap((w) => [...w.targets]);
    expect(targets.filter((t) => t === UNK).length).toBe(3); // saw, jug, drank
  });

  it('lets windows make every token of the crow story a target once per pass, the last <EOS> included', () => {
    const seqLen = 25;
    const stream = trainingStream(buildVocab(crow), crow);
    const onePass = windows(stream, seqLen);
    // The NumPy original restarts when p + T + 1 ≥ N; on this stream that would leave a tail untrained.
    const originalLastTarget = Math.floor((stream.length - seqLen - 2) / seqLen) * seqLen + seqLen;
    expect(originalLastTarget).toBeLessThan(stream.length - 1);
    const targets = onePass.flatMap((w) => [...w.targets]);
    expect(targets).toEqual([...stream.subarray(1)]);
    expect(targets.at(-1)).toBe(EOS);
  });
});

describe('buildVocab', () => {
  it('puts <SOS>, <EOS>, <UNK> at ids 0, 1, 2 and then the tokens sorted by code point', () => {
    const vocab = buildVocab('b a. B c!');
    expect([SOS, EOS, UNK]).toEqual([0, 1, 2]);
    expect(vocab.words).toEqual(['<SOS>', '<EOS>', '<UNK>', '!', '.', 'a', 'b', 'c']);
    expect(vocab.size).toBe(8);
    expect(vocab.index.get('c')).toBe(7);
  });

  it('orders an astral token after U+E000–U+FFFF, as code points do (UTF-16 comparison would not)', () => {
    // U+FF57 fullwidth w < U+1D534 fraktur w as code points, though the surrogate D835 < FF57.
    expect(buildVocab('𝔴 ｗ').words.slice(3)).toEqual(['ｗ', '𝔴']);
  });

  it('counts every distinct token of the text, those below minCount included', () => {
    const vocab = buildVocab('The crow saw the jug. The crow drank.', { minCount: 2 });
    expect([...vocab.counts]).toEqual([['the', 3], ['crow', 2], ['saw', 1], ['jug', 1], ['.', 2], ['drank', 1]]);
  });

  it('builds the notebook vocabulary with the notebook rule', () => {
    expect(buildVocab("Don't stop.", { notebookRule: true }).words.slice(3)).toEqual(["'", '.', 'don', 'stop', 't']);
  });
});

describe('encode', () => {
  const vocab = buildVocab('The crow saw the jug. The crow drank.', { minCount: 2 });

  it('gives the ids of the tokens, without framing', () => {
    expect([...encode(vocab, 'The crow.').tokens]).toEqual([5, 4, 3]);
  });

  it('maps unknown and rare tokens to <UNK> and reports each once, in the order met', () => {
    const { tokens, unknown } = encode(vocab, 'The owl saw the owl!');
    expect([...tokens]).toEqual([5, UNK, UNK, 5, UNK, UNK]);
    expect(unknown).toEqual(['owl', 'saw', '!']);
  });

  it('encodes with the rule the vocabulary was built with', () => {
    const notebook = buildVocab("Don't stop.", { notebookRule: true });
    expect(encode(notebook, "don't").unknown).toEqual([]);
  });
});

describe('decode', () => {
  it('spaces words, but not before closing punctuation or inside quotes and brackets', () => {
    const text = '"you sang all summer," said the ant (kindly). farmers\' gate; don\'t: 12 cups!';
    const vocab = buildVocab(text);
    expect(decode(vocab, encode(vocab, text).tokens)).toBe(text);
  });

  it('omits <SOS> and ends a line at each <EOS>', () => {
    const text = 'The Crow\n\nIt drank. Plop!';
    const vocab = buildVocab(text);
    expect(decode(vocab, trainingStream(vocab, text))).toBe('the crow\nit drank.\nplop!');
  });

  it('joins an apostrophe to both neighbours under the notebook rule', () => {
    const text = "Don't stop, Bob's here.";
    const vocab = buildVocab(text, { notebookRule: true });
    expect(decode(vocab, encode(vocab, text).tokens)).toBe("don't stop, bob's here.");
  });

  it('shows <UNK> where a token had no id', () => {
    const vocab = buildVocab('The crow drank.');
    expect(decode(vocab, encode(vocab, 'The owl drank.').tokens)).toBe('the <UNK> drank.');
  });

  it('throws on an id outside the vocabulary', () => {
    expect(() => decode(buildVocab('a b'), [3, 5])).toThrow('token 5 at position 1 is not in 0..4');
  });
});

describe('errors', () => {
  it('throws on an empty text', () => {
    expect(() => buildVocab('')).toThrow('text is empty; it must contain at least one word (a letter or a digit)');
  });

  it.each([['spaces', ' \n\n '], ['punctuation', '... !?'], ['emoji', '🐦‍⬛ 💧']])('throws on a text of only %s', (_, text) => {
    expect(() => buildVocab(text)).toThrow('text has no words; it must contain at least one word (a letter or a digit)');
  });

  it.each([0, -1, 1.5, Number.NaN])('throws on minCount %s', (minCount) => {
    expect(() => buildVocab('a b', { minCount })).toThrow(`minCount must be a positive integer (1, 2, 3, …), got ${minCount}`);
  });

  it('throws on a minCount that leaves no word, naming the largest allowed', () => {
    expect(() => buildVocab('the crow, the jug.', { minCount: 3 })).toThrow(
      'minCount 3 leaves no word in the vocabulary; it must be at most 2, the count of the text\'s most frequent word',
    );
  });
});
