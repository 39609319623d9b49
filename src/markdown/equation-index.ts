import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Where a labelled equation lives and the number it is shown with. */
export interface EquationRef {
  /** "2.3": equation 3 of chapter 2. */
  readonly number: string;
  /** The page's URL path, e.g. "/phase-1/rnn/". */
  readonly page: string;
  /** The id of the equation's element on that page: its label, e.g. "eq-rnn-state". */
  readonly id: string;
}

export const labelPattern = /\\label\{(eq-[\w-]+)\}/;

/** The URL path of a content file given its path relative to the content folder. */
export function pageOf(relativePath: string): string {
  const slug = relativePath
    .split(sep)
    .join('/')
    .replace(/\.mdx?$/, '')
    .replace(/(^|\/)index$/, '');
  return slug ? `/${slug}/` : '/';
}

/**
 * Number the labelled display equations of one chapter in reading order. A display
 * `$$ … \label{eq-name} … $$` in a chapter with `chapter: 2` in its frontmatter becomes (2.k).
 */
export function indexChapter(source: string, page: string, into: Map<string, EquationRef>): void {
  const chapter = /^chapter:\s*(\d+)\s*$/m.exec(source)?.[1];
  let k = 0;
  for (const block of source.matchAll(/\$\$([\s\S]*?)\$\$/g)) {
    const label = labelPattern.exec(block[1] ?? '')?.[1];
    if (!label) continue;
    if (!chapter) throw new Error(`${page}: equation ${label} is labelled but the page has no "chapter:" number`);
    if (into.has(label)) throw new Error(`${page}: equation label ${label} is already used on ${into.get(label)?.page}`);
    k += 1;
    into.set(label, { number: `${chapter}.${k}`, page, id: label });
  }
}

/** Scan every chapter under `contentDir` and number its labelled equations. */
export function loadEquationIndex(contentDir: string): Map<string, EquationRef> {
  const index = new Map<string, EquationRef>();
  const files = readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f))
    .sort();
  for (const file of files) {
    indexChapter(readFileSync(join(contentDir, file), 'utf8'), pageOf(relative(contentDir, join(contentDir, file))), index);
  }
  return index;
}

