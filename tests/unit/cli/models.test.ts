import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelNamed, modelNames, tokenize } from '../../../src/cli/models.ts';
import { models, unitOf } from '../../../src/workers/models.ts';
import { tokenise } from '../../../src/workers/tokens.ts';

const crow = readFileSync(new URL('../../../data/thirsty-crow.txt', import.meta.url), 'utf8');

describe('the command line\'s models', () => {
  it('are the models the page trains, each reading the text in the unit the page reads it in', () => {
    expect(modelNames).toEqual(Object.keys(models));
    for (const name of modelNames) expect(modelNamed(name).words, name).toBe(unitOf(name) === 'word');
  });

  it.each([['char', false], ['word', true]] as const)('train on the page\'s vocabulary and stream for the unit %s', (unit, words) => {
    const ours = tokenize(crow, words, false), page = tokenise(unit, crow);
    expect(ours.tokens.vocabulary.tokens).toEqual(page.names);
    expect(ours.stream).toEqual(page.stream);
  });
});
