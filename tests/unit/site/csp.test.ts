import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScripts, sha256 } from '../../../src/csp.ts';

describe('sha256', () => {
  it('gives the CSP source of the FIPS 180-2 test vectors "" and "abc"', () => {
    expect(sha256('')).toBe('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(sha256('abc')).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });
});

describe('inlineScripts', () => {
  it('takes the text of each is:inline script verbatim, and leaves the scripts Astro bundles', () => {
    const source = [
      '<script is:inline>\n\tlet a = 1;\n</script>',
      '<script>import x from "./x.ts";</script>',
      '<script is:inline aria-hidden="true">b()</script>',
    ].join('\n');
    expect(inlineScripts([source])).toEqual(['\n\tlet a = 1;\n', 'b()']);
  });
});

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy();

  it('allows scripts from the site itself and by hash only: no unsafe-eval, no unsafe-inline', () => {
    expect(policy.scriptDirective.resources).toEqual(["'self'"]);
    expect(policy.scriptDirective.hashes.every((h) => h.startsWith('sha256-'))).toBe(true);
    expect(JSON.stringify(policy)).not.toMatch(/unsafe-eval/);
  });

  it("hashes Starlight's theme script, which runs before the first paint", () => {
    const theme = inlineScripts([policyFixture()]).map(sha256);
    expect(policy.scriptDirective.hashes).toEqual(expect.arrayContaining(theme));
  });

  it('keeps objects out and the base URL and forms on the site', () => {
    expect(policy.directives).toEqual(expect.arrayContaining(["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]));
  });
});

/** Starlight's ThemeProvider component, as installed. */
function policyFixture(): string {
  return readFileSync(fileURLToPath(import.meta.resolve('@astrojs/starlight/components/ThemeProvider.astro')), 'utf8');
}
