import { describe, expect, it } from 'vitest';
import { formatReadout, liveText } from '../../../src/widgets/readouts.ts';

const readout = { step: 12345, pass: 0, loss: 2.71828, smoothLoss: 3.14159, gradNorm: 0.012345, stepsPerSecond: 1234.6 };

describe('formatReadout', () => {
  it('groups the step, counts passes from 1 and rounds the losses to 3 decimals', () => {
    expect(formatReadout(readout)).toEqual({
      step: '12,345',
      pass: '1',
      loss: '2.718',
      smoothLoss: '3.142',
      gradNorm: '0.0123',
      stepsPerSecond: '1,235',
    });
  });
});

describe('liveText', () => {
  it('says the step, the pass and the smoothed loss in one sentence', () => {
    expect(liveText('training', readout)).toBe('Training at step 12,345, pass 1: smoothed loss 3.142 nats per character.');
  });
});
