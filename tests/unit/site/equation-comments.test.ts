import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEquationIndex } from '../../../src/markdown/equation-index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const numbers = new Set([...loadEquationIndex(join(root, 'content')).values()].map((eq) => eq.number));
const libFiles = readdirSync(join(root, 'lib'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('equation numbers in lib/ comments', () => {
  it.each(libFiles)('every "// (c.k)" in lib/%s names an equation that the chapters number', (file) => {
    const source = readFileSync(join(root, 'lib', file), 'utf8');
    const cited = [...source.matchAll(/\/\/.*?\((\d+\.\d+)\)/g)].map((m) => m[1]!);
    expect(cited.filter((n) => !numbers.has(n))).toEqual([]);
  });

  it.each(libFiles)('lib/%s has no placeholder equation comments left', (file) => {
    expect(readFileSync(join(root, 'lib', file), 'utf8')).not.toMatch(/\/\/.*\(R\d+\)/);
  });
});
