import { createHighlighter } from 'shiki';
import { rendererRich, transformerTwoslash } from '@shikijs/twoslash';
import { splitRegion } from './regions.ts';

/** Every lib/ file as text, keyed `lib/…`: listings show the tested code itself, never a copy. */
const libFiles: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../lib/**/*.ts', { query: '?raw', import: 'default', eager: true }),
  ).map(([path, source]) => [path.replace(/^(\.\.\/)+/, ''), source]),
);

// GitHub's "default" themes: every token colour has a contrast of at least 4.5:1 with the background
// (the older github-light and github-dark have parameters and comments at 3.0–3.5).
const themes = { light: 'github-light-default', dark: 'github-dark-default' } as const;
// Created once: the transformer keeps a TypeScript language service that costs seconds to start.
const highlighter = await createHighlighter({ themes: Object.values(themes), langs: ['ts'] });
const twoslash = transformerTwoslash({
  renderer: rendererRich(),
  throws: true,
  twoslashOptions: {
    extraFiles: libFiles,
    compilerOptions: {
      strict: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      verbatimModuleSyntax: true,
      target: 99 /* ESNext */,
      module: 99 /* ESNext */,
      moduleResolution: 100 /* Bundler */,
    },
  },
});

/** The source of a lib file; an unknown file is an error. */
export function libSource(file: string): string {
  const source = libFiles[file];
  if (source === undefined) throw new Error(`listing: no lib file "${file}"`);
  return source;
}

/**
 * Highlight one region of a lib file with type information on hover. The whole file is the
 * type context (twoslash sees it, with every other lib file for its imports); only the region
 * is shown. A missing or empty region, or code that does not type-check, throws an error that
 * names the listing (`lib/….ts#region`), failing the build rather than rendering an empty block.
 * `source` defaults to the file's text; tests pass their own.
 */
export function highlightRegion(file: string, region: string, source = libSource(file)): string {
  try {
    const { before, body, after } = splitRegion(source, region);
    if (body.trim() === '') throw new Error(`region "${region}" has no code`);
    const code = `// @filename: ${file}\n${before}\n// ---cut---\n${body}\n// ---cut-after---\n${after}`;
    return highlighter
      .codeToHtml(code, { lang: 'ts', themes, defaultColor: false, transformers: [twoslash] })
      // Keep the hover popups out of the search index.
      .replaceAll('class="twoslash-popup-container', 'data-pagefind-ignore="all" class="twoslash-popup-container');
  } catch (error) {
    const message = error instanceof Error ? error.message.trim() : String(error);
    throw new Error(`listing ${file}#${region}: ${message}`, { cause: error });
  }
}
