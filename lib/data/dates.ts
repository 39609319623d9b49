/**
 * A task whose right alignment is known, so that attention can be seen to find it: a date as people
 * write it, "25 november 2026", to its ISO form, "2026 - 11 - 25", one digit per token on both sides:
 *
 *   source  2 5 november 2 0 2 6            (a day of one or two digits, the month's name, the year)
 *   target  2 0 2 6 - 1 1 - 2 5 <EOS>
 *
 * Every target digit is a copy or a translation of one source token, and that token's position is
 * stored with the pair. A year digit and a digit of a two-digit day copy the digit at their place;
 * both digits of the month translate its name; both digits of a one-digit day, the padding zero too,
 * translate that one digit ("5" → "0 5"). The dashes and <EOS> copy nothing and have no position.
 * The alignment is not monotonic: the year moves from the end to the front and the day the other way.
 *
 * Source and target have vocabularies of their own, as two languages do: a shared one would give the
 * output softmax twelve month names it must learn never to write, and the encoder a dash it never reads.
 */
import { RandomState } from '../core/random.ts';
import type { Pair } from './pairs.ts';
import { EOS, UNK, type WordVocab, buildVocab, tokenize } from './words.ts';

export const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
] as const;

/** The years drawn: [FIRST_YEAR, LAST_YEAR]. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2099;

const DIGITS = '0 1 2 3 4 5 6 7 8 9';

/** <SOS>, <EOS>, <UNK>, the ten digits, the twelve month names. */
export const dateSourceVocab: WordVocab = buildVocab(`${DIGITS} ${MONTHS.join(' ')}`);
/** <SOS>, <EOS>, <UNK>, the dash, the ten digits. */
export const dateTargetVocab: WordVocab = buildVocab(`${DIGITS} -`);

export interface AlignedPair extends Pair {
  /**
   * alignment[k] is the position in `source` (from 0) of the token that target[k] copies or
   * translates, or −1 for a token that has none: the two dashes and <EOS>. (T)
   */
  readonly alignment: Int32Array;
}

/** Days in month m (1..12) of year y, by the Gregorian calendar's leap-year rule. */
export function daysInMonth(m: number, y: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

// #region dates
/**
 * `count` pairs drawn from RandomState(seed): for each, the year uniformly from FIRST_YEAR..LAST_YEAR,
 * then the month uniformly from 1..12, then the day uniformly from the days of that month.
 */
export function datePairs(count: number, seed: number): AlignedPair[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`count must be an integer ≥ 1, got ${count}`);
  const rng = new RandomState(seed);
  const src = (token: string) => dateSourceVocab.index.get(token)!;
  const tgt = (token: string) => dateTargetVocab.index.get(token)!;
  const pairs: AlignedPair[] = [];
  for (let n = 0; n < count; n++) {
    const y = rng.randint(FIRST_YEAR, LAST_YEAR + 1);
    const m = rng.randint(1, 13);
    const d = rng.randint(1, daysInMonth(m, y) + 1);
    const day = [...String(d)], year = [...String(y)];
    const monthAt = day.length, yearAt = day.length + 1; // source positions of the month and the year's first digit
    const source = [...day.map(src), src(MONTHS[m - 1]), ...year.map(src)];
    const target: number[] = [], alignment: number[] = [];
    const put = (token: string, from: number) => {
      target.push(tgt(token));
      alignment.push(from);
    };
    year.forEach((digit, k) => put(digit, yearAt + k));
    put('-', -1);
    for (const digit of String(m).padStart(2, '0')) put(digit, monthAt);
    put('-', -1);
    const dd = String(d).padStart(2, '0');
    for (let k = 0; k < 2; k++) put(dd[k], day.length === 2 ? k : 0);
    target.push(EOS);
    alignment.push(-1);
    pairs.push({ source: Int32Array.from(source), target: Int32Array.from(target), alignment: Int32Array.from(alignment) });
  }
  return pairs;
}
// #endregion dates

/**
 * The source ids of a date as a reader types it ("25 November 2026"): words.ts's tokens, each run of
 * digits split into its digits, as the generator writes them. A token without an id is <UNK> and is
 * listed once in `unknown`, in order met.
 */
export function encodeDateSource(text: string): { tokens: Int32Array; unknown: string[] } {
  const words = tokenize(text).flatMap((token) => (/^[0-9]+$/.test(token) ? [...token] : [token]));
  const unknown = new Set<string>();
  const tokens = Int32Array.from(words, (word) => {
    const id = dateSourceVocab.index.get(word);
    if (id === undefined) unknown.add(word);
    return id ?? UNK;
  });
  return { tokens, unknown: [...unknown] };
}
