/** A region of a source file cut out for a listing: what comes before it, the region, what follows. */
export interface Region {
  readonly before: string;
  readonly body: string;
  readonly after: string;
}

const marker = /^\s*\/\/ #(region|endregion)\b ?(.*)$/;

/**
 * Cut `// #region name` … `// #endregion name` out of `source`. Every region marker line is dropped
 * (this region's and any other's), and the body is dedented so that a region inside a function
 * reads from column 0. Throws if the region is missing, repeated or unclosed.
 */
export function splitRegion(source: string, name: string): Region {
  const lines = source.split('\n');
  let start = -1;
  let end = -1;
  lines.forEach((line, i) => {
    const m = marker.exec(line);
    if (!m || m[2]!.trim() !== name) return;
    if (m[1] === 'region') {
      if (start !== -1) throw new Error(`region "${name}" is opened twice`);
      start = i;
    } else {
      if (end !== -1) throw new Error(`region "${name}" is closed twice`);
      end = i;
    }
  });
  if (start === -1) throw new Error(`region "${name}" not found`);
  if (end === -1 || end < start) throw new Error(`region "${name}" is not closed after it opens`);
  const keep = (part: string[]) => part.filter((line) => !marker.test(line));
  const body = keep(lines.slice(start + 1, end));
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return {
    before: keep(lines.slice(0, start)).join('\n'),
    body: body.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n'),
    after: keep(lines.slice(end + 1)).join('\n'),
  };
}
