import { describe, expect, it } from 'vitest';
import { highlightRegion } from '../../../src/listings/highlight.ts';

const file = 'lib/listing-fixture.ts';
const good = [
  "import { sizeOf } from './core/tensor.ts';",
  'export function cells(rows: number, cols: number): number {',
  '  // #region count',
  '  return sizeOf([rows, cols]);',
  '  // #endregion count',
  '}',
].join('\n');

describe('highlightRegion', () => {
  it('shows only the region, with the types of names imported from other lib files on hover', () => {
    const text = highlightRegion(file, 'count', good).replace(/<[^>]+>/g, '');
    expect(text).toContain('function sizeOf(shape: readonly number[]): number');
    expect(text).toContain('Number of elements of a tensor of this shape.');
    expect(text).not.toContain('export function cells');
  });

  it('keeps the hover popups out of the search index', () => {
    const html = highlightRegion(file, 'count', good);
    const popups = html.match(/class="twoslash-popup-container/g) ?? [];
    const ignored = html.match(/data-pagefind-ignore="all" class="twoslash-popup-container/g) ?? [];
    expect(popups.length).toBeGreaterThan(0);
    expect(ignored.length).toBe(popups.length);
  });

  it('fails on code that does not type-check, with an error naming the file and region, never rendering an empty listing', () => {
    const bad = good.replace('return sizeOf([rows, cols]);', "return sizeOf([rows, 'cols']);");
    expect(() => highlightRegion(file, 'count', bad)).toThrow(/^listing lib\/listing-fixture\.ts#count: [^]*\[2322\][^]*not assignable/);
  });

  it('fails on a type error outside the region too: the code the listing cuts away is checked as well', () => {
    const bad = `${good}\nexport const rows: string = 3;`;
    expect(() => highlightRegion(file, 'count', bad)).toThrow(/^listing lib\/listing-fixture\.ts#count: [^]*\[2322\]/);
  });

  it('fails on a region with no code rather than rendering an empty listing', () => {
    const empty = good.replace('  return sizeOf([rows, cols]);\n', '');
    expect(() => highlightRegion(file, 'count', empty)).toThrow('listing lib/listing-fixture.ts#count: region "count" has no code');
  });

  it('fails on a region that does not exist, naming the listing', () => {
    expect(() => highlightRegion(file, 'cuont', good)).toThrow('listing lib/listing-fixture.ts#cuont: region "cuont" not found');
  });

  it('fails on a lib file that does not exist', () => {
    expect(() => highlightRegion('lib/nope.ts', 'count')).toThrow('no lib file "lib/nope.ts"');
  });
});
