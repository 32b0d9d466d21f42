// Build-time: the island configuration for a lab or for the playground, written into the page as JSON.
import type { Lab } from '../../labs/lab.ts';
import { labScenario, localizeLab } from '../../labs/lab.ts';
import { solutionFiles } from '../../labs/goals.ts';
import type { ScenarioRequest } from '../../sim/index.ts';
import en from '../../translations/en.json' with { type: 'json' };
import { t } from '../../i18n/ui.ts';
import type { Lang, UiKey } from '../../i18n/ui.ts';
import type { RequestSlot, WorkbenchConfig, WorkbenchState } from './types.ts';

const playgroundSources = import.meta.glob<string>('./playground/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The island's strings: every `workbench.*` and `lab.*` key, in the page's language. */
function islandStrings(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(en) as UiKey[])
    if (k.startsWith('workbench.') || k.startsWith('lab.')) out[k] = t(lang, k);
  return out;
}

function linkBase(lang: Lang): string {
  return lang === 'en' ? '' : `/${lang}`;
}

/** A curl command line for a URL request of a curl-client lab (the terminal shows commands). */
function curlFor(r: Extract<ScenarioRequest, { url: string }>): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['curl', '-v'];
  if (r.method && r.method.toUpperCase() !== 'GET') parts.push('-X', q(r.method.toUpperCase()));
  for (const [k, v] of Object.entries(r.headers ?? {})) parts.push('-H', q(`${k}: ${v}`));
  if (r.hostHeader) parts.push('-H', q(`Host: ${r.hostHeader}`));
  if (r.resolve) parts.push('--resolve', q(r.resolve));
  parts.push(q(r.url));
  return parts.join(' ');
}

/** A lab's requests split into the two panels, with the order the goals' indexes refer to. */
export function labRequests(lab: Lab, requests: ScenarioRequest[] = lab.requests) {
  const browser: string[] = [];
  const terminal: string[] = [];
  const slots: RequestSlot[] = [];
  const browserRequests: ScenarioRequest[] = [];
  for (const r of requests) {
    if ('url' in r && (lab.client.kind === 'browser' || r.browser !== undefined)) {
      browser.push(r.url);
      browserRequests.push(r);
      slots.push('browser');
    } else if ('url' in r) {
      terminal.push(curlFor(r));
      slots.push('terminal');
    } else if ('command' in r) {
      terminal.push(r.command);
      slots.push('terminal');
    }
    // Raw (Istio simulator style) requests have no panel; labs for the workbench use URLs or commands.
  }
  return { browser, terminal: terminal.join('\n'), slots, browserRequests };
}

/**
 * A lab in the page's language: its text (title, summary, objectives, hints, goals, what you learned)
 * from `translations.<lang>` where the lab has them, English otherwise. The other languages' text is
 * dropped: the page and the island carry one language.
 */
export function labInLanguage(lab: Lab, lang: Lang): Lab {
  const { translations: _all, ...localized } = localizeLab(lab, lang);
  return localized;
}

/** The island's configuration for a lab (`lab` as labInLanguage gives it). */
export function labConfig(lab: Lab, lang: Lang): WorkbenchConfig {
  const { browser, terminal, slots, browserRequests } = labRequests(lab);
  const initial: WorkbenchState = {
    files: lab.files.map((f) => ({
      name: f.name,
      content: f.content,
      ...(f.readOnly ? { readOnly: true } : {}),
    })),
    browser,
    terminal,
    client: lab.client,
  };
  const { config: _c, requests: _r, client: _cl, ...scenario } = labScenario(lab);
  return {
    mode: 'lab',
    key: `lab:${lab.id}`,
    lang,
    lab,
    solution: solutionFiles(lab).map((f) => ({
      name: f.name,
      content: f.content,
      ...(f.readOnly ? { readOnly: true } : {}),
    })),
    initial,
    scenario,
    slots,
    browserRequests,
    strings: islandStrings(lang),
    base: linkBase(lang),
  };
}

/** The playground's starting point: the two-Gateway, one-wildcard-certificate scenario. */
export function playgroundState(lang: Lang): WorkbenchState {
  const order = ['gateways.yaml', 'virtual-services.yaml', 'certificate.yaml', 'services.yaml'];
  const files = Object.entries(playgroundSources)
    .map(([path, content]) => ({ name: path.split('/').pop()!, content }))
    .sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return {
    files,
    browser: ['https://a.sample.com/', 'https://b.sample.com/'],
    terminal: `# ${t(lang, 'workbench.playground.terminalComment')}\ncurl -v https://b.sample.com/`,
    client: { kind: 'browser' },
  };
}

export function playgroundConfig(lang: Lang): WorkbenchConfig {
  return {
    mode: 'playground',
    key: 'playground',
    lang,
    lab: null,
    solution: null,
    initial: playgroundState(lang),
    scenario: {},
    slots: [],
    browserRequests: [],
    strings: islandStrings(lang),
    base: linkBase(lang),
  };
}

/** JSON safe inside a <script> element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
