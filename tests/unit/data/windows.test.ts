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
    expect(() => windows(positions(25), 25)).toThrow('text has 25 characters; sequence length 25 needs at least 26');
  });
});
