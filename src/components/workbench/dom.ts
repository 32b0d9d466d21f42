// A tiny DOM builder. Every string becomes a text node (never HTML), so anything that comes from the
// learner's YAML, a URL or a simulator message is shown as typed, markup included.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replace an element's children. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

let uid = 0;
export function nextId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/**
 * WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab stop, arrow keys, Home/End
 * move between tabs and select them. Returns the panels and a function to select a tab by key.
 */
export function tabs(
  label: string,
  items: { key: string; label: string }[],
  onSelect?: (key: string) => void,
): {
  root: HTMLElement;
  panels: Record<string, HTMLElement>;
  tabButtons: Record<string, HTMLButtonElement>;
  select: (key: string, focus?: boolean) => void;
} {
  const list = h('div', { role: 'tablist', 'aria-label': label, class: 'wb-tablist' });
  const panels: Record<string, HTMLElement> = {};
  const tabButtons: Record<string, HTMLButtonElement> = {};
  const root = h('div', { class: 'wb-tabs' }, list);
  const select = (key: string, focus = false) => {
    for (const it of items) {
      const on = it.key === key;
      tabButtons[it.key].setAttribute('aria-selected', String(on));
      tabButtons[it.key].tabIndex = on ? 0 : -1;
      panels[it.key].hidden = !on;
    }
    if (focus) tabButtons[key].focus();
    onSelect?.(key);
  };
  items.forEach((it, i) => {
    const id = nextId('wb-tab');
    const b = h('button', {
      type: 'button',
      role: 'tab',
      id,
      class: 'wb-tab',
      'aria-selected': i === 0 ? 'true' : 'false',
      tabindex: i === 0 ? 0 : -1,
    });
    b.textContent = it.label;
    const p = h('div', { role: 'tabpanel', 'aria-labelledby': id, class: 'wb-tabpanel', tabindex: 0 });
    p.hidden = i !== 0;
    b.setAttribute('aria-controls', (p.id = `${id}-panel`));
    b.addEventListener('click', () => select(it.key));
    b.addEventListener('keydown', (e) => {
      const k = items.findIndex((x) => x.key === it.key);
      let n = -1;
      if (e.key === 'ArrowRight') n = (k + 1) % items.length;
      else if (e.key === 'ArrowLeft') n = (k - 1 + items.length) % items.length;
      else if (e.key === 'Home') n = 0;
      else if (e.key === 'End') n = items.length - 1;
      if (n < 0) return;
      e.preventDefault();
      select(items[n].key, true);
    });
    tabButtons[it.key] = b;
    panels[it.key] = p;
    list.append(b);
    root.append(p);
  });
  return { root, panels, tabButtons, select };
}

/**
 * Shows `content` in a modal native <dialog> (focus is trapped and restored by the browser) and resolves
 * with what `settle` is called with; Escape settles with `cancelled`. The dialog is removed afterwards.
 */
function modal<T>(
  label: string,
  cancelled: T,
  build: (settle: (value: T) => void) => { content: Node[]; focus: () => void; describedBy?: string },
): Promise<T> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'wb-dialog not-content' });
    const settle = (value: T) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const { content, focus, describedBy } = build(settle);
    dialog.append(...content);
    dialog.setAttribute('aria-label', label);
    if (describedBy) dialog.setAttribute('aria-describedby', describedBy);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      settle(cancelled);
    });
    document.body.append(dialog);
    dialog.showModal();
    focus();
  });
}

/** A modal yes/no question. Resolves true when the learner confirms. */
export function ask(question: string, confirmLabel: string, cancelLabel: string): Promise<boolean> {
  return modal(question, false, (settle) => {
    const yes = h('button', { type: 'button', class: 'wb-button wb-primary', value: 'yes' }, confirmLabel);
    const no = h('button', { type: 'button', class: 'wb-button', value: 'no' }, cancelLabel);
    const text = h('p', { id: nextId('wb-ask') }, question);
    yes.addEventListener('click', () => settle(true));
    no.addEventListener('click', () => settle(false));
    const actions = h('div', { class: 'wb-dialog-actions' }, no, yes);
    return { content: [text, actions], focus: () => no.focus(), describedBy: text.id };
  });
}

/**
 * A modal text question. `check` returns an error message for a value that cannot be used; the dialog
 * then stays open with the message tied to the field. Resolves to the accepted value, or null when the
 * learner cancels.
 */
export function askText(options: {
  label: string;
  value: string;
  confirmLabel: string;
  cancelLabel: string;
  check: (value: string) => string | null;
}): Promise<string | null> {
  return modal<string | null>(options.label, null, (settle) => {
    const input = h('input', {
      type: 'text',
      class: 'wb-input wb-text-input',
      id: nextId('wb-ask-input'),
      spellcheck: 'false',
      autocapitalize: 'off',
      autocomplete: 'off',
    });
    input.value = options.value;
    const error = h('p', { class: 'wb-field-error', id: nextId('wb-ask-error'), role: 'alert' });
    error.hidden = true;
    const yes = h('button', { type: 'submit', class: 'wb-button wb-primary' }, options.confirmLabel);
    const no = h('button', { type: 'button', class: 'wb-button' }, options.cancelLabel);
    const form = h(
      'form',
      { method: 'dialog' },
      h('label', { for: input.id, class: 'wb-label' }, options.label),
      input,
      error,
      h('div', { class: 'wb-dialog-actions' }, no, yes),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const problem = options.check(input.value);
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', error.id);
        input.focus();
        return;
      }
      settle(input.value.trim());
    });
    input.addEventListener('input', () => {
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    });
    no.addEventListener('click', () => settle(null));
    const focus = () => {
      input.focus();
      // Select the name without its extension, as file managers do.
      input.setSelectionRange(0, input.value.replace(/\.ya?ml$/i, '').length);
    };
    return { content: [form], focus };
  });
}
