#!/usr/bin/env node
/**
 * The command line over lib/: `seqmodels <command> [options]`, documented in README.md ("Command line").
 * Bad input ends in one line on stderr and exit code 2; any other failure, in one line and code 1.
 */
import { UsageError } from './args.ts';
import { gradcheckCommand } from './gradcheck.ts';
import { parityCommand } from './parity.ts';
import { sampleCommand } from './sample.ts';
import { trainCommand } from './train.ts';

const USAGE = `Usage: seqmodels <command> [options]

  train      --model M --data FILE [--steps 1000] [--seed 42] [--hidden 100] [--embedding 100]
             [--seq-len 25] [--lr 0.001] [--clip 5] [--parity numpy] [--save FILE] [--jsonl]
             [--log-every 100]
             M is one of rnn, lstm, gru (characters) or word-rnn, word-lstm, word-gru, torch-gru (words).
  train      --model M --task dates|next-sentence [--data FILE] [--teacher-forcing 1] [--lr 0.01] ...
             M is one of encoder-decoder, bahdanau, luong; next-sentence reads its stories from --data.
  sample     --load FILE [--temperature 1] [--top-k K] [--length 200] [--prime TEXT] [--seed 42]
  gradcheck  [--model all|M]             M as for train, or encoder-decoder, bahdanau, luong
  parity     --trace FILE [--steps N]   the NumPy word-LSTM trace, reproduced and compared
`;

const commands: Record<string, (args: string[]) => void | Promise<void>> = {
  train: trainCommand,
  sample: sampleCommand,
  gradcheck: gradcheckCommand,
  parity: parityCommand,
};

// A reader closing the pipe (`… | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'help' || command === '--help' || command === '-h' || args.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const run = command === undefined ? undefined : Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (!run) {
      const given = command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`;
      throw new UsageError(`${given}; the commands are ${Object.keys(commands).join(', ')} (seqmodels help shows their options)`);
    }
    await run(args);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`seqmodels: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
