/**
 * The site's Content-Security-Policy, which Astro writes into every page as a
 * <meta http-equiv="content-security-policy"> (astro.config.mjs, `security.csp`). Astro hashes the
 * scripts and styles that it bundles or inlines itself. Starlight's `is:inline` scripts (the theme,
 * set before the first paint; the sidebar's scroll position; the search shortcut's label) pass
 * through untouched, so their hashes are computed here from Starlight's own components, whose
 * script text Astro copies into the page verbatim. No 'unsafe-eval', and no inline script that is
 * not one of those.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The directives beyond script-src and style-src, which Astro writes itself. */
export const directives = [
  "default-src 'self'",
  // Starlight's CSS draws some icons as data: SVGs, and KaTeX's embeds a font.
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/** The text of every `<script is:inline>` in these .astro sources. */
export function inlineScripts(sources: readonly string[]): string[] {
  return sources.flatMap((source) => [...source.matchAll(/<script\s+is:inline\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]));
}

/** The CSP source expression of a script's text, e.g. "sha256-…". */
export function sha256(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** Starlight's component sources (components/ and user-components/). */
function starlightSources(): string[] {
  const require = createRequire(import.meta.url);
  const components = dirname(require.resolve('@astrojs/starlight/components/ThemeProvider.astro'));
  return [components, join(components, '../user-components')].flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => file.endsWith('.astro'))
      .map((file) => readFileSync(join(dir, file), 'utf8')),
  );
}

export function contentSecurityPolicy() {
  return {
    directives: [...directives],
    scriptDirective: {
      resources: ["'self'"],
      hashes: [...new Set(inlineScripts(starlightSources()).map(sha256))],
    },
    styleDirective: {
      // KaTeX and Shiki colour and size their output with style attributes; style elements and
      // sheets must still be ours.
      resources: [
        { resource: "'self'", kind: 'element' as const },
        { resource: "'unsafe-inline'", kind: 'attribute' as const },
      ],
    },
  };
}
