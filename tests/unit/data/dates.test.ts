import { describe, expect, it } from 'vitest';
import {
  FIRST_YEAR, LAST_YEAR, MONTHS, dateSourceVocab, dateTargetVocab, datePairs, daysInMonth, encodeDateSource,
} from '../../../lib/data/dates.ts';
import { EOS, UNK } from '../../../lib/data/words.ts';

const pairs = datePairs(5000, 42);
const src = (ids: Int32Array) => Array.from(ids, (i) => dateSourceVocab.words[i]);
const tgt = (ids: Int32Array) => Array.from(ids, (i) => dateTargetVocab.words[i]);

/** Day, month (1..12) and year read back from a source, as the written date says them. */
function read(source: Int32Array): { d: number; m: number; y: number; dayLength: number } {
  const words = src(source);
  const at = words.findIndex((w) => (MONTHS as readonly string[]).includes(w));
  return {
    d: Number(words.slice(0, at).join('')), m: MONTHS.indexOf(words[at] as (typeof MONTHS)[number]) + 1,
    y: Number(words.slice(at + 1).join('')), dayLength: at,
  };
}

describe('date vocabularies', () => {
  it('has the three special tokens, the digits and the month names on the source side', () => {
    expect(dateSourceVocab.words).toEqual(['<SOS>', '<EOS>', '<UNK>', ...'0123456789', ...[...MONTHS].sort()]);
  });

  it('has the three special tokens, the dash and the digits on the target side', () => {
    expect(dateTargetVocab.words).toEqual(['<SOS>', '<EOS>', '<UNK>', '-', ...'0123456789']);
  });
});

describe('datePairs', () => {
  it('writes each source as day digits, month name, four year digits, a real date of the Gregorian calendar', () => {
    for (const { source } of pairs) {
      const { d, m, y } = read(source);
      expect(y).toBeGreaterThanOrEqual(FIRST_YEAR);
      expect(y).toBeLessThanOrEqual(LAST_YEAR);
      const date = new Date(Date.UTC(y, m - 1, d)); // JavaScript's calendar as the oracle
      expect([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]).toEqual([y, m, d]);
    }
  });

  it('writes the target as the ISO date, one token per digit and dash, then <EOS>', () => {
    for (const { source, target } of pairs) {
      const { d, m, y } = read(source);
      const iso = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10); // e.g. 2026-11-25
      expect(target.at(-1)).toBe(EOS);
      expect(tgt(target.subarray(0, -1)).join('')).toBe(iso);
    }
  });

  it('aligns year and day digits with the digit they copy, month digits with the name, and nothing with dashes or <EOS>', () => {
    for (const { source, target, alignment } of pairs) {
      const { dayLength } = read(source);
      const y = dayLength + 1; // where the year starts
      const day = dayLength === 2 ? [0, 1] : [0, 0];
      expect(Array.from(alignment)).toEqual([y, y + 1, y + 2, y + 3, -1, dayLength, dayLength, -1, ...day, -1]);
      expect(alignment).toHaveLength(target.length);
    }
  });

  it('copies the very digit it aligns a year digit or a two-digit day digit with', () => {
    for (const { source, target, alignment } of pairs) {
      const s = src(source), t = tgt(target);
      for (const k of [0, 1, 2, 3]) expect(t[k]).toBe(s[alignment[k]]);
      if (read(source).dayLength === 2) for (const k of [8, 9]) expect(t[k]).toBe(s[alignment[k]]);
    }
  });

  it('draws every month, one- and two-digit days, and 29 february only in leap years', () => {
    const dates = pairs.map((p) => read(p.source));
    expect(new Set(dates.map((x) => x.m)).size).toBe(12);
    expect(new Set(dates.map((x) => x.dayLength))).toEqual(new Set([1, 2]));
    const leapDays = dates.filter((x) => x.m === 2 && x.d === 29);
    expect(leapDays.length).toBeGreaterThan(0);
    for (const { y } of leapDays) expect(new Date(Date.UTC(y, 1, 29)).getUTCMonth()).toBe(1);
  });

  it('draws the same pairs for the same seed and others for another', () => {
    const show = (ps: typeof pairs) => ps.map((p) => src(p.source).join(' '));
    expect(show(datePairs(50, 42))).toEqual(show(pairs.slice(0, 50)));
    expect(show(datePairs(50, 43))).not.toEqual(show(pairs.slice(0, 50)));
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => datePairs(0, 1)).toThrow('count must be an integer ≥ 1, got 0');
  });
});

describe('daysInMonth', () => {
  it.each([[2, 1900, 28], [2, 2000, 29], [2, 2024, 29], [2, 2023, 28], [4, 2023, 30], [12, 2023, 31]])(
    'gives month %i of %i %i days', (m, y, days) => {
      expect(daysInMonth(m, y)).toBe(days);
    },
  );
});

describe('encodeDateSource', () => {
  it('splits the numbers of a typed date into digits, as the generator writes them', () => {
    const { tokens, unknown } = encodeDateSource('25 November 2026');
    expect(src(tokens)).toEqual(['2', '5', 'november', '2', '0', '2', '6']);
    expect(unknown).toEqual([]);
  });

  it('reads a word outside the source vocabulary as <UNK> and names it once', () => {
    const { tokens, unknown } = encodeDateSource('3 Brumaire, an 3');
    expect(Array.from(tokens)).toEqual([dateSourceVocab.index.get('3'), UNK, UNK, UNK, dateSourceVocab.index.get('3')]);
    expect(unknown).toEqual(['brumaire', ',', 'an']);
  });
});
