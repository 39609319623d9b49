/** The texts a widget can train on besides the reader's own; each is fetched only when a run starts. */
export const corpora = {
  'thirsty-crow': { label: 'The thirsty crow', load: () => import('../../data/thirsty-crow.txt?raw').then((m) => m.default) },
  fables: { label: 'Fifteen fables', load: () => import('../../data/fables.txt?raw').then((m) => m.default) },
} satisfies Record<string, { label: string; load: () => Promise<string> }>;

export type CorpusName = keyof typeof corpora;

export const isCorpusName = (name: string): name is CorpusName => Object.hasOwn(corpora, name);
