import { describe, expect, it } from 'vitest';
import { KEPT_SAMPLES, addSample } from '../../../src/widgets/samples.ts';

describe('addSample', () => {
  it('puts the newest first and keeps a handful', () => {
    let samples: { step: number; text: string }[] = [];
    for (let step = 1; step <= KEPT_SAMPLES + 2; step++) samples = addSample(samples, { step, text: `s${step}` });
    expect(samples.map((s) => s.step)).toEqual([7, 6, 5, 4, 3]);
  });
});
