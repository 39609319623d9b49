import { describe, expect, it } from 'vitest';
import { windows } from '../../../lib/data/windows.ts';

/** Tokens equal to their own positions, so a window's contents say where they came from. */
function positions(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

describe('windows', () => {
  // N = T + 1 (one window), N mod T = 0, N mod T = 1 (all windows full), ragged tails, and T = 1.
  it.each([
    [26, 25], [51, 25], [50, 25], [76, 25], [1126, 25], [7, 1], [10, 3], [11, 3], [12, 3],
  ])('makes every token but the first a target exactly once (N = %i, T = %i)', (n, seqLen) => {
    const seen = new Int32Array(n);
    for (const w of windows(positions(n), seqLen)) for (const t of w.targets.subarray(0, w.length)) seen[t]++;
    expect(seen[0]).toBe(0);
    expect([...seen.subarray(1)]).toEqual(new Array(n - 1).fill(1));
  });

  it('pairs every input with the next token as its target', () => {
    for (const w of windows(positions(11), 3)) {
      expect(w.inputs.length).toBe(w.length);
      expect(w.targets.length).toBe(w.length);
      for (let t = 0; t < w.length; t++) {
        expect(w.inputs[t]).toBe(w.start + t);
        expect(w.targets[t]).toBe(w.start + t + 1);
      }
    }
  });

  it('makes full windows and one shorter last window', () => {
    expect(windows(positions(11), 3).map((w) => [w.start, w.length])).toEqual([[0, 3], [3, 3], [6, 3], [9, 1]]);
  });

  it('throws when the text is shorter than one window plus its shifted target', () => {
    expect(() => windows(positions(25), 25)).toThrow('text has 25 tokens; sequence length 25 needs at least 26');
  });
});

describe('windows under the min-char-rnn rule', () => {
  /** min-char-rnn's loop over one pass, as the notebooks write it: stop (reset) when p + T + 1 ≥ N, else train p..p+T−1, p += T. */
  function notebookPass(n: number, seqLen: number): [number, number][] {
    const out: [number, number][] = [];
    for (let p = 0; !(p + seqLen + 1 >= n); p += seqLen) out.push([p, seqLen]);
    return out;
  }

  it.each([[27, 25], [148, 25], [150, 25], [151, 25], [10, 3], [11, 3], [12, 3], [7, 1]])(
    'cuts full windows at p = 0, T, 2T, … while p + T + 1 < N (N = %i, T = %i)',
    (n, seqLen) => {
      const pass = windows(positions(n), seqLen, 'min-char-rnn');
      expect(pass.map((w) => [w.start, w.length])).toEqual(notebookPass(n, seqLen));
      for (const w of pass) {
        expect(Array.from(w.inputs)).toEqual(Array.from({ length: seqLen }, (_, t) => w.start + t));
        expect(Array.from(w.targets)).toEqual(Array.from({ length: seqLen }, (_, t) => w.start + t + 1));
      }
    },
  );

  it('never makes the last tokens targets when they do not fill a window: N = 148, T = 25 trains targets 1..125 only', () => {
    const targets = windows(positions(148), 25, 'min-char-rnn').flatMap((w) => Array.from(w.targets));
    expect(targets).toEqual(Array.from({ length: 125 }, (_, i) => i + 1));
  });

  it('throws when the text is shorter than one window plus its target plus the one more token the rule needs', () => {
    expect(() => windows(positions(26), 25, 'min-char-rnn')).toThrow('text has 26 tokens; sequence length 25 needs at least 27');
  });

  it('refuses an unknown rule, naming the two it knows', () => {
    expect(() => windows(positions(30), 25, 'tail' as never)).toThrow(`window rule must be 'cover' or 'min-char-rnn', got "tail"`);
  });
});
