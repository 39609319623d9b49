// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkCrossRefs } from './src/markdown/cross-refs.ts';
import { contentSecurityPolicy } from './src/csp.ts';

export default defineConfig({
  // Static files (the favicon) live with the rest of the site's code.
  publicDir: './src/public',
  integrations: [
    starlight({
      title: 'Sequence Models from Scratch',
      description:
        'Recurrent sequence models derived and implemented by hand in TypeScript, with backpropagation through time written out, training live in your browser.',
      components: {
        MarkdownContent: './src/components/MarkdownContent.astro',
        Search: './src/components/Search.astro',
      },
      customCss: ['katex/dist/katex.min.css', '@shikijs/twoslash/style-rich.css', './src/styles/site.css'],
      sidebar: [
        { label: 'Start here', items: [{ label: 'Introduction', link: '/' }] },
        // Chapters by slug (Starlight's autogenerate expects src/content/docs/; ours live in content/).
        { label: 'Foundations', items: ['foundations/machinery'] },
        { label: 'Phase 1 · Characters', items: ['phase-1/rnn', 'phase-1/lstm', 'phase-1/gru'] },
        { label: 'Phase 2 · Words', items: ['phase-2/word-rnn', 'phase-2/word-lstm', 'phase-2/torch-gru'] },
        { label: 'Phase 3 · Sequence to sequence', items: ['phase-3/encoder-decoder', 'phase-3/bahdanau', 'phase-3/luong'] },
        { label: 'Back matter', items: ['references'] },
      ],
    }),
    mdx(),
  ],
  markdown: {
    // Fenced code goes through Starlight's Expressive Code and listings through src/listings/;
    // Astro's own Shiki pass would be a third highlighter, and one that CSP warns about.
    syntaxHighlight: false,
    processor: unified({ remarkPlugins: [remarkMath, remarkCrossRefs], rehypePlugins: [rehypeKatex] }),
  },
  // Astro hashes the scripts and styles it bundles; src/csp.ts adds what it cannot see.
  security: { csp: contentSecurityPolicy() },
  vite: { worker: { format: 'es' } },
});
