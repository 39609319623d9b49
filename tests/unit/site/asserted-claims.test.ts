import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A chapter backs each number it states with `{/* asserted by: tests/…test.ts › "test name" */}`
// (single quotes work too). This keeps those pointers true: each one can be read, the file exists,
// and it still has a test of that name.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const pointers = readdirSync(join(root, 'content'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .flatMap((chapter) =>
    [...readFileSync(join(root, 'content', chapter), 'utf8').matchAll(/asserted by:(.*?)\*\/\}/g)].map(
      (m) => [chapter, m[1]!.trim()] as const,
    ),
  );
const claims = pointers.flatMap(([chapter, pointer]) => {
  const m = /^(\S+) › (["'])(.+)\2$/.exec(pointer);
  return m ? [[chapter, m[1]!, m[3]!] as const] : [];
});

/** The ways a test file can spell a test's name as a string literal. */
const spellings = (name: string) => [`'${name.replaceAll("'", "\\'")}'`, `'${name}'`, `"${name}"`, `\`${name}\``];

describe('claims in the chapters', () => {
  it('are backed by tests', () => {
    expect(claims.length).toBeGreaterThan(0);
  });

  it('are all written as file › "test name"', () => {
    const unreadable = pointers.filter(([, pointer]) => !/^(\S+) › (["'])(.+)\2$/.test(pointer));
    expect(unreadable).toEqual([]);
  });

  it.each(claims)('%s cites a test that exists: %s › %s', (_chapter, file, name) => {
    expect(existsSync(join(root, file))).toBe(true);
    const source = readFileSync(join(root, file), 'utf8');
    expect(spellings(name).some((s) => source.includes(s)), `no test named ${name}`).toBe(true);
  });
});
