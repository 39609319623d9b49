import { describe, expect, it } from 'vitest';
import { type EquationRef, indexChapter, pageOf } from '../../../src/markdown/equation-index.ts';

const chapter = (n: number, body: string) => `---\ntitle: T\nchapter: ${n}\n---\n\n${body}`;

describe('equation index', () => {
  it('numbers labelled display equations by chapter in reading order, skipping unlabelled ones', () => {
    const index = new Map<string, EquationRef>();
    indexChapter(chapter(2, '$$\na \\label{eq-a}\n$$\n\n$$\nb\n$$\n\n$$\nc \\label{eq-c}\n$$'), '/phase-1/rnn/', index);
    expect(index.get('eq-a')).toEqual({ number: '2.1', page: '/phase-1/rnn/', id: 'eq-a' });
    expect(index.get('eq-c')?.number).toBe('2.2');
    expect(index.size).toBe(2);
  });

  it('refuses a label used twice', () => {
    const index = new Map<string, EquationRef>();
    indexChapter(chapter(1, '$$ a \\label{eq-a} $$'), '/one/', index);
    expect(() => indexChapter(chapter(2, '$$ b \\label{eq-a} $$'), '/two/', index)).toThrow('already used on /one/');
  });

  it('refuses labels on a page without a chapter number', () => {
    expect(() => indexChapter('---\ntitle: T\n---\n$$ a \\label{eq-a} $$', '/x/', new Map())).toThrow('no "chapter:"');
  });

  it('maps content paths to page URLs', () => {
    expect(pageOf('phase-1/rnn.mdx')).toBe('/phase-1/rnn/');
    expect(pageOf('index.mdx')).toBe('/');
    expect(pageOf('foundations/index.mdx')).toBe('/foundations/');
  });
});
