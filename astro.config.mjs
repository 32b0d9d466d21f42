// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { fileURLToPath } from 'node:url';
import { validationSchemasAsJson } from './scripts/vite/validation-schemas.mjs';
import { satteri } from '@astrojs/markdown-satteri';

// The whole sidebar, in one place. Pages are referenced by slug (their path under content/docs without
// the extension); Starlight finds the Korean page at content/docs/ko/<slug>.mdx by itself and takes its
// title as the label, so a `label` is only needed where the sidebar should differ from the page title.
// Group labels carry their Korean translation next to them.
const sidebar = [
  {
    label: 'Start here',
    translations: { ko: '시작하기' },
    items: [{ slug: 'index', label: 'Welcome', translations: { ko: '소개' } }, { slug: 'how-labs-work' }],
  },
  { slug: 'playground' },
  {
    label: 'Chapters',
    translations: { ko: '챕터' },
    items: [
      { slug: 'ingress-basics' },
      { slug: 'gateway' },
      { slug: 'virtualservice' },
      { slug: 'destinationrule' },
      { slug: 'tls' },
      { slug: 'mtls' },
      { slug: 'tcp-passthrough' },
      { slug: 'multiple-gateways' },
      { slug: 'troubleshooting' },
      { slug: 'egress' },
    ],
  },
  {
    label: 'Your progress',
    translations: { ko: '내 진행 상황' },
    items: [{ slug: 'tracks/onboarding' }, { slug: 'progress' }],
  },
  {
    label: 'Contributing',
    translations: { ko: '기여하기' },
    items: [{ slug: 'contributing/writing-labs' }, { slug: 'contributing/seed-coverage' }],
  },
  {
    label: 'Reference',
    translations: { ko: '참고 자료' },
    items: [{ slug: 'reference/diagnostic-codes' }],
  },
];

// Gateway Lab: English at the root, Korean under /ko/. Chapters live in the top-level content/ folder
// (see src/content.config.ts), labs in labs/. Nothing is loaded from another host: no CDN, no web
// fonts, no analytics, so the site works offline.
export default defineConfig({
  site: 'https://gateway-lab.example.org',
  integrations: [
    starlight({
      title: 'Gateway Lab',
      description:
        'Learn Istio ingress hands-on: Gateway, VirtualService, DestinationRule, TLS, mTLS, passthrough and multiple gateways, with an in-browser simulator.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        ko: { label: '한국어', lang: 'ko' },
      },
      sidebar,
      customCss: ['./src/styles/custom.css'],
      // Every page's Banner also carries the lab-progress notice and the sidebar's completion marks
      // (src/components/progress/ProgressBanner.astro renders Starlight's own Banner first).
      components: { Banner: './src/components/progress/ProgressBanner.astro' },
      favicon: '/favicon.svg',
      lastUpdated: false,
      pagefind: true,
    }),
    mdx(),
  ],
  // Astro's Markdown processor (Sätteri), with explicit heading ids (`## 제목 { #english-id }`): a
  // translated chapter keeps the English page's anchors, so the simulator's "learn more" links
  // (e.g. /multiple-gateways/#the-connection-reuse-404), links between chapters and bookmarks work in
  // every language. Starlight adds its own plugins (asides, heading links) to this processor.
  markdown: { processor: satteri({ features: { headingAttributes: true } }) },
  vite: {
    worker: {
      format: 'es',
      // The simulator worker gets the validation schemas as build-time JSON, without the editor's text.
      plugins: () => [validationSchemasAsJson()],
    },
    resolve: {
      // The workbench's YAML worker (monaco-yaml) imports prettier for formatting, which the workbench
      // turns off: a stub keeps ~130 KB (gzip) of prettier out of the page (see prettier-stub.ts).
      alias: [
        // Starlight's search UI loads when the search dialog first opens, not on every page's idle
        // time (~26 kB gzipped less on every page): see src/components/search/pagefind-ui-on-open.ts.
        {
          find: /^@pagefind\/default-ui$/,
          replacement: fileURLToPath(
            new URL('./src/components/search/pagefind-ui-on-open.ts', import.meta.url),
          ),
        },
        {
          find: /^prettier\/(standalone|plugins\/yaml|plugins\/estree)$/,
          replacement: fileURLToPath(new URL('./src/components/workbench/prettier-stub.ts', import.meta.url)),
        },
      ],
    },
  },
});
