/**
 * The alignment heatmap of an attention model's answer: one row per output token (its <EOS> too),
 * one column per source token, cell (t, j) shaded by α_tj, the weight step t gave source position j.
 * The gate heatmap's colours and 0..1 scale (scale.ts, src/styles/heatmap.css), as an HTML table:
 * every row and column is labelled, and each cell holds its value as text for screen readers, so the
 * table is its own text alternative. Text only through textContent: the source is the reader's.
 */
import { formatNumber, intensity } from './scale.ts';

/** How much of the full colour a weight gets, as a color-mix percentage: 0 for 0 (or not finite), 100 for 1. */
export function shadePercent(alpha: number): number {
  return Math.round(100 * intensity(alpha, { diverging: false, max: 1 }));
}

/** A cell's words: "2 → november: 0.93", the output token, the source token it weighs, and the weight. */
export function alignmentCellText(output: string, source: string, alpha: number): string {
  return `${output} → ${source}: ${formatNumber(alpha, 2)}`;
}

export interface AlignmentView {
  update(source: readonly string[], output: readonly string[], alignment: readonly ArrayLike<number>[]): void;
  clear(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}

export function createAlignment(container: HTMLElement): AlignmentView {
  const legend = el('p', 'hm-legend');
  legend.append(el('span', '', '0'), el('span', 'hm-bar'), el('span', '', '1'));
  legend.hidden = true;
  const table = el('table');
  container.replaceChildren(legend, table);
  return {
    update(source, output, alignment) {
      const caption = el('caption', 'sr-only', 'Attention weights: one row per output token, one column per source token');
      const head = el('thead');
      const top = head.insertRow();
      top.append(el('td'));
      for (const token of source) {
        const th = el('th', '', token);
        th.scope = 'col';
        top.append(th);
      }
      const body = el('tbody');
      output.forEach((token, t) => {
        const tr = body.insertRow();
        const th = el('th', '', token);
        th.scope = 'row';
        tr.append(th);
        source.forEach((from, j) => {
          const alpha = alignment[t][j];
          const td = el('td');
          td.append(el('span', 'sr-only', formatNumber(alpha, 2)));
          td.title = alignmentCellText(token, from, alpha);
          // CSSOM, not a style attribute: allowed by the page's Content-Security-Policy.
          td.style.backgroundColor = `color-mix(in srgb, var(--hm-pos) ${shadePercent(alpha)}%, var(--hm-zero))`;
          tr.append(td);
        });
      });
      table.replaceChildren(caption, head, body);
      legend.hidden = false;
    },
    clear() {
      table.replaceChildren();
      legend.hidden = true;
    },
  };
}
