import { describe, expect, it } from 'vitest';
import { LossSeries, MAX_POINTS } from '../../../src/widgets/loss-series.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LossSeries', () => {
  it('keeps every step until it is full', () => {
    const series = new LossSeries();
    const steps = range(1, MAX_POINTS);
    series.append(steps, steps.map((s) => 2 * s), steps.map((s) => 3 * s));
    expect(series.steps).toEqual(steps);
    expect(series.losses[9]).toBe(20);
    expect(series.smoothLosses[9]).toBe(30);
  });

  it('halves to the even steps when it overflows, and keeps only even steps after', () => {
    const series = new LossSeries();
    const steps = range(1, MAX_POINTS + 3);
    series.append(steps, steps, steps);
    expect(series.stride).toBe(2);
    expect(series.steps.slice(0, 3)).toEqual([2, 4, 6]);
    expect(series.steps.at(-1)).toBe(MAX_POINTS + 2);
    expect(series.steps.every((s, i) => s === series.losses[i] && s === series.smoothLosses[i])).toBe(true);
    expect(series.steps.length).toBeLessThanOrEqual(MAX_POINTS);
  });

  it('never holds more than MAX_POINTS, evenly spaced, over a long run', () => {
    const series = new LossSeries();
    for (let start = 1; start <= 100_000; start += 250) {
      const steps = range(start, start + 249);
      series.append(steps, steps, steps);
    }
    expect(series.steps.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(series.steps.length).toBeGreaterThan(MAX_POINTS / 2);
    const gaps = new Set(series.steps.slice(1).map((s, i) => s - series.steps[i]));
    expect(gaps).toEqual(new Set([series.stride]));
  });

  it('starts over at stride 1 when cleared', () => {
    const series = new LossSeries();
    const steps = range(1, MAX_POINTS + 1);
    series.append(steps, steps, steps);
    series.clear();
    series.append([1], [5], [6]);
    expect({ steps: series.steps, stride: series.stride }).toEqual({ steps: [1], stride: 1 });
  });
});
