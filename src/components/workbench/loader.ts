// The only workbench script a page loads up front (a few hundred bytes): it waits until a workbench is
// near the screen, then loads the workbench UI and Monaco in parallel and mounts the island. Pages
// without a workbench never load this.
import type { WorkbenchConfig } from './types.ts';

function start(el: HTMLElement) {
  const script = el.querySelector('script[data-wb-config]');
  if (!script?.textContent) return;
  const config = JSON.parse(script.textContent) as WorkbenchConfig;
  const monaco = import('./monaco.ts');
  import('./workbench.ts')
    .then((m) => m.mount(el, config, monaco))
    .catch((e: unknown) => {
      const p = el.querySelector('[data-wb-placeholder] p');
      if (p)
        p.textContent = `${config.strings['workbench.loadFailed'] ?? 'The workbench could not load.'} (${e instanceof Error ? e.message : String(e)})`;
    });
}

const roots = [...document.querySelectorAll<HTMLElement>('[data-wb-root]')];
// A workbench already on screen (the playground, a link to a lab's anchor) starts at once, without
// waiting for the observer's first callback after layout.
const onScreen = (el: HTMLElement) => {
  const r = el.getBoundingClientRect();
  return r.top < innerHeight && r.bottom > 0;
};
if ('IntersectionObserver' in window) {
  const io = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        io.unobserve(e.target);
        start(e.target as HTMLElement);
      }
    },
    { rootMargin: '400px 0px' },
  );
  roots.forEach((el) => (onScreen(el) ? start(el) : io.observe(el)));
} else {
  roots.forEach(start);
}
