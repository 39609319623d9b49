import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

// `seqmodels train` on a sequence-to-sequence model: the page's tasks, trained and then checked on the task's probes.
describe('seqmodels train on a sequence-to-sequence model', () => {
  it('trains Bahdanau on dates and says how many held-out dates it writes right', async () => {
    const { status, stdout, stderr } = await cli(['train', '--model', 'bahdanau', '--task', 'dates', '--steps', '2000']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const said = /^bahdanau on dates: 2000 steps, loss [\d.]+ nats per token, smoothed [\d.]+; (\d+) of 20 held-out dates answered exactly \(greedy\)\n$/.exec(stdout);
    expect(said, stdout).not.toBeNull();
    // The chapter's setting (H = 16, D = 8, Adam 1e-2) after 2,000 dates: measured 20 of 20.
    expect(Number(said![1])).toBeGreaterThanOrEqual(18);
  });

  it('logs the next-sentence task as JSON lines, its loss falling', async () => {
    const { status, stdout } = await cli(['train', '--model', 'luong', '--task', 'next-sentence', '--data', 'data/fables.txt', '--steps', '400', '--jsonl']);
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.step)).toEqual([1, 100, 200, 300, 400]);
    expect(lines.at(-1).smoothLoss).toBeLessThan(lines[0].smoothLoss);
  });
});
