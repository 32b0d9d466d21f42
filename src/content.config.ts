import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

export const collections = {
  // Starlight's docs collection, loaded from the top-level content/ folder (the design card keeps
  // chapters at the top level, next to labs/). English pages at content/docs/, Korean under ko/.
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/docs' }),
    schema: docsSchema(),
  }),
  // Starlight's UI-strings collection reads our own translation files (src/translations/<lang>.json),
  // so one file per language holds both our strings (read with t() from src/i18n/ui.ts) and any
  // override of Starlight's built-in strings (its keys, such as "search.label").
  i18n: defineCollection({
    loader: glob({ pattern: '*.json', base: './src/translations' }),
    schema: i18nSchema({ extend: z.object({}).catchall(z.string()) }),
  }),
};
