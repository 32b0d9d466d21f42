// Starlight's search (its Search.astro) imports `@pagefind/default-ui` when every page becomes idle and
// builds the search form into the hidden search dialog at once. That is ~26 kB of gzipped JavaScript on
// every page, read or not, for a dialog most visits never open. astro.config.mjs points the bare
// `@pagefind/default-ui` import at this module instead: it has the same `PagefindUI` constructor, keeps
// the options Starlight passes, and builds the real Pagefind UI the first time the dialog opens (Starlight
// opens it with showModal(), from its button or Ctrl/Cmd+K), or earlier when the pointer or keyboard focus
// reaches the search button, so the form is usually there before the dialog is. Search itself (the index,
// the results, Starlight's styling) is unchanged.
//
// The real module is imported by its file path: the alias matches the bare package name only.

interface PagefindOptions {
  element: string;
  [option: string]: unknown;
}

type RealPagefindUI = new (options: PagefindOptions) => unknown;

let loading: Promise<RealPagefindUI> | null = null;

function loadPagefindUI(): Promise<RealPagefindUI> {
  // @ts-expect-error: @pagefind/default-ui ships no type declarations.
  loading ??= import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs').then(
    (m: { PagefindUI: RealPagefindUI }) => m.PagefindUI,
  );
  return loading;
}

export class PagefindUI {
  constructor(options: PagefindOptions) {
    const target = document.querySelector(options.element);
    const dialog = target?.closest('dialog');
    let built: Promise<void> | null = null;
    const build = () => {
      built ??= loadPagefindUI().then((Real) => {
        new Real(options);
        // Starlight focused the search input when it opened the dialog; the input exists only now.
        if (dialog?.open) dialog.querySelector<HTMLInputElement>('input')?.focus();
      });
      return built;
    };
    if (!dialog || dialog.open) {
      void build();
      return;
    }
    const observer = new MutationObserver(() => {
      if (!dialog.open) return;
      observer.disconnect();
      void build();
    });
    observer.observe(dialog, { attributes: true, attributeFilter: ['open'] });
    const opener = dialog.parentElement?.querySelector('button[data-open-modal]');
    for (const event of ['pointerenter', 'focus', 'touchstart']) {
      opener?.addEventListener(event, () => void build(), { once: true, passive: true });
    }
  }
}
