import { type EquationRef, indexChapter, pageOf } from '../markdown/equation-index.ts';

const chapters = import.meta.glob<string>('../../content/**/*.mdx', { query: '?raw', import: 'default', eager: true });

/** The equation index of the whole site, built from the chapters Vite bundles. */
export function equationIndex(): Map<string, EquationRef> {
  const index = new Map<string, EquationRef>();
  for (const path of Object.keys(chapters).sort()) {
    indexChapter(chapters[path]!, pageOf(path.replace(/^(\.\.\/)+content\//, '')), index);
  }
  return index;
}
