import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../../lib/core/sigmoid.ts';

describe('sigmoid', () => {
  it('is 1/2 at 0 and symmetric: σ(−a) = 1 − σ(a)', () => {
    expect(sigmoid(0)).toBe(0.5);
    for (const a of [0.3, 1, 2.5, 7]) expect(sigmoid(-a)).toBeCloseTo(1 - sigmoid(a), 15);
  });

  it('saturates to 0 and 1 without NaN for large inputs', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
  });
});
