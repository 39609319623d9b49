/**
 * The allowed range of every setting a reader can choose, in one place: the model and the
 * training loop validate against it, and the widget uses the same data to refuse bad input
 * before it reaches them.
 */

export interface Range {
  /** How the setting is named in messages, e.g. "hidden size". */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export const limits = {
  vocabSize: { label: 'vocabulary size', min: 1, max: 65536, integer: true },
  hidden: { label: 'hidden size', min: 1, max: 512, integer: true },
  embedding: { label: 'embedding size', min: 1, max: 512, integer: true },
  seqLen: { label: 'sequence length', min: 1, max: 256, integer: true },
  initScale: { label: 'initial weight scale', min: 0, max: 10, integer: false },
  lr: { label: 'learning rate', min: 1e-6, max: 1, integer: false },
  clip: { label: 'clipping threshold', min: 1e-3, max: 1000, integer: false },
  temperature: { label: 'temperature', min: 0.01, max: 10, integer: false },
  topK: { label: 'top-k', min: 0, max: 65536, integer: true },
  seed: { label: 'seed', min: 0, max: 0xffffffff, integer: true },
  sampleLength: { label: 'sample length', min: 1, max: 5000, integer: true },
  sampleEvery: { label: 'sample interval', min: 1, max: 1_000_000, integer: true },
  teacherForcing: { label: 'teacher-forcing ratio', min: 0, max: 1, integer: false },
  beamWidth: { label: 'beam width', min: 1, max: 16, integer: true },
} as const satisfies Record<string, Range>;

export type Setting = keyof typeof limits;

/** null if `value` is allowed for `name`, else a message naming the range, e.g. "hidden size must be an integer in 1..512, got -3". */
export function checkSetting(name: Setting, value: number): string | null {
  const { label, min, max, integer } = limits[name];
  const ok = typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value));
  return ok ? null : `${label} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${value}`;
}

/** Throws the message of `checkSetting` if `value` is not allowed. */
export function assertSetting(name: Setting, value: number): void {
  const message = checkSetting(name, value);
  if (message !== null) throw new RangeError(message);
}
