import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { labSchema } from './labs/schema.ts';

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
  // The labs (labs/<id>.yaml), validated at build time: a lab that breaks the format fails `astro build`
  // with the same messages as `gateway-lab labs verify` (the schema runs labProblems from
  // src/labs/lab.ts). The entry id is the file name, which must equal the lab's `id`.
  labs: defineCollection({
    loader: glob({
      pattern: '*.{yaml,yml}',
      base: './labs',
      generateId: ({ entry, data }) => {
        const id = entry.replace(/\.ya?ml$/, '');
        if (typeof data.id === 'string' && data.id !== id)
          throw new Error(`labs/${entry}: the lab's id is "${data.id}"; rename the file to ${data.id}.yaml`);
        return id;
      },
    }),
    schema: labSchema,
  }),
};
