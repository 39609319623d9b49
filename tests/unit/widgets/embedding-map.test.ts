import { describe, expect, it } from 'vitest';
import { bounds } from '../../../src/widgets/embedding-map.ts';

describe('bounds', () => {
  it('spans the points, skipping the NaN pairs that stand for the special tokens', () => {
    expect(bounds(Float64Array.of(NaN, NaN, 1, -2, 3, 5, -1, 0))).toEqual([-1, 3, -2, 5]);
  });
});
