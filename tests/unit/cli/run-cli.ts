/** Spawning the command line as a user would, with the Node that runs the tests (Node 26 under npx). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `seqmodels …args` from the repository's root; resolves with its exit code and output, whatever the code. */
export function cli(args: string[], command = process.execPath, prefix = [main]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(command, [...prefix, ...args], { cwd: repo, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
