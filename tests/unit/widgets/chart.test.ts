import { describe, expect, it } from 'vitest';
import { alignSeries, decadeTicks, linearTicks, niceRange, niceStep, powerOfTen } from '../../../src/widgets/chart.ts';

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

describe('niceStep', () => {
  it.each([
    [10, 5, 2],
    [1, 4, 0.5],
    [2000, 5, 500],
    [7, 7, 1],
    [0.03, 3, 0.01],
  ])('spaces %s across about %s ticks by %s (1, 2 or 5 times a power of ten)', (span, count, step) => {
    expect(niceStep(span, count)).toBeCloseTo(step, 12);
  });
});

describe('linearTicks', () => {
  it('keeps the ends and puts ticks at multiples of the step inside them', () => {
    const axis = linearTicks(1, 2000, 4);
    expect([axis.min, axis.max]).toEqual([1, 2000]);
    expect(axis.ticks).toEqual([500, 1000, 1500, 2000]);
    expect(axis.label(1500)).toBe('1,500');
  });

  it('writes as many decimals as the step needs, and no rounding noise', () => {
    const axis = linearTicks(0.1, 0.7, 3);
    expect(axis.ticks).toEqual([0.2, 0.4, 0.6]);
    expect(axis.ticks.map(axis.label)).toEqual(['0.2', '0.4', '0.6']);
  });
});

describe('niceRange', () => {
  it('widens the ends to whole steps around the data', () => {
    const axis = niceRange(1.37, 4.12, 6);
    expect([axis.min, axis.max]).toEqual([1, 4.5]);
    expect(axis.ticks).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
  });

  it('gives a flat line a range around it', () => {
    const axis = niceRange(3, 3, 4);
    expect(axis.min).toBeLessThan(3);
    expect(axis.max).toBeGreaterThan(3);
  });
});

describe('decadeTicks', () => {
  it('ticks every decade over a few decades', () => {
    expect(decadeTicks(-2.3, 0.4, 6).ticks).toEqual([-3, -2, -1, 0, 1]);
  });

  it('ticks every 10 decades down to a vanished gradient of 1e-48', () => {
    const axis = decadeTicks(-47.6, 0.2, 6);
    expect(axis.ticks).toEqual([-50, -40, -30, -20, -10, 0, 10]);
    expect(axis.label(-50)).toBe('10⁻⁵⁰');
  });
});
