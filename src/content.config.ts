import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'astro/zod';

export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content' }),
    schema: docsSchema({
      // The chapter number prefixes its equation numbers: (2.3) is equation 3 of chapter 2.
      extend: z.object({ chapter: z.number().int().positive().optional() }),
    }),
  }),
};
