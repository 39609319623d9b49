import { describe, expect, it } from 'vitest';
import { type FormValues, MAX_TEXT_CHARS, checkText, fieldsFor, parseSettings } from '../../../src/widgets/settings.ts';

const valid: FormValues = { hidden: '64', seqLen: '25', lr: '0.003', seed: '42', clipMax: '5', temperature: '1', clipMode: 'norm', recurrentGain: '' };

describe('parseSettings', () => {
  it('reads a recurrent gain from the list as a number, and the empty choice as the default', () => {
    const parsed = parseSettings({ ...valid, recurrentGain: '1.5' });
    expect(parsed.ok && parsed.settings.recurrentGain).toBe(1.5);
    expect(parseSettings(valid).ok && (parseSettings(valid) as { settings: { recurrentGain: unknown } }).settings.recurrentGain).toBe(null);
  });

  it('refuses a recurrent gain that is not one of the choices', () => {
    expect(parseSettings({ ...valid, recurrentGain: '7' })).toEqual({
      ok: false,
      errors: { recurrentGain: 'recurrent weights must be one of 0.01, 0.5, 1, 1.5 × 1/√H, or the default, got "7"' },
    });
  });

  it('turns the form text into settings', () => {
    expect(parseSettings({ ...valid, clipMode: 'value', lr: ' 1e-2 ' })).toEqual({
      ok: true,
      settings: { hidden: 64, seqLen: 25, lr: 0.01, seed: 42, clip: { mode: 'value', max: 5 }, temperature: 1, recurrentGain: null },
    });
  });

  it("reads a word model's embedding size, and leaves it out of a character model's settings", () => {
    const words = parseSettings({ ...valid, embedding: '32' });
    expect(words.ok && words.settings.embedding).toBe(32);
    const chars = parseSettings(valid);
    expect(chars.ok && 'embedding' in chars.settings).toBe(false);
  });

  it('refuses an embedding size of 0 or 1.5 with the range from limits.ts', () => {
    expect(parseSettings({ ...valid, embedding: '0' })).toEqual({ ok: false, errors: { embedding: 'embedding size must be an integer in 1..512, got 0' } });
    expect(parseSettings({ ...valid, embedding: '1.5' })).toEqual({ ok: false, errors: { embedding: 'embedding size must be an integer in 1..512, got 1.5' } });
  });

  it('refuses hidden size −3 with the range from limits.ts', () => {
    expect(parseSettings({ ...valid, hidden: '-3' })).toEqual({
      ok: false,
      errors: { hidden: 'hidden size must be an integer in 1..512, got -3' },
    });
  });

  it('refuses an empty field as "no number" rather than reading it as 0', () => {
    expect(parseSettings({ ...valid, seed: '' })).toEqual({
      ok: false,
      errors: { seed: `seed must be an integer in 0..${0xffffffff}, got no number` },
    });
  });

  it('reports every bad field at once', () => {
    const parsed = parseSettings({ ...valid, seqLen: '2.5', temperature: '0', clipMode: 'both' });
    expect(parsed.ok).toBe(false);
    expect(Object.keys(parsed.ok ? {} : parsed.errors).sort()).toEqual(['clipMode', 'seqLen', 'temperature']);
  });
});

describe('parseSettings of a sequence-to-sequence form', () => {
  const pair: FormValues = { hidden: '16', embedding: '8', lr: '0.01', seed: '42', clipMax: '5', clipMode: 'norm', teacherForcing: '0.5' };

  it('reads the teacher-forcing ratio, with no sequence length, temperature or recurrent gain to read', () => {
    expect(parseSettings(pair)).toEqual({
      ok: true,
      settings: { hidden: 16, embedding: 8, lr: 0.01, seed: 42, clip: { mode: 'norm', max: 5 }, recurrentGain: null, teacherForcing: 0.5 },
    });
  });

  it('refuses a teacher-forcing ratio of 1.5 or none with the range from limits.ts', () => {
    expect(parseSettings({ ...pair, teacherForcing: '1.5' })).toEqual({ ok: false, errors: { teacherForcing: 'teacher-forcing ratio must be a number in 0..1, got 1.5' } });
    expect(parseSettings({ ...pair, teacherForcing: '' })).toEqual({ ok: false, errors: { teacherForcing: 'teacher-forcing ratio must be a number in 0..1, got no number' } });
  });

  it('gives a sequence-to-sequence widget hidden and embedding sizes, rate, seed, clipping and teacher forcing, and no language-model field', () => {
    expect(fieldsFor('pair').map((f) => f.name)).toEqual(['hidden', 'embedding', 'lr', 'seed', 'clipMax', 'teacherForcing']);
    expect(fieldsFor('char').map((f) => f.name)).toEqual(['hidden', 'seqLen', 'lr', 'seed', 'clipMax', 'temperature']);
  });
});

describe('checkText', () => {
  it('accepts a text of exactly one window plus its last target', () => {
    expect(checkText('x'.repeat(26), 25)).toBeNull();
  });

  it('refuses an empty text, naming the allowed lengths', () => {
    expect(checkText('', 25)).toBe('Your text is empty; paste 26 to 200,000 characters.');
  });

  it('refuses a text shorter than one window', () => {
    expect(checkText('abc', 25)).toBe('Your text has 3 characters; sequence length 25 needs 26 to 200,000 characters.');
  });

  it('says "1 character", not "1 characters"', () => {
    expect(checkText('a', 25)).toBe('Your text has 1 character; sequence length 25 needs 26 to 200,000 characters.');
  });

  it('refuses a lone surrogate, naming where it is, while whole surrogate pairs pass', () => {
    const broken = `${'a'.repeat(30)}\ud83d${'b'.repeat(30)}`;
    expect(checkText(broken, 25)).toBe(
      'Your text has a broken character at character 31: half of a UTF-16 surrogate pair (U+D83D), not a character on its own; remove it or copy the text again.',
    );
    expect(checkText(`${'🐦'.repeat(20)}\udc26${'a'.repeat(20)}`, 25)).toMatch(/at character 21: .*\(U\+DC26\)/);
    expect(checkText('🐦'.repeat(30), 25)).toBeNull();
  });

  it('counts characters as code points, as the tokeniser does', () => {
    expect(checkText('🐦'.repeat(26), 25)).toBeNull(); // 52 UTF-16 units, 26 characters
    expect(checkText('🐦'.repeat(25), 25)).toMatch(/^Your text has 25 characters/);
  });

  it('refuses a text over the cap', () => {
    expect(checkText('a'.repeat(MAX_TEXT_CHARS), 25)).toBeNull();
    expect(checkText('a'.repeat(MAX_TEXT_CHARS + 1), 25)).toBe('Your text has 200,001 characters, over the limit of 200,000.');
    expect(checkText('a'.repeat(3 * MAX_TEXT_CHARS), 25)).toBe('Your text is longer than 200,000 characters, the limit.');
  });
});
