// Client side of ProgressManager.astro: fills the table from localStorage and wires export, import and
// reset (after a confirmation dialog).
import {
  exportProgress,
  importProgress,
  loadProgress,
  onProgressChange,
  resetProgress,
} from '../../labs/progress.ts';
import type { ProgressData } from '../../labs/progress.ts';

const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (whole, k: string) => (k in vars ? String(vars[k]) : whole));

/** A date and time in the page's language, for the tables and the report. */
export function formatTime(iso: string | undefined, lang: string): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return d.toLocaleString(lang === 'ko' ? 'ko-KR' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Save text as a file the learner downloads. */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportFileName(now = new Date()): string {
  return `gateway-lab-progress-${now.toISOString().slice(0, 10)}.json`;
}

export function initProgressManager(): void {
  const root = document.querySelector<HTMLElement>('[data-progress-manager]');
  if (!root) return;
  const lang = root.dataset.lang ?? 'en';
  let strings: Record<string, string> = {};
  try {
    strings = JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>;
  } catch {
    // Without strings the page still works, with the keys as text.
  }
  const message = root.querySelector<HTMLElement>('[data-progress-message]');
  const say = (text: string) => {
    if (message) message.textContent = text;
  };

  const render = (progress: ProgressData) => {
    const rows = root.querySelectorAll<HTMLTableRowElement>('tr[data-lab-row]');
    let done = 0;
    for (const row of rows) {
      const rec = progress.labs[row.dataset.labRow ?? ''];
      const status = rec?.status ?? 'not-started';
      if (status === 'complete') done++;
      row.dataset.status = status;
      const cell = (name: string) => row.querySelector<HTMLElement>(`[data-cell="${name}"]`);
      const st = cell('status');
      if (st) st.textContent = strings[status] ?? status;
      const started = cell('started');
      if (started) started.textContent = formatTime(rec?.startedAt, lang);
      const completed = cell('completed');
      if (completed) completed.textContent = formatTime(rec?.completedAt, lang);
    }
    const summary = root.querySelector<HTMLElement>('[data-progress-summary]');
    if (summary)
      summary.textContent = fill(strings.summary ?? '{done}/{total}', { done, total: rows.length });
  };

  root.querySelector('[data-progress-export]')?.addEventListener('click', () => {
    const name = exportFileName();
    download(name, exportProgress());
    say(fill(strings.exported ?? '{file}', { file: name }));
  });

  const input = root.querySelector<HTMLInputElement>('[data-progress-import]');
  input?.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const outcome = importProgress(await file.text());
    say(fill(strings[outcome.messageKey] ?? outcome.message, { count: outcome.count }));
    input.value = '';
  });

  const dialog = root.querySelector<HTMLDialogElement>('[data-progress-reset-dialog]');
  root.querySelector('[data-progress-reset]')?.addEventListener('click', () => {
    if (dialog?.showModal) {
      // Esc closes without changing returnValue: clear it so an earlier "reset" is not taken again.
      dialog.returnValue = '';
      dialog.showModal();
    }
    // A browser without <dialog> still asks.
    else if (window.confirm(dialog?.querySelector('p')?.textContent ?? '')) {
      resetProgress();
      say(strings.resetDone ?? '');
    }
  });
  dialog?.addEventListener('close', () => {
    if (dialog.returnValue === 'reset') {
      resetProgress();
      say(strings.resetDone ?? '');
    }
  });

  render(loadProgress().progress);
  onProgressChange(render);
}
