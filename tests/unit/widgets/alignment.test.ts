import { describe, expect, it } from 'vitest';
import { alignmentCellText, shadePercent } from '../../../src/widgets/alignment.ts';

describe('shadePercent', () => {
  it('gives no colour to a weight of 0, the full colour to 1 and half to 0.5', () => {
    expect([0, 0.5, 1].map(shadePercent)).toEqual([0, 50, 100]);
  });

  it('gives no colour to a weight that is not finite', () => {
    expect(shadePercent(NaN)).toBe(0);
  });
});

describe('alignmentCellText', () => {
  it('names the output token, the source token and the weight to two decimals', () => {
    expect(alignmentCellText('2', 'november', 0.934)).toBe('2 → november: 0.93');
  });
});
