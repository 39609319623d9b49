import { describe, expect, it } from 'vitest';
import { alignSeries, powerOfTen } from '../../../src/widgets/chart.ts';

describe('alignSeries', () => {
  it('puts series on the union of their x values, with null where a series has no point', () => {
    expect(alignSeries([{ x: [1, 3, 5], y: [10, 30, 50] }, { x: [2, 3], y: [0.2, 0.3] }])).toEqual([
      [1, 2, 3, 5],
      [10, null, 30, 50],
      [null, 0.2, 0.3, null],
    ]);
  });

  it('gives only an empty x column for no series', () => {
    expect(alignSeries([])).toEqual([[]]);
  });
});

describe('powerOfTen', () => {
  it.each([
    [0, '1'],
    [1, '10'],
    [2, '10²'],
    [-3, '10⁻³'],
    [-48, '10⁻⁴⁸'],
    [120, '10¹²⁰'],
  ])('labels the tick at log10 y = %i as %s', (k, label) => {
    expect(powerOfTen(k)).toBe(label);
  });
});
