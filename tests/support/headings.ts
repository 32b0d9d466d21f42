// Heading ids of an MDX page, derived the way Astro's Markdown processor (Sätteri) does: an explicit
// `{ #id }` heading attribute, else github-slugger over the heading's rendered text, in document order.
import GithubSlugger from 'github-slugger';

/** The text a heading renders (what the slugger sees): no code ticks, link targets or emphasis marks. */
function renderedText(markdown: string): string {
  return markdown
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](.+?)[*_](?=\W|$)/g, '$1$2')
    .trim();
}

/** Heading ids of an MDX page in order (levels 2 to 4; code fences skipped). */
export function headingIds(text: string): { id: string; explicit: boolean; line: number }[] {
  const slugger = new GithubSlugger();
  const out: { id: string; explicit: boolean; line: number }[] = [];
  let fence: string | null = null;
  text.split('\n').forEach((line, i) => {
    const f = /^\s*(```+|~~~+)/.exec(line);
    if (f) {
      if (!fence) fence = f[1];
      else if (line.trim().startsWith(fence)) fence = null;
      return;
    }
    if (fence) return;
    const h = /^(#{2,4})\s+(.*?)\s*$/.exec(line);
    if (!h) return;
    const attr = /\s*\{\s*#([\w-]+)\s*\}$/.exec(h[2]);
    if (attr) {
      slugger.slug(attr[1]); // an explicit id still takes its name in the slugger's list
      out.push({ id: attr[1], explicit: true, line: i + 1 });
    } else out.push({ id: slugger.slug(renderedText(h[2])), explicit: false, line: i + 1 });
  });
  return out;
}
