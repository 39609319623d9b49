import { describe, expect, it } from 'vitest';
import { nearest } from '../../../lib/core/cosine.ts';

// Rows of a (5, 2) table: angles 0°, 10°, 90°, 180°, and a zero row.
const E = new Float64Array([
  1, 0,
  3 * Math.cos(Math.PI / 18), 3 * Math.sin(Math.PI / 18),
  0, 2,
  -1, 0,
  0, 0,
]);

describe('nearest', () => {
  it('ranks rows by the cosine of their angle with the row, whatever their lengths', () => {
    const n = nearest(E, 5, 2, 0, 4);
    expect(n.map((x) => x.index)).toEqual([1, 2, 4, 3]);
    expect(n[0].similarity).toBeCloseTo(Math.cos(Math.PI / 18), 14);
    expect(n[1].similarity).toBeCloseTo(0, 14);
    expect(n[2].similarity).toBe(0); // the zero row
    expect(n[3].similarity).toBeCloseTo(-1, 14);
  });

  it('leaves out the row itself and the rows skip names, and returns at most k', () => {
    const n = nearest(E, 5, 2, 0, 2, (i) => i === 1);
    expect(n.map((x) => x.index)).toEqual([2, 4]);
    expect(nearest(E, 5, 2, 3, 10)).toHaveLength(4);
  });

  it('refuses a row outside the table', () => {
    expect(() => nearest(E, 5, 2, 5, 3)).toThrow(/row must be an integer in 0..4, got 5/);
  });
});
