/**
 * The gate heatmap: for each group of activations (LSTM f, i, o, c; GRU r, z; RNN h) a grid with
 * one column per character of a snippet and one row per hidden unit. Cells on a canvas, text in
 * HTML (textContent only: the characters are the reader's). Colours are CSS variables
 * (src/styles/heatmap.css), read when the heatmap is made and again when Starlight switches theme.
 */
import { onThemeChange } from './canvas.ts';
import { type Scale, formatNumber, intensity } from './scale.ts';

export { type Scale, formatNumber, intensity };

export interface Group {
  name: string;
  /** values[t][unit] for t = 0 .. steps − 1. */
  values: Float64Array[];
}

export interface Heatmap {
  /** Draw the groups; settles once every grid is in the page (new grids go in one per frame). */
  update(labels: string[], groups: Group[]): Promise<void>;
  clear(): void;
  destroy(): void;
}

export interface Cell {
  step: number;
  unit: number;
}


/** CSS pixels of a cell: one column per character, one row per hidden unit. */
export const CELL_W = 10;
export const CELL_H = 6;

/** The chapters' names for the symbols of each model's activations. */
export const defaultTitles: Record<string, string> = {
  f: 'forget gate',
  i: 'input gate',
  o: 'output gate',
  c: 'cell state',
  r: 'reset gate',
  z: 'update gate',
  h: 'hidden state',
};

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

const EMPTY = 'The activations appear here once there is a model to run.';

/** A character as the axis shows it: whitespace as a visible symbol. */
export function displayChar(ch: string): string {
  return VISIBLE[ch] ?? ch;
}


/** The scale of the first `units` units over the first `steps` steps; non-finite values are skipped. */
export function scaleOf(values: Float64Array[], steps: number, units: number): Scale {
  let lo = 0;
  let hi = 0;
  for (let t = 0; t < steps; t++) {
    for (let u = 0; u < units; u++) {
      const v = values[t][u];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
  }
  return lo >= 0 && hi <= 1 ? { diverging: false, max: 1 } : { diverging: true, max: Math.max(-lo, hi) };
}


/** The two ends of the legend. */
export function legendLabels(scale: Scale): [string, string] {
  return scale.diverging ? [formatNumber(-scale.max, 2), formatNumber(scale.max, 2)] : ['0', '1'];
}

/** The cell under a point given in CSS pixels from the canvas's top left corner, or null outside. */
export function cellAt(x: number, y: number, steps: number, units: number): Cell | null {
  const step = Math.floor(x / CELL_W);
  const unit = Math.floor(y / CELL_H);
  return step >= 0 && step < steps && unit >= 0 && unit < units ? { step, unit } : null;
}

/** The cell a key moves to (arrows, Home, End), kept inside the grid; null for any other key. */
export function moveCell(cell: Cell, key: string, steps: number, units: number): Cell | null {
  const clamp = (k: number, n: number) => Math.min(Math.max(k, 0), n - 1);
  const { step, unit } = cell;
  switch (key) {
    case 'ArrowLeft':
      return { step: clamp(step - 1, steps), unit };
    case 'ArrowRight':
      return { step: clamp(step + 1, steps), unit };
    case 'ArrowUp':
      return { step, unit: clamp(unit - 1, units) };
    case 'ArrowDown':
      return { step, unit: clamp(unit + 1, units) };
    case 'Home':
      return { step: 0, unit };
    case 'End':
      return { step: steps - 1, unit };
    default:
      return null;
  }
}

/** The heading of a group: "f (forget gate)". */
export function groupTitle(name: string, titles: Record<string, string>): string {
  return titles[name] ? `${name} (${titles[name]})` : name;
}

/** What the canvas shows, for its aria-label: "forget gate f: 32 of 512 units × 64 characters, mean 0.73". */
export function summaryText(
  name: string,
  titles: Record<string, string>,
  values: Float64Array[],
  steps: number,
  units: number,
  H: number,
): string {
  let sum = 0;
  let n = 0;
  for (let t = 0; t < steps; t++) {
    for (let u = 0; u < units; u++) {
      if (Number.isFinite(values[t][u])) {
        sum += values[t][u];
        n++;
      }
    }
  }
  const what = titles[name] ? `${titles[name]} ${name}` : name;
  const shown = units === H ? `${H}` : `${units} of ${H}`;
  const s = (n: number) => (n === 1 ? '' : 's');
  return `${what}: ${shown} unit${s(H)} × ${steps} character${s(steps)}, mean ${formatNumber(sum / n, 2)}`;
}

/** One cell in words, for the tooltip and for screen readers. Steps and units count from 1. */
export function cellText(title: string, cell: Cell, label: string, value: number): string {
  return `${title}, unit ${cell.unit + 1}, step ${cell.step + 1} ‘${displayChar(label)}’: ${formatNumber(value, 3)}`;
}

/** The line above the grids: what the axes are, how many units are shown, how to read a value. */
export function captionText(units: number, H: number, column = 'character'): string {
  const rows = units === H ? `one row per hidden unit (${H})` : `one row per hidden unit, the first ${units} of ${H}`;
  return `One column per ${column}, ${rows}. Hover a cell, or focus a grid and use the arrow keys, to read its value.`;
}

interface View {
  name: string;
  section: HTMLElement;
  title: HTMLElement;
  legend: HTMLElement;
  canvas: HTMLCanvasElement;
  cursor: HTMLElement;
  chars: HTMLElement;
  tip: HTMLElement;
  labels: string[];
  values: Float64Array[];
  steps: number;
  units: number;
  scale: Scale;
  /** The keyboard's cell. */
  cell: Cell;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  return element;
}

/**
 * Mount the heatmap in `container` (empty until the first update). `update` redraws from the
 * characters and the groups' values; an empty snippet or empty groups show a placeholder line.
 */
export function createHeatmap(
  container: HTMLElement,
  options: { maxUnits?: number; titles?: Record<string, string>; column?: string } = {},
): Heatmap {
  const { maxUnits = 32 } = options;
  if (!(Number.isInteger(maxUnits) && maxUnits >= 1)) {
    throw new Error(`heatmap maxUnits must be an integer ≥ 1, got ${maxUnits}`);
  }
  const titles = { ...defaultTitles, ...options.titles };
  const caption = el('p', 'hm-caption');
  const grids = el('div');
  const live = el('p', 'sr-only');
  live.setAttribute('aria-live', 'polite');
  container.classList.add('heatmap');
  container.replaceChildren(caption, grids, live);
  let views: View[] = [];

  // A colour as RGB: whatever CSS syntax the variable holds, a 1×1 canvas resolves it.
  const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgb = (css: string): [number, number, number] => {
    if (!probe) return [128, 128, 128];
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = css;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return [r, g, b];
  };

  // Read now, before any run, and again when the theme changes: reading computed style forces a
  // style pass, which at a run's first draw (after its new grids went in) took 28 ms.
  const readColors = () => {
    const style = getComputedStyle(container);
    const color = (name: string, fallback: string) => rgb(style.getPropertyValue(name).trim() || fallback);
    return { pos: color('--hm-pos', '#2f5fd0'), neg: color('--hm-neg', '#b8650a'), zero: color('--hm-zero', '#eee') };
  };
  let colors = readColors();

  // One canvas pixel per cell, scaled up by CSS without smoothing (heatmap.css): a few thousand
  // pixels to compute rather than a few hundred thousand, and no drawImage, which on a run's first
  // draw cost up to 20 ms and a style pass of the page.
  const draw = (v: View) => {
    const { canvas, steps, units } = v;
    if (canvas.width !== steps || canvas.height !== units) {
      canvas.width = steps;
      canvas.height = units;
      canvas.style.width = `${steps * CELL_W}px`;
      canvas.style.height = `${units * CELL_H}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx || steps === 0 || units === 0) return;
    const { pos, neg, zero } = colors;
    const image = ctx.createImageData(steps, units);
    const px = image.data;
    // Each cell is the zero colour overlaid with its end colour at opacity |intensity|.
    for (let u = 0, k = 0; u < units; u++) {
      for (let t = 0; t < steps; t++, k += 4) {
        const s = intensity(v.values[t][u], v.scale);
        const end = s > 0 ? pos : neg, a = Math.abs(s);
        px[k] = zero[0] + (end[0] - zero[0]) * a;
        px[k + 1] = zero[1] + (end[1] - zero[1]) * a;
        px[k + 2] = zero[2] + (end[2] - zero[2]) * a;
        px[k + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  };

  /** Outline `cell` and show its value beside it; null hides both. */
  const show = (v: View, cell: Cell | null) => {
    v.cursor.hidden = v.tip.hidden = !cell;
    if (!cell) return;
    v.cursor.style.left = `${cell.step * CELL_W}px`;
    v.cursor.style.top = `${cell.unit * CELL_H}px`;
    v.tip.textContent = cellText(groupTitle(v.name, titles), cell, v.labels[cell.step], v.values[cell.step][cell.unit]);
    // Above the cell, inside the group's box (the grid itself may be scrolled sideways).
    const c = v.canvas.getBoundingClientRect();
    const s = v.section.getBoundingClientRect();
    const x = c.left - s.left + (cell.step + 0.5) * CELL_W - v.tip.offsetWidth / 2;
    v.tip.style.left = `${Math.max(0, Math.min(x, s.width - v.tip.offsetWidth))}px`;
    v.tip.style.top = `${c.top - s.top + cell.unit * CELL_H - v.tip.offsetHeight - 4}px`;
  };

  const createView = (name: string): View => {
    const section = el('section', 'hm-group');
    const head = el('div', 'hm-head');
    const title = el('h4', 'hm-title');
    const legend = el('span', 'hm-legend');
    head.append(title, legend);
    const scroll = el('div', 'hm-scroll');
    const plot = el('div', 'hm-plot');
    const canvas = el('canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    const cursor = el('div', 'hm-cursor');
    cursor.style.width = `${CELL_W}px`;
    cursor.style.height = `${CELL_H}px`;
    const chars = el('div', 'hm-chars');
    chars.setAttribute('aria-hidden', 'true');
    plot.append(canvas, cursor, chars);
    scroll.append(plot);
    const tip = el('div', 'hm-tip');
    tip.setAttribute('aria-hidden', 'true');
    section.append(head, scroll, tip);
    const v: View = {
      name, section, title, legend, canvas, cursor, chars, tip,
      labels: [], values: [], steps: 0, units: 0, scale: { diverging: false, max: 1 }, cell: { step: 0, unit: 0 },
    };
    show(v, null);
    const hovered = (e: PointerEvent) => cellAt(e.offsetX, e.offsetY, v.steps, v.units);
    canvas.addEventListener('pointermove', (e) => show(v, hovered(e)));
    canvas.addEventListener('pointerleave', () => show(v, document.activeElement === canvas ? v.cell : null));
    // A click focuses the canvas: the keys then move on from the clicked cell.
    canvas.addEventListener('pointerdown', (e) => {
      v.cell = hovered(e) ?? v.cell;
    });
    canvas.addEventListener('focus', () => show(v, v.cell));
    canvas.addEventListener('blur', () => show(v, null));
    canvas.addEventListener('keydown', (e) => {
      const next = moveCell(v.cell, e.key, v.steps, v.units);
      if (!next) return;
      e.preventDefault();
      v.cell = next;
      show(v, next);
      live.textContent = v.tip.textContent;
    });
    return v;
  };

  // Text is written only where it changed: every DOM change costs a style and layout pass of the
  // (long) chapter, at every measure of a training run.
  const setText = (node: Node, text: string) => {
    if (node.textContent !== text) node.textContent = text;
  };

  const fill = (v: View, labels: string[], group: Group) => {
    const steps = Math.min(labels.length, group.values.length);
    const H = group.values[0].length;
    const units = Math.min(maxUnits, H);
    const sameLabels = steps === v.steps && labels.slice(0, steps).every((ch, t) => ch === v.labels[t]);
    Object.assign(v, { labels, values: group.values, steps, units, scale: scaleOf(group.values, steps, units) });
    v.cell = { step: Math.min(v.cell.step, steps - 1), unit: Math.min(v.cell.unit, units - 1) };
    draw(v); // before any text changes, while the page's style is clean
    setText(v.title, groupTitle(v.name, titles));
    if (v.legend.childElementCount === 0) v.legend.append(el('span'), el('span', 'hm-bar'), el('span'));
    const [lo, bar, hi] = v.legend.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    const [loText, hiText] = legendLabels(v.scale);
    setText(lo, loText);
    setText(hi, hiText);
    const kind = v.scale.diverging ? 'diverging' : 'sequential';
    if (bar.dataset.scale !== kind) bar.dataset.scale = kind;
    const summary = summaryText(v.name, titles, v.values, steps, units, H);
    if (v.canvas.getAttribute('aria-label') !== summary) v.canvas.setAttribute('aria-label', summary);
    if (!sameLabels) {
      v.chars.style.gridTemplateColumns = `repeat(${steps}, ${CELL_W}px)`;
      v.chars.replaceChildren(
        ...labels.slice(0, steps).map((ch) => {
          const shown = displayChar(ch);
          const span = el('span', shown === ch ? '' : 'hm-ws');
          span.textContent = shown;
          return span;
        }),
      );
    }
    if (document.activeElement === v.canvas) show(v, v.cell);
  };


  // The grids of the groups last given go in one per animation frame, the first at once, each filled
  // before it joins the page: making, styling and laying out all four of an LSTM's in one frame took
  // 55–80 ms at a run's first measure.
  let names: string[] = [];
  let latest: { labels: string[]; shown: Group[] } = { labels: [], shown: [] };
  const build = (wanted: string[], done: () => void) => {
    if (names !== wanted) return done(); // cleared or replaced meanwhile
    const v = createView(wanted[views.length]);
    fill(v, latest.labels, latest.shown[views.length]);
    grids.append(v.section);
    views.push(v);
    if (views.length < wanted.length) requestAnimationFrame(() => build(wanted, done));
    else done();
  };

  const clear = () => {
    names = [];
    views = [];
    grids.replaceChildren();
    caption.textContent = EMPTY;
    live.textContent = '';
  };

  const stopTheme = onThemeChange(() => {
    colors = readColors();
    views.forEach(draw);
  });
  clear();

  return {
    update(labels, groups) {
      const shown = groups.filter((g) => Math.min(labels.length, g.values.length) > 0 && g.values[0].length > 0);
      if (shown.length === 0) {
        clear();
        return Promise.resolve();
      }
      latest = { labels, shown };
      let built = Promise.resolve();
      // Keep the elements of the same groups, so that a focused grid stays focused across updates.
      if (shown.length !== names.length || shown.some((g, k) => g.name !== names[k])) {
        names = shown.map((g) => g.name);
        views = [];
        grids.replaceChildren();
        const wanted = names;
        built = new Promise((done) => build(wanted, done));
      } else views.forEach((v, k) => fill(v, labels, shown[k]));
      setText(caption, captionText(views[0].units, shown[0].values[0].length, options.column));
      return built;
    },
    clear,
    destroy() {
      stopTheme();
      names = [];
      views = [];
      container.replaceChildren();
      container.classList.remove('heatmap');
    },
  };
}
