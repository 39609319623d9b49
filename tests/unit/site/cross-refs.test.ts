import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root } from 'mdast';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { remarkCrossRefs } from '../../../src/markdown/cross-refs.ts';

const dir = mkdtempSync(join(tmpdir(), 'xref-'));
mkdirSync(join(dir, 'phase-1'));
writeFileSync(join(dir, 'one.mdx'), '---\nchapter: 1\n---\n$$\nx \\label{eq-one}\n$$\n');
writeFileSync(join(dir, 'phase-1', 'two.mdx'), '---\nchapter: 2\n---\n$$\ny \\label{eq-two}\n$$\n');

const text = (value: string) => ({ type: 'text', value });
const page = (children: unknown[]) => ({ type: 'root', children }) as Root;
function run(tree: Root, file = join(dir, 'phase-1', 'two.mdx')) {
  remarkCrossRefs({ contentDir: dir })(tree, new VFile({ path: file }));
  return tree as unknown as { children: { type: string; children?: unknown[]; value?: string; data?: unknown }[] };
}

describe('remarkCrossRefs', () => {
  it('links an equation on the same page by its anchor and number', () => {
    const tree = run(page([{ type: 'paragraph', children: [text('see [@eq-two].')] }]));
    expect(tree.children[0]!.children).toEqual([
      text('see '),
      { type: 'link', url: '#eq-two', children: [text('(2.1)')] },
      text('.'),
    ]);
  });

  it('links an equation on another page by its page and anchor', () => {
    const tree = run(page([{ type: 'paragraph', children: [text('[@eq-one; @eq-two]')] }]));
    expect(tree.children[0]!.children).toEqual([
      { type: 'link', url: '/one/#eq-one', children: [text('(1.1)')] },
      text(', '),
      { type: 'link', url: '#eq-two', children: [text('(2.1)')] },
    ]);
  });

  it('turns a citation into a parenthesised link to the references page', () => {
    const tree = run(page([{ type: 'paragraph', children: [text('[@elman1990; @kingma2015]')] }]));
    expect(tree.children[0]!.children).toEqual([
      text('('),
      { type: 'link', url: '/references/#ref-elman1990', children: [text('Elman, 1990')] },
      text('; '),
      { type: 'link', url: '/references/#ref-kingma2015', children: [text('Kingma & Ba, 2015')] },
      text(')'),
    ]);
  });

  it('tags a labelled display equation with its number and wraps it in an anchor', () => {
    const code = { type: 'element', tagName: 'code', children: [text('y \\label{eq-two}')] };
    const tree = run(page([{ type: 'math', value: 'y \\label{eq-two}', data: { hName: 'pre', hChildren: [code] } }]));
    const wrapper = tree.children[0]!;
    expect(wrapper.data).toEqual({ hName: 'div', hProperties: { id: 'eq-two', className: ['equation'] } });
    const math = wrapper.children![0] as { value: string };
    expect(math.value).toBe('y \\tag{2.1}');
    expect(code.children[0]!.value).toBe('y \\tag{2.1}');
  });

  it('fails the build on an unknown equation or citation', () => {
    expect(() => run(page([{ type: 'paragraph', children: [text('[@eq-nope]')] }]))).toThrow('unknown equation [@eq-nope]');
    expect(() => run(page([{ type: 'paragraph', children: [text('[@nobody2020]')] }]))).toThrow('unknown citation');
  });
});
