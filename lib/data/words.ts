/**
 * A word-level vocabulary and the framed training stream.
 *
 * Our rule (the default): the text is lowercased and put in Unicode normal form C, so that "café"
 * typed with a precomposed é and with e + U+0301 is one word. A token is then either a word — a run
 * of letters and digits of any script, each with the combining marks that follow it, joined by
 * apostrophes that stand between two such characters ("don't", "farmer's" are one word each; the
 * typographic apostrophe ’ is read as ') — or one other visible character: a punctuation mark, a
 * symbol, or an emoji sequence (🐦‍⬛, 👍🏽, 🇬🇧 are one token each), again with any combining marks that
 * follow it. A token never splits a surrogate pair or separates a combining mark from its base.
 * Spaces, line breaks and invisible format characters (a byte-order mark, a zero-width space) only
 * separate tokens. We keep "don't" whole because splitting it leaves "don" and "t" as words of their
 * own and an apostrophe that decode cannot space correctly, and because a possessive is one word.
 * A number with a decimal point ("3.5") is three tokens, and its point ends a sentence.
 *
 * The notebook rule (`notebookRule: true`) is exactly that of the NumPy notebooks, for parity with
 * them: Python's `re.findall(r"\w+|[.,!?'\";:]", text.lower())`. Python's `\w` is a letter, a digit
 * or an underscore; the rule splits "don't" into "don", "'", "t", and drops every character it does
 * not name: other punctuation, emoji, and combining marks (without normalisation, so "cafe\u0301"
 * gives "cafe").
 *
 * Sentences end at . ! ? (with any further terminators and closing quotes or brackets that follow
 * it) and at blank lines; the training stream frames each as <SOS> … <EOS>, so that a model learns
 * how a sentence starts and when it stops.
 */

export const SOS = 0;
export const EOS = 1;
export const UNK = 2;
const SPECIALS = ['<SOS>', '<EOS>', '<UNK>'];

export interface TokenizeOptions {
  /** The NumPy notebooks' rule `\w+|[.,!?'";:]` instead of ours (default false). */
  notebookRule?: boolean;
}

export interface VocabOptions extends TokenizeOptions {
  /** Tokens seen fewer times in the text get no id of their own: they are <UNK> (default 1). */
  minCount?: number;
}

export interface WordVocab {
  /** Token i is `words[i]`: <SOS>, <EOS>, <UNK>, then the kept tokens sorted by code point. */
  readonly words: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly size: number;
  /** How often each distinct token occurs in the text, including those below minCount; in order of first occurrence. */
  readonly counts: ReadonlyMap<string, number>;
  readonly minCount: number;
  readonly notebookRule: boolean;
}

// #region tokenize
const OURS = /(?:[\p{L}\p{N}]\p{M}*)+(?:'(?:[\p{L}\p{N}]\p{M}*)+)*|(?:\p{RGI_Emoji}|[^\p{White_Space}\p{Cc}\p{Cf}])\p{M}*/gv;
const NOTEBOOK = /[\p{L}\p{N}_]+|[.,!?'";:]/gu;
const WORD_START = /^[\p{L}\p{N}]/u;
/** A blank line: two line breaks with nothing but spaces between them (\r of CRLF is a space). */
const BLANK_LINE = /\n[^\S\n]*\n/;
const TERMINATORS = new Set(['.', '!', '?']);
/** Marks that, right after a terminator, still belong to its sentence; so does '"' when it closes an open quote. */
const CLOSERS = new Set([')', ']', '”', "'"]);
const NO_SPACE_BEFORE = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '”', "'"]);
const NO_SPACE_AFTER = new Set(['(', '[', '“']);

/** The tokens of `text`, in order. */
export function tokenize(text: string, { notebookRule = false }: TokenizeOptions = {}): string[] {
  if (notebookRule) return text.toLowerCase().match(NOTEBOOK) ?? [];
  return text.toLowerCase().normalize('NFC').replaceAll('’', "'").match(OURS) ?? [];
}
// #endregion tokenize

/** The sentences of `text`, each a list of tokens; throws on a text with no words. */
export function sentences(text: string, options: TokenizeOptions = {}): string[][] {
  if (text.length === 0) throw new Error('text is empty; it must contain at least one word (a letter or a digit)');
  const out: string[][] = [];
  for (const paragraph of text.split(BLANK_LINE)) {
    let sentence: string[] = [];
    let ended = false;
    let quoteOpen = false;
    for (const token of tokenize(paragraph, options)) {
      const closes = TERMINATORS.has(token) || CLOSERS.has(token) || (token === '"' && quoteOpen);
      if (ended && !closes) {
        out.push(sentence);
        sentence = [];
        ended = false;
      }
      sentence.push(token);
      if (token === '"') quoteOpen = !quoteOpen;
      if (TERMINATORS.has(token)) ended = true;
    }
    if (sentence.length > 0) out.push(sentence);
  }
  if (!out.some((sentence) => sentence.some(isWord))) {
    throw new Error('text has no words; it must contain at least one word (a letter or a digit), not only spaces, punctuation or symbols');
  }
  return out;
}

/** The vocabulary of `text`: the three special tokens, then every token seen at least `minCount` times. */
export function buildVocab(text: string, { notebookRule = false, minCount = 1 }: VocabOptions = {}): WordVocab {
  if (!(Number.isInteger(minCount) && minCount >= 1)) {
    throw new Error(`minCount must be a positive integer (1, 2, 3, …), got ${minCount}`);
  }
  // #region vocab
  const counts = new Map<string, number>();
  for (const sentence of sentences(text, { notebookRule })) {
    for (const token of sentence) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const kept = [...counts.keys()].filter((token) => counts.get(token)! >= minCount).sort(byCodePoint); // (5.1)
  if (!kept.some(isWord)) {
    const most = Math.max(...[...counts].filter(([token]) => isWord(token)).map(([, n]) => n));
    throw new Error(`minCount ${minCount} leaves no word in the vocabulary; it must be at most ${most}, the count of the text's most frequent word`);
  }
  const words = [...SPECIALS, ...kept]; // (5.1) ids 0, 1, 2, then 3, 4, … in code-point order
  // #endregion vocab
  return { words, index: new Map(words.map((w, i) => [w, i])), size: words.length, counts, minCount, notebookRule };
}

/** The ids of the tokens of `text`, unframed; a token without an id is <UNK> and is listed once in `unknown`, in order met. */
export function encode(vocab: WordVocab, text: string): { tokens: Int32Array; unknown: string[] } {
  // #region encode
  const words = tokenize(text, { notebookRule: vocab.notebookRule });
  const tokens = new Int32Array(words.length);
  const unknown = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const id = vocab.index.get(words[i]);
    if (id === undefined) unknown.add(words[i]);
    tokens[i] = id ?? UNK; // (5.1)
  }
  return { tokens, unknown: [...unknown] };
  // #endregion encode
}

/** The training stream of `text`: <SOS> sentence <EOS> for each sentence, a token without an id as <UNK>. */
export function trainingStream(vocab: WordVocab, text: string): Int32Array {
  // #region stream
  const ids: number[] = [];
  for (const sentence of sentences(text, { notebookRule: vocab.notebookRule })) {
    ids.push(SOS); // (5.2)
    for (const token of sentence) ids.push(vocab.index.get(token) ?? UNK); // (5.1)
    ids.push(EOS); // (5.2)
  }
  return Int32Array.from(ids);
  // #endregion stream
}

/**
 * The text of `ids`: a space between tokens but none before closing punctuation or after an opening
 * bracket or quote ('"' alternately opens and closes); <SOS> is omitted and each <EOS> ends a line,
 * so that sentences without a final mark (a title) stay apart. Under the notebook rule an apostrophe
 * joins its neighbours, which puts "don", "'", "t" back together.
 */
export function decode(vocab: WordVocab, ids: ArrayLike<number>): string {
  let text = '';
  let glued = true; // no space before the next token
  let lineEnded = false;
  let quoteOpen = false;
  for (let i = 0; i < ids.length; i++) {
    const word = vocab.words[ids[i]];
    if (word === undefined) throw new Error(`token ${ids[i]} at position ${i} is not in 0..${vocab.size - 1}`);
    if (ids[i] === SOS) continue;
    if (ids[i] === EOS) {
      lineEnded = text.length > 0;
      continue;
    }
    const joins = vocab.notebookRule && word === "'";
    if (lineEnded) text += '\n';
    else if (!glued && !joins && !NO_SPACE_BEFORE.has(word) && !(word === '"' && quoteOpen)) text += ' ';
    text += word;
    glued = joins || NO_SPACE_AFTER.has(word) || (word === '"' && !quoteOpen);
    lineEnded = false;
    if (word === '"') quoteOpen = !quoteOpen;
  }
  return text;
}

function isWord(token: string): boolean {
  return WORD_START.test(token);
}

/** Python's string order: by code point, where JS's default compares UTF-16 code units. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
