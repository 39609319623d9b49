import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random.ts';
import { TopKRandomState } from '../../../lib/core/top-k.ts';

const p = [0.1, 0.4, 0.05, 0.3, 0.15];
const draws = (rng: RandomState, q: number[], n = 200) => Array.from({ length: n }, () => rng.choice(q));

describe('TopKRandomState', () => {
  it('draws as choice does from the k most probable tokens renormalised, the others at zero', () => {
    const kept = [0, 0.4 / 0.7, 0, 0.3 / 0.7, 0]; // k = 2, by hand
    expect(draws(new TopKRandomState(5, 2), p)).toEqual(draws(new RandomState(5), kept));
  });

  it('with k = 1 always draws the most probable token, the lower index of a tie', () => {
    expect(new Set(draws(new TopKRandomState(5, 1), p))).toEqual(new Set([1]));
    expect(new Set(draws(new TopKRandomState(5, 1), [0.3, 0.1, 0.3, 0.3]))).toEqual(new Set([0]));
  });

  it('with k at least the number of tokens draws as plain choice', () => {
    expect(draws(new TopKRandomState(9, 5), p)).toEqual(draws(new RandomState(9), p));
  });

  it('with k = 0 draws as plain choice, and takes a new k mid-run', () => {
    expect(draws(new TopKRandomState(9, 0), p)).toEqual(draws(new RandomState(9), p));
    const rng = new TopKRandomState(5, 0);
    rng.setK(1);
    expect(new Set(draws(rng, p))).toEqual(new Set([1]));
  });

  it('refuses a k that is negative or fractional, with the range', () => {
    expect(() => new TopKRandomState(1, -1)).toThrow('top-k must be an integer in 0..65536, got -1');
    expect(() => new TopKRandomState(1, 2.5)).toThrow('top-k must be an integer in 0..65536, got 2.5');
  });
});
