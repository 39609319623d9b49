/**
 * Truncated-BPTT windows that cover the whole text. With N tokens and sequence length T, window k
 * reads inputs tokens[kT, kT + len) and predicts the same tokens shifted by one; the last window is
 * shorter, so that in one pass every token but the first is a target exactly once. (The NumPy
 * original restarts as soon as a full window no longer fits, and never trains on the tail.)
 */

export interface Window {
  /** Position of the window's first input in the text. */
  readonly start: number;
  /** Number of time steps, T for every window but possibly the last. */
  readonly length: number;
  /** tokens[start, start + length): views into the text, not copies. */
  readonly inputs: Int32Array;
  /** tokens[start + 1, start + length + 1). */
  readonly targets: Int32Array;
}

/** The windows of one pass over `tokens`, in order. */
export function windows(tokens: Int32Array, seqLen: number): Window[] {
  const n = tokens.length;
  if (!(Number.isInteger(seqLen) && seqLen >= 1)) {
    throw new Error(`sequence length must be an integer ≥ 1, got ${seqLen}`);
  }
  if (n < seqLen + 1) {
    throw new Error(`text has ${n} characters; sequence length ${seqLen} needs at least ${seqLen + 1}`);
  }
  // #region windows
  const out: Window[] = [];
  for (let start = 0; start < n - 1; start += seqLen) {
    const length = Math.min(seqLen, n - 1 - start);
    out.push({
      start,
      length,
      inputs: tokens.subarray(start, start + length),
      targets: tokens.subarray(start + 1, start + length + 1),
    });
  }
  return out;
  // #endregion windows
}
