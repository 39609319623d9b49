import { describe, expect, it } from 'vitest';
import { splitRegion } from '../../../src/listings/regions.ts';

const source = [
  "import { a } from './a.ts';",
  'export function f(x: number): number {',
  '  // #region body',
  '  const y = a(x);',
  '  if (y > 0) {',
  '    return y;',
  '  }',
  '  // #endregion body',
  '  // #region tail',
  '  return 0;',
  '  // #endregion tail',
  '}',
].join('\n');

describe('splitRegion', () => {
  it('returns the region body dedented to column 0', () => {
    expect(splitRegion(source, 'body').body).toBe('const y = a(x);\nif (y > 0) {\n  return y;\n}');
  });

  it('keeps the code around the region as context, without any region markers', () => {
    const { before, after } = splitRegion(source, 'body');
    expect(before).toBe("import { a } from './a.ts';\nexport function f(x: number): number {");
    expect(after).toBe('  return 0;\n}');
  });

  it('fails on a region that does not exist', () => {
    expect(() => splitRegion(source, 'trian')).toThrow('region "trian" not found');
  });

  it('fails on a region that is opened but never closed', () => {
    expect(() => splitRegion('// #region open\nx;\n', 'open')).toThrow('not closed');
  });

  it('does not mistake a region whose name starts with another name for it', () => {
    expect(() => splitRegion('// #region bodyguard\nx;\n// #endregion bodyguard\n', 'body')).toThrow('not found');
  });
});
