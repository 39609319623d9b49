/**
 * Nearest neighbours of a row of an embedding table by cosine similarity,
 * cos(a, b) = a·b / (‖a‖ ‖b‖): the angle between two word vectors, whatever their lengths. A word's
 * vector grows with how often training touches it, so raw dot products would favour frequent words.
 */

export interface Neighbour {
  /** Row (token id). */
  index: number;
  /** cos(E[row], E[index]), in [−1, 1]. */
  similarity: number;
}

/**
 * The k rows of E (V, D) most similar to row `row`, most similar first, ties by lower index, leaving
 * out `row` itself and any row `skip` returns true for (the special tokens, say). A zero row has no
 * direction: it is similar to nothing (similarity 0).
 */
export function nearest(
  E: Float64Array, V: number, D: number, row: number, k: number, skip: (index: number) => boolean = () => false,
): Neighbour[] {
  if (!(Number.isInteger(row) && row >= 0 && row < V)) throw new Error(`row must be an integer in 0..${V - 1}, got ${row}`);
  if (!(Number.isInteger(k) && k >= 0)) throw new Error(`k must be an integer ≥ 0, got ${k}`);
  const norms = new Float64Array(V);
  for (let v = 0; v < V; v++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += E[v * D + j] * E[v * D + j];
    norms[v] = Math.sqrt(s);
  }
  const all: Neighbour[] = [];
  for (let v = 0; v < V; v++) {
    if (v === row || skip(v)) continue;
    let s = 0;
    for (let j = 0; j < D; j++) s += E[row * D + j] * E[v * D + j];
    const n = norms[row] * norms[v];
    all.push({ index: v, similarity: n > 0 ? s / n : 0 });
  }
  all.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return all.slice(0, k);
}
