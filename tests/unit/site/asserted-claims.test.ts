import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A chapter backs each number it states with `{/* asserted by: tests/…test.ts › "test name" */}`.
// This keeps those pointers true: the file exists and still has a test of that name.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const claims = readdirSync(join(root, 'content'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .flatMap((chapter) =>
    [...readFileSync(join(root, 'content', chapter), 'utf8').matchAll(/asserted by: (\S+) › "([^"]+)"/g)].map(
      (m) => [chapter, m[1]!, m[2]!] as const,
    ),
  );

describe('claims in the chapters', () => {
  it('are backed by tests', () => {
    expect(claims.length).toBeGreaterThan(0);
  });

  it.each(claims)('%s cites a test that exists: %s › %s', (_chapter, file, name) => {
    expect(existsSync(join(root, file))).toBe(true);
    expect(readFileSync(join(root, file), 'utf8')).toContain(`'${name}'`);
  });
});
