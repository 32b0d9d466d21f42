// Tracks: an ordered path through the chapters and their labs, with time estimates and prerequisites,
// that a team lead hands to a new hire (the onboarding track page) and that a learner's progress is
// reported against (the completion report). Like labs, a track is data; this module is pure so the
// pages and the tests share it.
//
// A track names chapters; the labs of a chapter are the labs whose `chapter` is that slug (or an
// explicit list). A chapter page that does not exist yet is shown without a link, and labs of chapters
// the track does not name are gathered in an optional "more practice" group, so adding a chapter or a
// lab never breaks a track.
import type { Lab } from './lab.ts';
import { t } from '../i18n/ui.ts';

type Words = { en: string; ko: string };

export interface TrackChapter {
  /** Slug of the chapter page (content/docs/<slug>.mdx). */
  slug: string;
  /** Shown when the chapter page does not exist yet; otherwise the page's own title is used. */
  title: Words;
  /** Time to read the chapter, without its labs. */
  readingMinutes: number;
  /** Chapters to read first (slugs). */
  after?: string[];
  /** The chapter's labs in this order; default: every lab whose `chapter` is this slug. */
  labs?: string[];
}

export interface Track {
  id: string;
  title: Words;
  chapters: TrackChapter[];
}

/** The onboarding track: from the first route to troubleshooting, in the order the chapters build on. */
export const onboardingTrack: Track = {
  id: 'onboarding',
  title: { en: 'Onboarding: Istio ingress', ko: '온보딩: Istio 인그레스' },
  chapters: [
    { slug: 'how-labs-work', title: { en: 'How the labs work', ko: '실습 사용법' }, readingMinutes: 5 },
    {
      slug: 'ingress-basics',
      title: { en: 'Ingress basics', ko: '인그레스 기초' },
      readingMinutes: 10,
      after: ['how-labs-work'],
      labs: ['first-route'],
    },
    {
      slug: 'gateway',
      title: { en: 'The Gateway resource', ko: 'Gateway 리소스' },
      readingMinutes: 15,
      after: ['ingress-basics'],
    },
    {
      slug: 'virtualservice',
      title: { en: 'VirtualService routing', ko: 'VirtualService 라우팅' },
      readingMinutes: 15,
      after: ['gateway'],
    },
    {
      slug: 'destinationrule',
      title: { en: 'DestinationRule and subsets', ko: 'DestinationRule과 서브셋' },
      readingMinutes: 10,
      after: ['virtualservice'],
    },
    {
      slug: 'tls',
      title: { en: 'TLS at the gateway', ko: '게이트웨이의 TLS' },
      readingMinutes: 15,
      after: ['gateway'],
    },
    {
      slug: 'mtls',
      title: { en: 'Mutual TLS', ko: '상호 TLS' },
      readingMinutes: 10,
      after: ['tls'],
      labs: ['mutual-tls-at-the-gateway'],
    },
    {
      slug: 'multiple-gateways',
      title: { en: 'Multiple gateways', ko: '여러 게이트웨이' },
      readingMinutes: 15,
      after: ['tls', 'virtualservice'],
      labs: ['seed-shared-certificate-404'],
    },
    {
      slug: 'tcp-passthrough',
      title: { en: 'TCP and TLS passthrough', ko: 'TCP와 TLS 패스스루' },
      readingMinutes: 10,
      after: ['tls'],
    },
    {
      slug: 'troubleshooting',
      title: { en: 'Troubleshooting', ko: '문제 해결' },
      readingMinutes: 10,
      after: ['multiple-gateways'],
    },
  ],
};

export const tracks: Track[] = [onboardingTrack];

/** What the site knows about one page: its title and the labs it embeds (`<Lab id="…" />`). */
export interface PageInfo {
  slug: string;
  title: string;
  labs: string[];
}

export interface ResolvedLab {
  id: string;
  title: string;
  minutes: number;
  difficulty: Lab['difficulty'];
  /** Prerequisite labs, with their titles. */
  prerequisites: { id: string; title: string }[];
  /** Where the learner does the lab (a page embedding it, at its anchor), or null if no page does yet. */
  href: string | null;
}

export interface ResolvedChapter {
  slug: string;
  title: string;
  /** The chapter page, or null when it is not written yet. */
  href: string | null;
  readingMinutes: number;
  /** Reading plus every lab's estimate. */
  minutes: number;
  after: { slug: string; title: string }[];
  labs: ResolvedLab[];
  /** The "more practice" group: not counted in the track's total. */
  optional: boolean;
}

export interface ResolvedTrack {
  id: string;
  title: string;
  chapters: ResolvedChapter[];
  /** Minutes of the chapters that are not optional. */
  minutes: number;
  /** Lab ids the track counts (not optional), in order. */
  labIds: string[];
}

const DIFFICULTY_ORDER: Record<Lab['difficulty'], number> = { beginner: 0, intermediate: 1, advanced: 2 };

/** Labs in an order that puts prerequisites first, then easier labs, then by title. */
export function orderLabs(labs: Lab[]): Lab[] {
  const byId = new Map(labs.map((l) => [l.id, l]));
  const sorted = [...labs].sort(
    (a, b) =>
      DIFFICULTY_ORDER[a.difficulty] - DIFFICULTY_ORDER[b.difficulty] || a.title.localeCompare(b.title),
  );
  const out: Lab[] = [];
  const seen = new Set<string>();
  const visit = (l: Lab, stack: Set<string>) => {
    if (seen.has(l.id) || stack.has(l.id)) return;
    stack.add(l.id);
    for (const p of l.prerequisites ?? []) {
      const pl = byId.get(p);
      if (pl) visit(pl, stack);
    }
    seen.add(l.id);
    out.push(l);
  };
  for (const l of sorted) visit(l, new Set());
  return out;
}

/**
 * The track with titles, links and minutes filled in for one language. `labs` are the labs already in
 * that language (localizeLab); `pages` are the pages of that language, with slugs without the
 * language prefix; `base` is the URL prefix of the language ("" or "/ko").
 */
export function resolveTrack(
  track: Track,
  labs: Lab[],
  pages: PageInfo[],
  lang: 'en' | 'ko',
  base = '',
): ResolvedTrack {
  const labById = new Map(labs.map((l) => [l.id, l]));
  const pageBySlug = new Map(pages.map((p) => [p.slug, p]));
  const pageHref = (slug: string) => `${base}/${slug === 'index' ? '' : `${slug}/`}`;
  const chapterTitle = (slug: string) =>
    pageBySlug.get(slug)?.title ?? track.chapters.find((c) => c.slug === slug)?.title[lang] ?? slug;

  const labHref = (lab: Lab): string | null => {
    const hosts = pages.filter((p) => p.labs.includes(lab.id));
    const host = hosts.find((p) => p.slug === lab.chapter) ?? hosts[0];
    return host ? `${pageHref(host.slug)}#lab-${lab.id}` : null;
  };
  const resolveLab = (l: Lab): ResolvedLab => ({
    id: l.id,
    title: l.title,
    minutes: l.estimatedMinutes,
    difficulty: l.difficulty,
    prerequisites: (l.prerequisites ?? []).map((id) => ({ id, title: labById.get(id)?.title ?? id })),
    href: labHref(l),
  });

  const used = new Set<string>();
  const chapters: ResolvedChapter[] = track.chapters.map((c) => {
    const explicit = (c.labs ?? []).map((id) => labById.get(id)).filter((l): l is Lab => !!l);
    const rest = orderLabs(labs.filter((l) => l.chapter === c.slug && !explicit.includes(l)));
    const chapterLabs = [...explicit, ...rest].filter((l) => !used.has(l.id));
    chapterLabs.forEach((l) => used.add(l.id));
    const resolved = chapterLabs.map(resolveLab);
    return {
      slug: c.slug,
      title: chapterTitle(c.slug),
      href: pageBySlug.has(c.slug) ? pageHref(c.slug) : null,
      readingMinutes: c.readingMinutes,
      minutes: c.readingMinutes + resolved.reduce((n, l) => n + l.minutes, 0),
      after: (c.after ?? []).map((slug) => ({ slug, title: chapterTitle(slug) })),
      labs: resolved,
      optional: false,
    };
  });
  const extra = orderLabs(labs.filter((l) => !used.has(l.id)));
  if (extra.length) {
    const resolved = extra.map(resolveLab);
    chapters.push({
      slug: 'more-practice',
      title: t(lang, 'track.morePractice'),
      href: null,
      readingMinutes: 0,
      minutes: resolved.reduce((n, l) => n + l.minutes, 0),
      after: [],
      labs: resolved,
      optional: true,
    });
  }
  const core = chapters.filter((c) => !c.optional);
  return {
    id: track.id,
    title: track.title[lang],
    chapters,
    minutes: core.reduce((n, c) => n + c.minutes, 0),
    labIds: core.flatMap((c) => c.labs.map((l) => l.id)),
  };
}

/** The lab ids an MDX page embeds with `<Lab id="…" />`, in order. */
export function embeddedLabs(mdx: string): string[] {
  const ids: string[] = [];
  // A `<Lab id="…" />` shown as code (a fenced block or an inline code span) embeds nothing.
  const text = mdx
    .replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
  for (const m of text.matchAll(
    /<Lab\b[^>]*?\bid\s*=\s*(?:"([^"]+)"|'([^']+)'|\{\s*["']([^"']+)["']\s*\})/g,
  )) {
    const id = m[1] ?? m[2] ?? m[3];
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A duration in the page's language: "45 min", "1 h 25 min". */
export function formatMinutes(lang: 'en' | 'ko', minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t(lang, 'track.hoursMinutes', { h, m }) : t(lang, 'track.minutes', { n: m });
}
