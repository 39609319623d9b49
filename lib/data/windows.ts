/**
 * Truncated-BPTT windows that cover the whole text. With N tokens and sequence length T, window k
 * reads inputs tokens[kT, kT + len) and predicts the same tokens shifted by one; the last window is
 * shorter, so that in one pass every token but the first is a target exactly once.
 *
 * The NumPy notebooks follow min-char-rnn instead: the pointer p starts at 0 and moves by T, every
 * window is full, and when p + T + 1 ≥ N the pointer and the carried state go back to zero. A pass
 * then ends before the window that would reach the text's last token, so the tail of up to T + 1
 * tokens is never a target. The rule 'min-char-rnn' gives those windows, for parity with them.
 */

/** 'cover' (ours): every target once per pass, the last window shorter; 'min-char-rnn': full windows while p + T + 1 < N. */
export type WindowRule = 'cover' | 'min-char-rnn';

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

/** The windows of one pass over `tokens`, in order; a pass starts from a zero state under either rule. */
export function windows(tokens: Int32Array, seqLen: number, rule: WindowRule = 'cover'): Window[] {
  const n = tokens.length;
  if (!(Number.isInteger(seqLen) && seqLen >= 1)) {
    throw new Error(`sequence length must be an integer ≥ 1, got ${seqLen}`);
  }
  if (rule !== 'cover' && rule !== 'min-char-rnn') {
    throw new Error(`window rule must be 'cover' or 'min-char-rnn', got ${JSON.stringify(rule)}`);
  }
  // min-char-rnn's first window needs p + T + 1 < N at p = 0.
  const needed = rule === 'cover' ? seqLen + 1 : seqLen + 2;
  if (n < needed) {
    throw new Error(`text has ${n} tokens; sequence length ${seqLen} needs at least ${needed}`);
  }
  if (rule === 'min-char-rnn') return fullWindows(tokens, seqLen);
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

/** min-char-rnn's windows: p = 0, T, 2T, … while p + T + 1 < N, each of length T. */
function fullWindows(tokens: Int32Array, seqLen: number): Window[] {
  const out: Window[] = [];
  for (let start = 0; start + seqLen + 1 < tokens.length; start += seqLen) {
    out.push({
      start,
      length: seqLen,
      inputs: tokens.subarray(start, start + seqLen),
      targets: tokens.subarray(start + 1, start + seqLen + 1),
    });
  }
  return out;
}
