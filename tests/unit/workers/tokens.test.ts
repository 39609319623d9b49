import { describe, expect, it } from 'vitest';
import { unitOf } from '../../../src/workers/models.ts';
import { tokenise } from '../../../src/workers/tokens.ts';

const text = 'The crow drank. The crow flew!';

describe('unitOf', () => {
  it('reads the Phase 1 models by characters and the word models, PyTorch GRU included, by words', () => {
    expect(['rnn', 'lstm', 'gru'].map(unitOf)).toEqual(['char', 'char', 'char']);
    expect(['word-rnn', 'word-lstm', 'word-gru', 'torch-gru'].map(unitOf)).toEqual(['word', 'word', 'word', 'word']);
  });

  it('reads the three sequence-to-sequence models by pairs', () => {
    expect(['encoder-decoder', 'bahdanau', 'luong'].map(unitOf)).toEqual(['pair', 'pair', 'pair']);
  });
});

describe('tokenise', () => {
  it('gives a character model every character, with nothing special and no stop token', () => {
    const t = tokenise('char', text);
    expect(t.stream).toHaveLength(Array.from(text).length);
    expect(t.decode(t.stream)).toBe(text);
    expect(t.stop).toBe(null);
    expect(t.names.some((_, id) => t.special(id))).toBe(false);
  });

  it('gives a word model the sentences framed by <SOS> and <EOS>, which end a sample and are special', () => {
    const t = tokenise('word', text);
    const words = Array.from(t.stream, (id) => t.names[id]);
    expect(words).toEqual(['<SOS>', 'the', 'crow', 'drank', '.', '<EOS>', '<SOS>', 'the', 'crow', 'flew', '!', '<EOS>']);
    expect(t.names[t.stop!]).toBe('<EOS>');
    expect(t.names.filter((_, id) => t.special(id))).toEqual(['<SOS>', '<EOS>', '<UNK>']);
    expect(t.decode(t.stream)).toBe('the crow drank.\nthe crow flew!');
  });
});
