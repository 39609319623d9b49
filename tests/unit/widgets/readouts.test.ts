import { describe, expect, it } from 'vitest';
import { formatReadout, liveText, statusText } from '../../../src/widgets/readouts.ts';

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
    expect(liveText('paused', readout, 'token')).toBe('Stopped at step 12,345, pass 1: smoothed loss 3.142 nats per token.');
  });
});

describe('statusText', () => {
  it('makes the worker\'s message a sentence before offering Reset', () => {
    expect(statusText('diverged', 51, 'training diverged at step 51: the loss is NaN; try a lower learning rate')).toBe(
      'Training diverged at step 51: the loss is NaN; try a lower learning rate. Reset to start again.',
    );
    expect(statusText('error', 0, 'unknown model "x"')).toBe('Error: Unknown model "x". Reset to start again.');
  });

  it('adds no second full stop to a message that has one', () => {
    expect(statusText('error', 0, 'The worker stopped.')).toBe('Error: The worker stopped. Reset to start again.');
  });
});
