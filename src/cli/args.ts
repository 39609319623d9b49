/**
 * Options of a command, parsed by node:util's parseArgs, and numbers checked against the ranges of
 * lib/train/limits.ts, so that the command line refuses what the page refuses, with the same words.
 */
import { parseArgs } from 'node:util';
import { type Range, type Setting, checkSetting } from '../../lib/train/limits.ts';

/** Bad input on the command line: the message is all the user needs, and the exit code is 2. */
export class UsageError extends Error {}

export type OptionTypes = Record<string, { type: 'string' | 'boolean' }>;
export type Values = Record<string, string | boolean | undefined>;

/** The values of `args`, refusing an unknown option, a missing value or a stray argument. */
export function parseOptions(command: string, args: string[], options: OptionTypes): Values {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const names = Object.keys(options).map((name) => `--${name}`).join(', ');
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`${firstSentence(error)} for ${command}; its options are ${names}`);
    }
    // A missing or ambiguous value: parseArgs's whole message, which says how to pass a value starting with '-'.
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

/** The string value of --name, or undefined if it was not given. */
export function stringOption(values: Values, name: string): string | undefined {
  return values[name] as string | undefined;
}

/**
 * The number given as --name, or `fallback` if it was not given; refused unless it is a number in the
 * range of the setting (a name from lib/train/limits.ts, or a range of the command line's own).
 */
export function numberOption(values: Values, name: string, range: Setting | Range, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const value = text === '' ? NaN : Number(text);
  if (Number.isNaN(value)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(raw)}`);
  const message = typeof range === 'string' ? checkSetting(range, value) : checkRange(range, value);
  if (message !== null) throw new UsageError(`--${name}: ${message}`);
  return value;
}

/** checkSetting's message for a range that lib/train/limits.ts does not hold. */
function checkRange({ label, min, max, integer }: Range, value: number): string | null {
  const ok = value >= min && value <= max && (!integer || Number.isInteger(value));
  return ok ? null : `${label} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${value}`;
}

/** parseArgs's message, without its advice about '--', which is for commands that take positional arguments. */
function firstSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\.\s/)[0].replace(/^Unknown option/, 'unknown option').replace(/^Unexpected argument/, 'unexpected argument');
}
