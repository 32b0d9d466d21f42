// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';

// Gateway Lab: English at the root, Korean under /ko/. Chapters live in the top-level content/ folder
// (see src/content.config.ts), labs in labs/.
export default defineConfig({
  site: 'https://gateway-lab.example.org',
  integrations: [
    starlight({
      title: 'Gateway Lab',
      description: 'Learn Istio ingress hands-on: Gateway, VirtualService, DestinationRule, TLS, mTLS, passthrough and multiple gateways, with an in-browser simulator.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        ko: { label: '한국어', lang: 'ko' },
      },
      sidebar: [
        { label: 'Start here', items: [{ slug: 'index' }, { slug: 'how-labs-work' }] },
      ],
      lastUpdated: false,
      pagefind: true,
    }),
    mdx(),
  ],
  vite: {
    worker: { format: 'es' },
  },
});
