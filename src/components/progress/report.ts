// Client side of CompletionReport.astro: fills the report from this browser's lab progress, keeps the
// learner's name in this browser, prints, and downloads the report as JSON.
import { loadProgress, onProgressChange } from '../../labs/progress.ts';
import type { ProgressData } from '../../labs/progress.ts';
import { download, formatTime } from './manager.ts';

const NAME_KEY = 'gateway-lab:report:learner';

const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (whole, k: string) => (k in vars ? String(vars[k]) : whole));

function readName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

function saveName(name: string): void {
  try {
    if (name) localStorage.setItem(NAME_KEY, name);
    else localStorage.removeItem(NAME_KEY);
  } catch {
    // The name is only a convenience; without storage it lasts for the page.
  }
}

/** The report as data: what `Download as JSON` saves, and what a team lead can read or collect. */
export function reportData(
  root: HTMLElement,
  progress: ProgressData,
  now = new Date(),
): {
  format: 'gateway-lab-completion-report';
  track: string;
  trackTitle: string;
  learner: string | null;
  generatedAt: string;
  completed: number;
  total: number;
  labs: { id: string; title: string; status: string; completedAt: string | null }[];
  otherCompleted: { id: string; title: string; completedAt: string | null }[];
} {
  const rows = [...root.querySelectorAll<HTMLElement>('tr[data-report-row]')];
  const labs = rows.map((r) => {
    const id = r.dataset.reportRow ?? '';
    const rec = progress.labs[id];
    return {
      id,
      title: r.querySelector('th')?.textContent?.trim() ?? id,
      status: rec?.status ?? 'not-started',
      completedAt: rec?.status === 'complete' ? (rec.completedAt ?? null) : null,
    };
  });
  let others: { id: string; title: string }[] = [];
  try {
    others = JSON.parse(root.dataset.others ?? '[]') as { id: string; title: string }[];
  } catch {
    // No list of other labs: report the track only.
  }
  const name = root.querySelector<HTMLInputElement>('[data-report-learner]')?.value.trim() ?? '';
  return {
    format: 'gateway-lab-completion-report',
    track: root.dataset.report ?? '',
    trackTitle: root.dataset.trackTitle ?? '',
    learner: name || null,
    generatedAt: now.toISOString(),
    completed: labs.filter((l) => l.status === 'complete').length,
    total: labs.length,
    labs,
    otherCompleted: others
      .filter((o) => progress.labs[o.id]?.status === 'complete')
      .map((o) => ({ ...o, completedAt: progress.labs[o.id]?.completedAt ?? null })),
  };
}

export function initReport(): void {
  const root = document.querySelector<HTMLElement>('[data-report]');
  if (!root) return;
  const lang = root.dataset.lang ?? 'en';
  let strings: Record<string, string> = {};
  try {
    strings = JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>;
  } catch {
    // Keep the server-rendered text.
  }
  const nameInput = root.querySelector<HTMLInputElement>('[data-report-learner]');
  const nameOut = root.querySelector<HTMLElement>('[data-report-learner-out]');

  const renderName = () => {
    const name = nameInput?.value.trim() ?? '';
    if (nameOut) {
      nameOut.textContent = fill(strings.learnerLine ?? '{name}', { name });
      nameOut.hidden = !name;
    }
  };

  const render = (progress: ProgressData) => {
    const data = reportData(root, progress);
    for (const row of root.querySelectorAll<HTMLElement>('tr[data-report-row]')) {
      const lab = data.labs.find((l) => l.id === row.dataset.reportRow);
      if (!lab) continue;
      row.dataset.status = lab.status;
      const status = row.querySelector<HTMLElement>('[data-cell="status"]');
      const statusKey = { 'not-started': 'notStarted', 'in-progress': 'inProgress', complete: 'complete' }[
        lab.status
      ];
      if (status) status.textContent = strings[statusKey ?? ''] ?? status.textContent;
      const completed = row.querySelector<HTMLElement>('[data-cell="completed"]');
      if (completed)
        completed.textContent = lab.completedAt ? formatTime(lab.completedAt, lang) : (strings.notYet ?? '');
    }
    const summary = root.querySelector<HTMLElement>('[data-report-summary]');
    if (summary && strings.summary)
      summary.textContent = fill(strings.summary, { done: data.completed, total: data.total });
    const generated = root.querySelector<HTMLElement>('[data-report-generated]');
    if (generated && strings.generated)
      generated.textContent = fill(strings.generated, { date: formatTime(data.generatedAt, lang) });
    const extra = root.querySelector<HTMLElement>('[data-report-extra]');
    const list = root.querySelector<HTMLElement>('[data-report-extra-list]');
    if (extra && list) {
      list.replaceChildren(
        ...data.otherCompleted.map((o) => {
          const li = document.createElement('li');
          li.textContent = `${o.title} (${formatTime(o.completedAt ?? undefined, lang)})`;
          return li;
        }),
      );
      extra.hidden = data.otherCompleted.length === 0;
    }
  };

  if (nameInput) {
    nameInput.value = readName();
    nameInput.addEventListener('input', () => {
      saveName(nameInput.value.trim());
      renderName();
    });
  }
  root.querySelector('[data-report-print]')?.addEventListener('click', () => window.print());
  root.querySelector('[data-report-json]')?.addEventListener('click', () => {
    const data = reportData(root, loadProgress().progress);
    download(
      `gateway-lab-${data.track}-report-${data.generatedAt.slice(0, 10)}.json`,
      JSON.stringify(data, null, 2),
    );
  });
  renderName();
  render(loadProgress().progress);
  onProgressChange(render);
}
