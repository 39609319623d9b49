import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { bibliography, referenceHref } from '../bibliography.ts';
import { type EquationRef, labelPattern, loadEquationIndex, pageOf } from './equation-index.ts';

const defaultContentDir = fileURLToPath(new URL('../../content/', import.meta.url));

/**
 * `[@eq-rnn-state]`, `[@elman1990]`, or several keys: `[@eq-a; @eq-b]`. (No colons: Starlight's
 * remark-directive would read `:name` as a directive.)
 */
const refPattern = /\[@([\w-]+(?:;\s*@[\w-]+)*)\]/g;

interface Node {
  type: string;
  value?: string;
  url?: string;
  children?: Node[];
  data?: { hName?: string; hProperties?: Record<string, unknown> };
}

/** Replace one `[@…]` group by its link text and target. */
function resolve(keys: string[], index: Map<string, EquationRef>, page: string, where: string): Node[] {
  const links = keys.map((key): Node => {
    if (key.startsWith('eq-')) {
      const eq = index.get(key);
      if (!eq) throw new Error(`${where}: unknown equation [@${key}]`);
      const url = eq.page === page ? `#${eq.id}` : `${eq.page}#${eq.id}`;
      return { type: 'link', url, children: [{ type: 'text', value: `(${eq.number})` }] };
    }
    const ref = bibliography[key];
    if (!ref) throw new Error(`${where}: unknown citation [@${key}] (add it to src/bibliography.ts)`);
    return { type: 'link', url: referenceHref(key), children: [{ type: 'text', value: ref.short }] };
  });
  const out: Node[] = [];
  const cite = !keys[0]!.startsWith('eq-');
  if (cite) out.push({ type: 'text', value: '(' });
  links.forEach((link, i) => {
    if (i > 0) out.push({ type: 'text', value: cite ? '; ' : ', ' });
    out.push(link);
  });
  if (cite) out.push({ type: 'text', value: ')' });
  return out;
}

function splitText(node: Node, index: Map<string, EquationRef>, page: string, where: string): Node[] {
  const text = node.value ?? '';
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(refPattern)) {
    if (m.index > last) out.push({ type: 'text', value: text.slice(last, m.index) });
    const keys = m[1]!.split(';').map((k) => k.trim().replace(/^@/, ''));
    out.push(...resolve(keys, index, page, where));
    last = m.index + m[0].length;
  }
  if (last === 0) return [node];
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

/**
 * Equation numbers and citations for MDX chapters (KaTeX has no \label or \eqref).
 * A display equation with `\label{eq-name}` gets `\tag{c.k}` and an anchor `#eq-name`;
 * `[@eq-name]` in the text becomes a link "(c.k)", `[@key]` a citation linked to the References page.
 */
export function remarkCrossRefs({ contentDir = defaultContentDir }: { contentDir?: string } = {}) {
  return (tree: Root, file: VFile) => {
    const index = loadEquationIndex(contentDir);
    const page = pageOf(relative(contentDir, file.path));
    const walk = (parent: Node) => {
      const children = parent.children;
      if (!children) return;
      for (let i = 0; i < children.length; i++) {
        const node = children[i]!;
        if (node.type === 'math') {
          const label = labelPattern.exec(node.value ?? '')?.[1];
          if (!label) continue;
          const eq = index.get(label)!;
          const tagged = node.value!.replace(labelPattern, `\\tag{${eq.number}}`);
          node.value = tagged;
          // remark-math has already built the hast for this node: retag its text too.
          for (const code of (node.data as { hChildren?: Node[] } | undefined)?.hChildren ?? []) {
            for (const text of code.children ?? []) text.value = tagged;
          }
          children[i] = {
            type: 'equation',
            data: { hName: 'div', hProperties: { id: eq.id, className: ['equation'] } },
            children: [node],
          };
        } else if (node.type === 'text') {
          const parts = splitText(node, index, page, file.path);
          children.splice(i, 1, ...parts);
          i += parts.length - 1;
        } else {
          walk(node);
        }
      }
    };
    walk(tree as unknown as Node);
  };
}
