/**
 * The widget's form: which fields it has, and how their text becomes `Settings`. Every number is
 * checked against lib/train/limits.ts, the ranges the model and the training loop enforce, so a
 * bad value is refused next to its field and never reaches the worker.
 */
import { type Setting, checkSetting, limits } from '../../lib/train/limits.ts';
import type { Unit } from '../workers/models.ts';
import type { Settings } from './protocol.ts';

export type NumberFieldName = 'hidden' | 'embedding' | 'seqLen' | 'lr' | 'clipMax' | 'temperature' | 'topK' | 'seed' | 'teacherForcing';

export interface NumberField {
  name: NumberFieldName;
  /** The limits entry that bounds it. */
  setting: Setting;
  label: string;
  /** The models that have it, by what they read (default: every one). */
  units?: readonly Unit[];
}

export const numberFields: readonly NumberField[] = [
  { name: 'hidden', setting: 'hidden', label: 'Hidden size H' },
  { name: 'embedding', setting: 'embedding', label: 'Embedding size D', units: ['word', 'pair'] },
  { name: 'seqLen', setting: 'seqLen', label: 'Sequence length T', units: ['char', 'word'] },
  { name: 'lr', setting: 'lr', label: 'Learning rate' },
  { name: 'seed', setting: 'seed', label: 'Seed' },
  { name: 'clipMax', setting: 'clip', label: 'Clip threshold' },
  { name: 'temperature', setting: 'temperature', label: 'Temperature', units: ['char', 'word'] },
  { name: 'topK', setting: 'topK', label: 'Top-k (0: all)', units: ['word'] },
  { name: 'teacherForcing', setting: 'teacherForcing', label: 'Teacher forcing (0..1)', units: ['pair'] },
];

/** The fields of a widget whose models read `unit`. */
export const fieldsFor = (unit: Unit): NumberField[] => numberFields.filter((field) => !field.units || field.units.includes(unit));

/** The `min`, `max` and `step` attributes of a field's input, so its spinner stays in range. */
export function inputBounds(setting: Setting): { min: number; max: number; step: string } {
  const { min, max, integer } = limits[setting];
  return { min, max, step: integer ? '1' : 'any' };
}

/**
 * The choices of the initial recurrent weights' spread, as multiples of 1/√H ('' in the form: randn ·
 * 0.01 like the other weights): from vanishing through to exploding gradients at initialisation.
 */
export const recurrentGains = [0.01, 0.5, 1, 1.5] as const;

/**
 * The raw text of each field, as the form holds it; a field the widget's models do not have is
 * absent (fieldsFor), and so is the recurrent-weights choice of a sequence-to-sequence widget.
 */
export type FormValues = Record<'hidden' | 'lr' | 'seed' | 'clipMax' | 'clipMode', string> &
  Partial<Record<'embedding' | 'seqLen' | 'temperature' | 'topK' | 'teacherForcing' | 'recurrentGain', string>>;

export type Parsed =
  | { ok: true; settings: Settings }
  | { ok: false; errors: Partial<Record<keyof FormValues, string>> };

export function parseSettings(values: FormValues): Parsed {
  const errors: Partial<Record<keyof FormValues, string>> = {};
  const numbers = {} as Record<NumberFieldName, number>;
  for (const { name, setting } of numberFields) {
    const text = values[name];
    if (text === undefined) continue;
    const raw = text.trim();
    // An empty or unreadable <input type="number"> reads as ''; Number('') would be 0.
    const value = raw === '' ? NaN : Number(raw);
    const message = checkSetting(setting, value);
    if (message === null) numbers[name] = value;
    else errors[name] = Number.isNaN(value) ? message.replace(/NaN$/, 'no number') : message;
  }
  const mode = values.clipMode;
  if (mode !== 'norm' && mode !== 'value') errors.clipMode = `clip mode must be "norm" or "value", got ${JSON.stringify(mode)}`;
  const gain = values.recurrentGain === '' || values.recurrentGain === undefined ? null : Number(values.recurrentGain);
  if (gain !== null && !recurrentGains.some((g) => g === gain)) {
    errors.recurrentGain = `recurrent weights must be one of ${recurrentGains.join(', ')} × 1/√H, or the default, got ${JSON.stringify(values.recurrentGain)}`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const { hidden, embedding, seqLen, lr, clipMax, temperature, topK, seed, teacherForcing } = numbers;
  const clip = { mode: mode as 'norm' | 'value', max: clipMax };
  const settings: Settings = { hidden, lr, clip, seed, recurrentGain: gain };
  if (seqLen !== undefined) settings.seqLen = seqLen;
  if (temperature !== undefined) settings.temperature = temperature;
  if (embedding !== undefined) settings.embedding = embedding;
  if (topK !== undefined) settings.topK = topK;
  if (teacherForcing !== undefined) settings.teacherForcing = teacherForcing;
  return { ok: true, settings };
}

/** The longest text a reader may paste, in characters (code points). */
export const MAX_TEXT_CHARS = 200_000;

/** null if `text` can be trained on with sequence length `seqLen`, else one message saying what is allowed. */
export function checkText(text: string, seqLen: number): string | null {
  const min = seqLen + 1; // one full window: T inputs and the T targets they predict
  const range = `${min.toLocaleString('en')} to ${MAX_TEXT_CHARS.toLocaleString('en')} characters`;
  if (text.length === 0) return `Your text is empty; paste ${range}.`;
  // A code point is one or two UTF-16 units, so a string this long is over the cap however it counts.
  if (text.length > 2 * MAX_TEXT_CHARS) return `Your text is longer than ${MAX_TEXT_CHARS.toLocaleString('en')} characters, the limit.`;
  let n = 0;
  for (const c of text) {
    n++;
    // for…of yields a surrogate pair as one character, so a lone surrogate comes out alone.
    const unit = c.charCodeAt(0);
    if (c.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      const hex = unit.toString(16).toUpperCase();
      return `Your text has a broken character at character ${n.toLocaleString('en')}: half of a UTF-16 surrogate pair (U+${hex}), not a character on its own; remove it or copy the text again.`;
    }
  }
  if (n < min) return `Your text has ${n} character${n === 1 ? '' : 's'}; sequence length ${seqLen} needs ${range}.`;
  if (n > MAX_TEXT_CHARS) return `Your text has ${n.toLocaleString('en')} characters, over the limit of ${MAX_TEXT_CHARS.toLocaleString('en')}.`;
  return null;
}
