import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipByValue, globalNorm } from '../../../lib/core/clip.ts';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('globalNorm', () => {
  it('is the Euclidean norm of the whole buffer', () => {
    expect(globalNorm([f64([3, 0, -4, 12])])).toBe(13);
  });

  it('is 0 for an empty or all-zero buffer', () => {
    expect(globalNorm([new Float64Array(0)])).toBe(0);
    expect(globalNorm([new Float64Array(4)])).toBe(0);
  });
});

describe('clipByGlobalNorm', () => {
  it('clips the global norm to the threshold', () => {
    const g = f64([3, 0, -4, 12]); // norm 13
    clipByGlobalNorm([g], 5);
    expect(globalNorm([g])).toBeCloseTo(5, 14);
  });

  it('keeps the direction of the gradient', () => {
    const g = f64([3, 0, -4, 12]);
    clipByGlobalNorm([g], 5);
    [3, 0, -4, 12].forEach((x, i) => expect(g[i]).toBeCloseTo((x * 5) / 13, 14));
  });

  it('returns the norm before clipping', () => {
    expect(clipByGlobalNorm([f64([3, 0, -4, 12])], 5)).toBe(13);
  });

  it('leaves a gradient within the threshold unchanged', () => {
    const g = f64([0.3, -0.4]);
    expect(clipByGlobalNorm([g], 1)).toBeCloseTo(0.5, 15);
    expect(Array.from(g)).toEqual([0.3, -0.4]);
  });

  it('leaves a gradient exactly at the threshold unchanged', () => {
    const g = f64([3, -4]);
    clipByGlobalNorm([g], 5);
    expect(Array.from(g)).toEqual([3, -4]);
  });

  it('rejects a threshold that is not positive', () => {
    for (const maxNorm of [0, -1, NaN]) {
      expect(() => clipByGlobalNorm([f64([1])], maxNorm)).toThrow(`clip maxNorm must be a number > 0, got ${maxNorm}`);
    }
  });
});

describe('a gradient in several buffers', () => {
  it('has the norm of the buffers joined end to end, and norm clipping scales them all by one factor', () => {
    const a = f64([3, 0]), b = f64([-4, 12]);
    expect(globalNorm([a, b])).toBe(13);
    expect(clipByGlobalNorm([a, b], 5)).toBe(13);
    const joined = [...a, ...b], expected = [3, 0, -4, 12].map((x) => (x * 5) / 13);
    joined.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 14));
  });

  it('clips every component of every buffer by value', () => {
    const a = f64([7, -1]), b = f64([-9]);
    expect(clipByValue([a, b], 5)).toBeCloseTo(Math.sqrt(131), 14);
    expect([...a, ...b]).toEqual([5, -1, -5]);
  });
});

describe('clipByValue', () => {
  it('bounds every element to [−c, c]', () => {
    const g = f64([-7, -5, -0.5, 0, 2, 5, 9.5]);
    clipByValue([g], 5);
    expect(Array.from(g)).toEqual([-5, -5, -0.5, 0, 2, 5, 5]);
  });

  it('returns the norm before clipping', () => {
    const g = f64([3, 0, -4, 12]); // norm 13
    expect(clipByValue([g], 5)).toBe(13);
    expect(Array.from(g)).toEqual([3, 0, -4, 5]);
  });

  it('rejects a bound that is not positive', () => {
    for (const c of [0, -5, NaN]) {
      expect(() => clipByValue([f64([1])], c)).toThrow(`clip value c must be a number > 0, got ${c}`);
    }
  });
});
