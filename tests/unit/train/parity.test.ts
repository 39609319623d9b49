import { describe, expect, it } from 'vitest';
import { numpyWords } from '../../../lib/train/parity.ts';

describe('numpyWords', () => {
  it('reads the lowercased text by \\w+|[.,!?\'";:] into one unframed stream over <SOS>, <EOS>, <UNK> and the sorted tokens', () => {
    // By hand: the, cat, ., the, dog's → dog ' s, !, and the dropped "(" and "-".
    const { vocab, tokens } = numpyWords("The cat. (The dog's-!)");
    expect(vocab.words).toEqual(['<SOS>', '<EOS>', '<UNK>', '!', "'", '.', 'cat', 'dog', 's', 'the']);
    expect(Array.from(tokens, (id) => vocab.words[id])).toEqual(['the', 'cat', '.', 'the', 'dog', "'", 's', '!']);
  });
});
