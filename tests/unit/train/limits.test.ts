import { describe, expect, it } from 'vitest';
import { assertSetting, checkSetting, limits } from '../../../lib/train/limits.ts';

describe('checkSetting', () => {
  it('accepts the ends of a range', () => {
    expect(checkSetting('hidden', limits.hidden.min)).toBeNull();
    expect(checkSetting('hidden', limits.hidden.max)).toBeNull();
    expect(checkSetting('lr', limits.lr.max)).toBeNull();
  });

  it('names the setting, its range and the bad value', () => {
    expect(checkSetting('hidden', -3)).toBe('hidden size must be an integer in 1..512, got -3');
    expect(checkSetting('lr', 2)).toBe('learning rate must be a number in 0.000001..1, got 2');
  });

  it('refuses a fraction where an integer is needed', () => {
    expect(checkSetting('seqLen', 2.5)).toBe('sequence length must be an integer in 1..256, got 2.5');
  });

  it('refuses NaN and infinities', () => {
    expect(checkSetting('temperature', NaN)).not.toBeNull();
    expect(checkSetting('clip', Infinity)).not.toBeNull();
  });

  it('lets assertSetting throw the same message', () => {
    expect(() => assertSetting('hidden', 0)).toThrow('hidden size must be an integer in 1..512, got 0');
  });
});
