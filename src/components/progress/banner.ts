// Client side of ProgressBanner.astro, on every page: shows a recovery notice from loadProgress() until
// the learner dismisses it, and marks the sidebar links of pages whose labs are all completed with a ✓
// (plus words for screen readers). Both follow progress changes in this tab and in others.
import { dismissProgressNotice, loadProgress, onProgressChange } from '../../labs/progress.ts';
import type { ProgressData } from '../../labs/progress.ts';

type Strings = Record<string, string>;

function parse<T>(text: string | undefined, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** "/ko/gateway" and "/ko/gateway/" are the same page. */
const normalise = (path: string) => (path.endsWith('/') ? path : `${path}/`);

function markSidebar(pages: Record<string, string[]>, label: string, progress: ProgressData): void {
  const links = document.querySelectorAll<HTMLAnchorElement>('#starlight__sidebar a[href]');
  for (const a of links) {
    const labs = pages[normalise(new URL(a.href, location.href).pathname)];
    const done = !!labs?.length && labs.every((id) => progress.labs[id]?.status === 'complete');
    const mark = a.querySelector('.gl-sidebar-done');
    if (done && !mark) {
      const m = document.createElement('span');
      m.className = 'gl-sidebar-done';
      const check = document.createElement('span');
      check.setAttribute('aria-hidden', 'true');
      check.textContent = '✓';
      const words = document.createElement('span');
      words.className = 'sr-only';
      words.textContent = ` (${label})`;
      m.append(check, words);
      a.append(m);
    } else if (!done && mark) {
      mark.remove();
    }
  }
}

export function initProgressBanner(): void {
  const box = document.querySelector<HTMLElement>('.gl-progress-notice');
  if (!box) return;
  const pages = parse<Record<string, string[]>>(box.dataset.progressPages, {});
  const strings = parse<Strings>(box.dataset.progressStrings, {});
  const text = box.querySelector<HTMLElement>('[data-progress-notice-text]');

  const render = () => {
    const { progress, notice } = loadProgress();
    if (notice && text) {
      text.textContent = strings[notice.kind] ?? notice.message;
      box.hidden = false;
    } else {
      box.hidden = true;
    }
    markSidebar(pages, strings.complete ?? 'completed', progress);
  };
  box.querySelector('[data-progress-notice-dismiss]')?.addEventListener('click', () => {
    dismissProgressNotice();
    box.hidden = true;
  });
  render();
  onProgressChange(render);
}
