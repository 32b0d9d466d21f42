// What the progress pages know at build time: every lab (from the validated `labs` collection, in the
// page's language) and every page of the site with the labs it embeds. Tracks, the progress page, the
// completion report and the sidebar marks all read this, so a lab or chapter added by anyone shows up
// without touching them.
import { getCollection } from 'astro:content';
import { localizeLab } from '../../labs/lab.ts';
import type { Lab } from '../../labs/lab.ts';
import { embeddedLabs, resolveTrack, tracks } from '../../labs/tracks.ts';
import type { PageInfo, ResolvedTrack } from '../../labs/tracks.ts';

export type SiteLang = 'en' | 'ko';

/** URL prefix of a language ("" for English at the root). */
export const langBase = (lang: SiteLang) => (lang === 'en' ? '' : `/${lang}`);

/** Every lab, in the language's words, in id order. */
export async function siteLabs(lang: SiteLang): Promise<Lab[]> {
  const entries = await getCollection('labs');
  return entries.map((e) => localizeLab(e.data as Lab, lang)).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The pages of a language, slugs without the language prefix. A Korean page that is not written yet is
 * served by Starlight as the English page (a fallback) at the Korean URL, so it counts with its English
 * content.
 */
export async function sitePages(lang: SiteLang): Promise<PageInfo[]> {
  const docs = await getCollection('docs');
  const info = (e: (typeof docs)[number], slug: string): PageInfo => ({
    slug,
    title: e.data.title,
    labs: embeddedLabs(e.body ?? ''),
  });
  const english = docs.filter((e) => !e.id.startsWith('ko/')).map((e) => info(e, e.id));
  if (lang === 'en') return english;
  const korean = new Map(docs.filter((e) => e.id.startsWith('ko/')).map((e) => [e.id.slice(3), e]));
  return english.map((p) => {
    const k = korean.get(p.slug);
    return k ? info(k, p.slug) : p;
  });
}

export async function siteTrack(id: string, lang: SiteLang): Promise<ResolvedTrack> {
  const track = tracks.find((t) => t.id === id);
  if (!track) throw new Error(`no track "${id}" (known: ${tracks.map((t) => t.id).join(', ')})`);
  return resolveTrack(track, await siteLabs(lang), await sitePages(lang), lang, langBase(lang));
}

/** Page URL → the labs it embeds, for the sidebar's completion marks. */
export async function pagesWithLabs(lang: SiteLang): Promise<Record<string, string[]>> {
  const base = langBase(lang);
  const out: Record<string, string[]> = {};
  for (const p of await sitePages(lang))
    if (p.labs.length) out[`${base}/${p.slug === 'index' ? '' : `${p.slug}/`}`] = p.labs;
  return out;
}

/** The language of a Starlight page from its locale ("ko" or the root). */
export function siteLang(locale: string | undefined): SiteLang {
  return locale === 'ko' ? 'ko' : 'en';
}
