/** Files for the command line: a text to train on, a checkpoint to load or save, refused in one line when unusable. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The UTF-8 text of the file at `path`; refuses a missing, empty or binary file. */
export function readText(path: string): string {
  const bytes = readBytes(path);
  if (bytes.length === 0) throw new Error(`${path} is empty; give a text file to train on`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new Error(`${path} is not a text file: it has a NUL byte at offset ${nul}`);
  try {
    // A byte-order mark, if any, is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${path} is not a text file: it is not valid UTF-8`);
  }
}

/** The JSON value in the file at `path`. */
export function readJson(path: string): unknown {
  const text = readBytes(path).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
}

/** Refuse, before any work is done, a path whose directory does not exist or that is a directory itself. */
export function checkWritable(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`cannot write ${path}: there is no directory ${dir}`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`cannot write ${path}: it is a directory`);
}

export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new Error(`cannot write ${path}: ${reason(error)}`);
  }
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  switch ((error as { code?: string }).code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a directory';
    case 'EACCES': return 'permission denied';
    default: return (error as Error).message;
  }
}
