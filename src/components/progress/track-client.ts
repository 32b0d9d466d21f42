// Client side of Track.astro: progress bars, counts and per-lab marks from this browser's lab progress.
import { loadProgress, onProgressChange } from '../../labs/progress.ts';
import type { LabStatus, ProgressData } from '../../labs/progress.ts';

const ids = (el: HTMLElement): string[] => {
  try {
    return JSON.parse(el.dataset.labs ?? '[]') as string[];
  } catch {
    return [];
  }
};

export function initTracks(): void {
  const tracks = document.querySelectorAll<HTMLElement>('[data-track]');
  if (!tracks.length) return;
  const render = (progress: ProgressData) => {
    const status = (id: string): LabStatus => progress.labs[id]?.status ?? 'not-started';
    const done = (labs: string[]) => labs.filter((id) => status(id) === 'complete').length;
    for (const track of tracks) {
      let strings: Record<string, string> = {};
      try {
        strings = JSON.parse(track.dataset.strings ?? '{}') as Record<string, string>;
      } catch {
        // Keep the server-rendered counts.
      }
      for (const bar of track.querySelectorAll<HTMLProgressElement>('progress[data-track-bar]'))
        bar.value = done(ids(bar));
      for (const count of track.querySelectorAll<HTMLElement>('[data-track-count]')) {
        const labs = ids(count);
        if (strings.progress)
          count.textContent = strings.progress
            .replace('{done}', String(done(labs)))
            .replace('{total}', String(labs.length));
      }
      for (const li of track.querySelectorAll<HTMLElement>('[data-track-lab]')) {
        const s = status(li.dataset.trackLab ?? '');
        li.dataset.status = s;
        const words = li.querySelector<HTMLElement>('[data-track-lab-status]');
        if (words) words.textContent = ` (${strings[s] ?? s})`;
      }
    }
  };
  render(loadProgress().progress);
  onProgressChange(render);
}
