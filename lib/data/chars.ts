/**
 * A character-level vocabulary. A "character" is a Unicode code point, so an emoji outside the
 * Basic Multilingual Plane (two UTF-16 code units in a JS string) is one token, never two halves
 * of a surrogate pair. A combining mark is a code point of its own and so a token of its own.
 */

export interface Vocab {
  /** The distinct characters, sorted by code point; token i is `chars[i]`. */
  readonly chars: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly size: number;
}

/** The sorted distinct code points of `text` (Python's `sorted(set(text))`). */
export function buildVocab(text: string): Vocab {
  // Sort by code point, not by JS string comparison, which orders UTF-16 code units and would put
  // an astral character (surrogates D800–DFFF) before U+E000–U+FFFF.
  const chars = [...new Set(Array.from(text))].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  return { chars, index: new Map(chars.map((c, i) => [c, i])), size: chars.length };
}

/** The tokens of `text`; throws on a character the vocabulary does not have. */
export function encode(vocab: Vocab, text: string): Int32Array {
  const chars = Array.from(text);
  const tokens = new Int32Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const token = vocab.index.get(chars[i]);
    if (token === undefined) throw new Error(`character ${describe(chars[i])} at position ${i} is not in the vocabulary`);
    tokens[i] = token;
  }
  return tokens;
}

/** The text of `tokens`; throws on a token outside 0..size−1. */
export function decode(vocab: Vocab, tokens: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    const c = vocab.chars[tokens[i]];
    if (c === undefined) throw new Error(`token ${tokens[i]} at position ${i} is not in 0..${vocab.size - 1}`);
    text += c;
  }
  return text;
}

/** e.g. `"é" (U+00E9)`, so that invisible and look-alike characters can be told apart. */
function describe(c: string): string {
  const hex = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `${JSON.stringify(c)} (U+${hex})`;
}
