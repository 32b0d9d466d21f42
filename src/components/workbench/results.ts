// Rendering of what the simulator worker returns: outcomes, traces, the path taken, connection timeline,
// curl -v transcripts, proxy-config tables, gateway logs and problems. It only renders; every fact
// comes from the simulator's result fields. Text from the learner's YAML is always a text node.
import type { Diagnostic, RequestResult, TraceSource, TraceStep } from '../../sim/index.ts';
import { h } from './dom.ts';
import type { LogSegment, ProxyConfigView, RequestOrigin, SimSuccess } from './types.ts';

export type T = (key: string, vars?: Record<string, string | number>) => string;

export interface RenderContext {
  t: T;
  /** Link prefix for chapter pages ("" or "/ko"). */
  base: string;
  /** Highlight a YAML range in the editor. */
  reveal: (source: TraceSource) => void;
}

/** A button that highlights the YAML a fact came from, or the resource name when it has no file. */
export function sourceLink(ctx: RenderContext, source: TraceSource | null): HTMLElement | null {
  if (!source) return null;
  if (!source.file || !source.range) return h('span', { class: 'wb-source' }, source.resource);
  const where = `${source.file}:${source.range.line}`;
  return h(
    'button',
    {
      type: 'button',
      class: 'wb-link wb-source',
      title: ctx.t('workbench.source.title', { resource: source.resource, where }),
      onclick: () => ctx.reveal(source),
    },
    `${source.resource} · ${where}`,
  );
}

function learnMoreLink(ctx: RenderContext, href: string | undefined): HTMLElement | null {
  if (!href || !href.startsWith('/')) return null;
  return h('a', { class: 'wb-learn', href: `${ctx.base}${href}` }, ctx.t('workbench.learnMore'));
}

/** "404 NR route_not_found", "curl: (60) …", "TCP connected". */
export function outcomeText(r: RequestResult, t: T): { text: string; ok: boolean } {
  if (r.clientError?.message) {
    // Messages curl prints whole ("curl: option --foo: is unknown") already carry their prefix.
    const code =
      r.clientError.curlExitCode !== null && !r.clientError.message.startsWith('curl:')
        ? `curl: (${r.clientError.curlExitCode}) `
        : '';
    return { text: `${code}${r.clientError.message}`, ok: false };
  }
  if (r.status !== null) {
    const parts = [`${r.status}`];
    if (r.responseFlags && r.responseFlags !== '-') parts.push(r.responseFlags);
    if (r.responseCodeDetails) parts.push(r.responseCodeDetails);
    return { text: parts.join(' '), ok: r.status < 400 };
  }
  if (r.tcpResult) return { text: t(`workbench.tcp.${r.tcpResult}`), ok: r.tcpResult === 'connected' };
  return { text: r.error ?? t('workbench.noResponse'), ok: false };
}

const MARK: Record<TraceStep['outcome'], string> = {
  matched: '✓',
  'not-matched': '✗',
  failed: '✗',
  info: '·',
  skipped: '–',
};

function traceList(ctx: RenderContext, steps: TraceStep[]): HTMLElement {
  return h(
    'ol',
    { class: 'wb-trace' },
    steps.map((s) =>
      h(
        'li',
        { class: `wb-step wb-step-${s.outcome}` },
        h('span', { class: 'wb-step-mark', 'aria-hidden': 'true' }, MARK[s.outcome]),
        h(
          'div',
          { class: 'wb-step-body' },
          h(
            'p',
            null,
            h('span', { class: 'wb-step-stage' }, ctx.t(`workbench.stage.${s.stage}`)),
            h('span', { class: 'visually-hidden' }, ` (${ctx.t(`workbench.outcome.${s.outcome}`)})`),
            ': ',
            s.text,
          ),
          s.nearMisses?.length
            ? h(
                'div',
                { class: 'wb-nearmisses' },
                h('p', { class: 'wb-small' }, ctx.t('workbench.nearMisses')),
                h(
                  'ul',
                  null,
                  s.nearMisses.map((n) => h('li', null, n)),
                ),
              )
            : null,
          s.source || s.learnMore
            ? h('p', { class: 'wb-step-links' }, sourceLink(ctx, s.source), learnMoreLink(ctx, s.learnMore))
            : null,
        ),
      ),
    ),
  );
}

interface PathNode {
  key: string;
  value: string;
}

/**
 * The path the request took, from the result fields: client → listener → filter chain → route config →
 * virtual host → route → Service (subset). The path stops where the request stopped.
 */
export function pathDiagram(r: RequestResult, t: T): HTMLElement {
  const tcp = !!r.tcpResult || (!r.routeConfig && !!r.cluster && r.status === null);
  const nodes: PathNode[] = [
    { key: 'client', value: r.sni ? `SNI ${r.sni}` : r.authority ? r.authority : '' },
    { key: 'listener', value: r.listener },
    {
      key: 'filterChain',
      value: r.serverNames?.length
        ? r.serverNames.join(', ')
        : r.filterChain || (r.listener && r.routeConfig ? '*' : ''),
    },
  ];
  if (!tcp) {
    nodes.push(
      { key: 'routeConfig', value: r.routeConfig },
      { key: 'virtualHost', value: r.virtualHost },
      { key: 'route', value: r.route || (r.virtualHost && (r.cluster || r.location) ? '✓' : '') },
    );
  }
  const backend = r.backend
    ? `${r.backend.service}:${r.backend.port}${r.backend.subset ? ` (${r.backend.subset})` : ''}`
    : r.location
      ? `→ ${r.location}`
      : r.cluster;
  nodes.push({ key: 'backend', value: backend });
  nodes[0].value ||= r.label;
  const items: HTMLElement[] = [];
  for (const n of nodes) {
    if (!n.value) {
      items.push(
        h(
          'li',
          { class: 'wb-node wb-node-stop' },
          h('span', { class: 'wb-node-key' }, t(`workbench.path.${n.key}`)),
          h('span', { class: 'wb-node-value' }, t('workbench.path.stopped')),
        ),
      );
      break;
    }
    items.push(
      h(
        'li',
        { class: 'wb-node' },
        h('span', { class: 'wb-node-key' }, t(`workbench.path.${n.key}`)),
        h('span', { class: 'wb-node-value' }, n.value),
      ),
    );
  }
  return h('ol', { class: 'wb-path', 'aria-label': t('workbench.path.label') }, items);
}

function originText(t: T, o: RequestOrigin | undefined): string {
  if (!o) return '';
  return t(o.panel === 'browser' ? 'workbench.origin.browser' : 'workbench.origin.terminal', {
    line: o.line,
  });
}

export function renderResults(ctx: RenderContext, out: SimSuccess): HTMLElement {
  const { t } = ctx;
  if (!out.results.length) return h('p', { class: 'wb-empty' }, t('workbench.results.none'));
  // Failed requests open with their trace; the others show their one-line outcome until opened. When
  // everything succeeded, the last request stays open.
  const failed = out.results.map((r) => !outcomeText(r, t).ok);
  const anyFailed = failed.some(Boolean);
  return h(
    'div',
    { class: 'wb-results' },
    out.results.map((r, i) => {
      const o = outcomeText(r, t);
      const open = anyFailed ? failed[i] : i === out.results.length - 1;
      const isBrowser = out.origins[r.request]?.panel === 'browser';
      const conn = r.connection
        ? t(r.connection.reused ? 'workbench.connection.reused' : 'workbench.connection.new', {
            id: r.connection.id,
          })
        : '';
      return h(
        'details',
        { class: `wb-result ${o.ok ? 'wb-ok' : 'wb-fail'}`, open, 'data-result': i },
        h(
          'summary',
          null,
          h('span', { class: 'wb-result-label' }, r.label),
          ' ',
          h(
            'span',
            { class: `wb-badge ${o.ok ? 'wb-badge-ok' : 'wb-badge-fail'}`, 'data-outcome': '' },
            o.text,
          ),
          conn ? h('span', { class: 'wb-small' }, ` · ${conn}`) : null,
          h('span', { class: 'wb-small' }, ` · ${originText(t, out.origins[r.request])}`),
        ),
        r.connection?.reason
          ? h(
              'p',
              { class: 'wb-conn-reason' },
              h('strong', null, `${t('workbench.connection.why')} `),
              r.connection.reason,
            )
          : null,
        pathDiagram(r, t),
        h('p', { class: 'wb-subhead' }, t('workbench.trace')),
        traceList(ctx, r.trace),
        !isBrowser && r.transcript.length
          ? h(
              'details',
              { class: 'wb-transcript', open: true },
              h('summary', null, t('workbench.transcript')),
              h('pre', { tabindex: 0 }, h('code', null, r.transcript.join('\n'))),
            )
          : null,
      );
    }),
  );
}

/** Which connection each browser request used, and why it was (re)used. */
export function renderConnections(ctx: RenderContext, out: SimSuccess): HTMLElement {
  const { t } = ctx;
  const rows = out.results.filter((r) => r.connection);
  if (!rows.length) return h('p', { class: 'wb-empty' }, t('workbench.connections.none'));
  return h(
    'ol',
    { class: 'wb-timeline' },
    rows.map((r) =>
      h(
        'li',
        { class: r.connection!.reused ? 'wb-reused' : 'wb-new' },
        h(
          'p',
          null,
          h('span', { class: 'wb-conn-id' }, t('workbench.connection.id', { id: r.connection!.id })),
          ' ',
          h(
            'span',
            { class: 'wb-badge' },
            t(r.connection!.reused ? 'workbench.connection.reusedShort' : 'workbench.connection.newShort'),
          ),
          ' ',
          h('span', { class: 'wb-result-label' }, r.label),
          ' → ',
          h('span', { class: 'wb-outcome' }, outcomeText(r, t).text),
        ),
        r.connection!.reason ? h('p', { class: 'wb-small' }, r.connection!.reason) : null,
      ),
    ),
  );
}

function table(ctx: RenderContext, view: ProxyConfigView, caption: string, command: string): HTMLElement {
  const { t } = ctx;
  return h(
    'div',
    { class: 'wb-table-wrap' },
    h('pre', { class: 'wb-command' }, h('code', null, `$ ${command}`)),
    view.rows.length
      ? h(
          'div',
          { class: 'wb-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
          h(
            'table',
            { class: 'wb-table' },
            h('caption', { class: 'visually-hidden' }, caption),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                view.columns.map((c) => h('th', { scope: 'col' }, c)),
                h('th', { scope: 'col' }, t('workbench.pc.source')),
              ),
            ),
            h(
              'tbody',
              null,
              view.rows.map((r) =>
                h(
                  'tr',
                  null,
                  r.cells.map((c) => h('td', null, c)),
                  h('td', null, sourceLink(ctx, r.source)),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'wb-empty' }, t('workbench.pc.empty')),
  );
}

export const PROXY_CONFIG_KINDS = ['listeners', 'routes', 'clusters', 'secret'] as const;

export function renderProxyConfig(
  ctx: RenderContext,
  out: SimSuccess,
  kind: (typeof PROXY_CONFIG_KINDS)[number],
): HTMLElement {
  return table(
    ctx,
    out.proxyConfig[kind],
    ctx.t(`workbench.pc.${kind}`),
    `istioctl proxy-config ${kind} deploy/istio-ingressgateway -n istio-system`,
  );
}

const FLAG_KEYS = new Set([
  'NR',
  'NC',
  'UH',
  'UF',
  'UO',
  'URX',
  'UT',
  'UC',
  'UR',
  'DC',
  'DI',
  'FI',
  'DPE',
  'LR',
  'RL',
  'UAEX',
  'NFCF',
  'DF',
]);

/** The hover text for one highlighted access log field. */
function fieldHelp(t: T, field: string, value: string): string {
  const base = t(`workbench.log.field.${field}`);
  if (field === 'response_flags') {
    const flags = value
      .split(',')
      .filter((f) => FLAG_KEYS.has(f))
      .map((f) => `${f}: ${t(`workbench.flag.${f}`)}`);
    return [base, ...flags].join(' ');
  }
  return base;
}

function logLine(t: T, segs: LogSegment[]): HTMLElement {
  return h(
    'code',
    { class: 'wb-logline' },
    segs.map((s) => {
      if (!s.field) return s.text;
      const help = fieldHelp(t, s.field, s.text);
      // Hover or keyboard focus shows the explanation; screen readers get it as the description.
      return h(
        'span',
        {
          class: `wb-log-field wb-log-${s.field}`,
          tabindex: 0,
          title: help,
          'aria-label': `${s.text}: ${help}`,
        },
        s.text,
      );
    }),
  );
}

export function renderLogs(ctx: RenderContext, out: SimSuccess): HTMLElement {
  const { t } = ctx;
  if (!out.results.length) return h('p', { class: 'wb-empty' }, t('workbench.results.none'));
  return h(
    'div',
    null,
    h('p', { class: 'wb-small' }, t('workbench.logs.intro')),
    h(
      'ol',
      { class: 'wb-logs' },
      out.results.map((r, i) =>
        h(
          'li',
          null,
          h('p', { class: 'wb-small' }, r.label),
          out.logs[i]
            ? h('div', { class: 'wb-scroll', tabindex: 0 }, logLine(t, out.logs[i]!))
            : h('p', { class: 'wb-empty' }, t('workbench.logs.noLine')),
        ),
      ),
    ),
  );
}

export function diagnosticText(d: Diagnostic): string {
  return `${d.level} [${d.code}] ${d.message}`;
}

export function renderProblems(
  ctx: RenderContext,
  diagnostics: Diagnostic[],
  knownFiles: Set<string>,
): HTMLElement {
  const { t } = ctx;
  if (!diagnostics.length) return h('p', { class: 'wb-empty' }, t('workbench.problems.none'));
  return h(
    'ul',
    { class: 'wb-problems' },
    diagnostics.map((d) => {
      const src: TraceSource | null =
        d.range && knownFiles.has(d.file)
          ? { resource: d.resource || d.file, file: d.file, line: d.range.line, range: d.range, path: [] }
          : null;
      return h(
        'li',
        { class: `wb-problem wb-level-${d.level.toLowerCase()}` },
        h('p', null, h('span', { class: 'wb-badge' }, `${d.level} ${d.code}`), ' ', d.message),
        d.fix ? h('p', { class: 'wb-small' }, h('strong', null, `${t('workbench.fix')} `), d.fix) : null,
        src
          ? h('p', { class: 'wb-step-links' }, sourceLink(ctx, src))
          : d.resource
            ? h('p', { class: 'wb-small' }, d.resource)
            : null,
      );
    }),
  );
}
