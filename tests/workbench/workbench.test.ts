import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hunks, lineDiff } from '../../src/components/workbench/diff.ts';
import { applyableYaml, cleanState, readShared, shareUrl } from '../../src/components/workbench/state.ts';
import { run } from '../../src/components/workbench/sim-run.ts';
import {
  labConfig,
  labInLanguage,
  labRequests,
  playgroundState,
} from '../../src/components/workbench/config.ts';
import { formatAccessLog } from '../../src/sim/explain/access-log.ts';
import { parseLab } from '../../src/labs/lab.ts';
import type { SimRequest, WorkbenchState } from '../../src/components/workbench/types.ts';

// The workbench's pure parts: the solution diff, saved and shared state, the lab → panels mapping, and
// what the simulator worker answers (sim-run.ts) for the playground's seed scenario.

const playground = playgroundState('en');

function request(state: WorkbenchState, extra: Partial<SimRequest> = {}): SimRequest {
  return {
    wb: 'wb-1',
    id: 1,
    files: state.files.map((f) => ({ name: f.name, text: f.content })),
    scenario: { client: state.client },
    browser: state.browser,
    terminal: state.terminal,
    slots: [],
    browserRequests: [],
    lab: null,
    ...extra,
  };
}

describe('lineDiff', () => {
  it('keeps common lines and marks removed and added ones', () => {
    const d = lineDiff('a\nb\nc\n', 'a\nx\nc\n');
    expect(d).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
  });

  it('shows only changes with context, gaps as null', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const h = hunks(lineDiff(before, after), 1);
    expect(h).toEqual([
      null,
      { op: ' ', text: 'line 9' },
      { op: '-', text: 'line 10' },
      { op: '+', text: 'line ten' },
      { op: ' ', text: 'line 11' },
      null,
    ]);
  });
});

describe('saved and shared state', () => {
  it('round-trips the whole state through a share link', async () => {
    const state: WorkbenchState = {
      files: [{ name: 'g.yaml', content: 'kind: Gateway\n# 한국어 <b>tags</b>\n', readOnly: true }],
      browser: ['https://a.sample.com/'],
      terminal: 'curl -v https://b.sample.com/',
      client: { kind: 'browser' },
    };
    const url = await shareUrl(
      'lab:first-route',
      state,
      new URL('https://x.test/gateway/') as unknown as Location,
    );
    const hash = new URL(url).hash;
    expect(hash).toMatch(/^#share=lab%3Afirst-route\.[\w-]+$/);
    expect(await readShared('lab:first-route', hash)).toEqual({ kind: 'ok', state });
    // A link for another workbench, or none, is not for this one.
    expect(await readShared('playground', hash)).toEqual({ kind: 'none' });
    expect(await readShared('playground', '')).toEqual({ kind: 'none' });
  });

  it('says when a link is damaged instead of loading garbage', async () => {
    const r = await readShared('playground', '#share=playground.not-deflate-data');
    expect(r.kind).toBe('invalid');
  });

  it('rejects what is not a workbench state', () => {
    expect(cleanState(null)).toBeNull();
    expect(cleanState({ files: [{ name: 1, content: 'x' }] })).toBeNull();
    expect(cleanState({ files: [], browser: ['a', 2], terminal: 3 })).toEqual({
      files: [],
      browser: ['a'],
      terminal: '',
      client: {},
    });
  });

  it('downloads every file as one kubectl-applicable stream', () => {
    const text = applyableYaml([
      { name: 'a.yaml', content: '---\nkind: A\n' },
      { name: 'b.yaml', content: 'kind: B\n---\nkind: C\n\n' },
    ]);
    expect(text).toBe('# Source: a.yaml\nkind: A\n---\n# Source: b.yaml\nkind: B\n---\nkind: C\n');
  });
});

describe('lab requests in the panels', () => {
  const labs = readdirSync(join(import.meta.dirname, '../../labs'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parseLab(readFileSync(join(import.meta.dirname, '../../labs', f), 'utf8'), f).lab!)
    .filter(Boolean);

  it('keeps one slot per request, in order, for every lab (goals refer to requests by index)', () => {
    for (const lab of labs) {
      const r = labRequests(lab);
      const usable = lab.requests.filter((q) => 'url' in q || 'command' in q);
      expect(r.slots, lab.id).toHaveLength(usable.length);
      expect(r.browser.length + r.terminal.split('\n').filter(Boolean).length, lab.id).toBe(usable.length);
    }
  });
});

describe('a lab in the page language', () => {
  const text = readFileSync(join(import.meta.dirname, '../../labs/seed-shared-certificate-404.yaml'), 'utf8');
  const lab = parseLab(text, 'seed').lab!;
  const ko = lab.translations!.ko;

  it('Korean pages get the Korean text, goal by goal, and the island carries one language', () => {
    const config = labConfig(labInLanguage(lab, 'ko'), 'ko');
    expect(config.lab!.title).toBe(ko.title);
    expect(config.lab!.hints).toEqual(ko.hints);
    expect(config.lab!.learned).toBe(ko.learned);
    for (const g of config.lab!.goals) expect(g.description).toBe(ko.goals![g.id]);
    expect(config.lab).not.toHaveProperty('translations');
    // Only the words change: the files, requests and goal checks are the lab's own.
    expect(config.initial).toEqual(labConfig(labInLanguage(lab, 'en'), 'en').initial);
    expect(config.lab!.goals.map((g) => ({ ...g, description: '' }))).toEqual(
      lab.goals.map((g) => ({ ...g, description: '' })),
    );
  });

  it('English pages keep the English text', () => {
    const config = labConfig(labInLanguage(lab, 'en'), 'en');
    expect(config.lab!.title).toBe(lab.title);
    expect(config.lab!.hints).toEqual(lab.hints);
    expect(config.lab).not.toHaveProperty('translations');
  });
});

describe('the simulator worker (sim-run.ts)', () => {
  it('answers the seed scenario: 200 for a, 404 NR on the reused connection for b, curl 200', async () => {
    const res = await run(request(playground));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.wb).toBe('wb-1');
    expect(res.results.map((r) => [r.label, r.status, r.responseFlags, r.connection?.reused])).toEqual([
      ['browser: GET https://a.sample.com/', 200, '-', false],
      ['browser: GET https://b.sample.com/', 404, 'NR', true],
      ['curl -v https://b.sample.com/', 200, '-', false],
    ]);
    // Where each request came from: browser lines 1 and 2, terminal line 2 (line 1 is a comment).
    expect(res.origins).toEqual([
      { panel: 'browser', line: 1 },
      { panel: 'browser', line: 2 },
      { panel: 'terminal', line: 2 },
    ]);
    expect(res.diagnostics.map((d) => d.code)).toContain('IST0138');
    expect(res.goals).toBeNull();
  });

  it('cuts each access log line into pieces that put the real line back together', async () => {
    const res = await run(request(playground));
    if (!res.ok) throw new Error(res.error);
    res.results.forEach((r, i) => {
      const segs = res.logs[i]!;
      expect(segs.map((s) => s.text).join('')).toBe(formatAccessLog(r.accessLogRecord as never));
      expect(r.accessLog).toBe(segs.map((s) => s.text).join(''));
    });
    const b = res.logs[1]!;
    expect(b.find((s) => s.field === 'response_flags')?.text).toBe('NR');
    expect(b.find((s) => s.field === 'requested_server_name')?.text).toBe('a.sample.com');
    expect(b.find((s) => s.field === 'authority')?.text).toBe('b.sample.com');
  });

  it('links proxy-config rows back to the YAML file and line', async () => {
    const res = await run(request(playground));
    if (!res.ok) throw new Error(res.error);
    const rows = res.proxyConfig.listeners.rows;
    expect(rows.some((r) => r.cells.includes('SNI: a.sample.com'))).toBe(true);
    const src = rows.find((r) => r.cells.includes('SNI: a.sample.com'))!.source!;
    expect(src.file).toBe('gateways.yaml');
    const line = playground.files.find((f) => f.name === 'gateways.yaml')!.content.split('\n')[
      src.range!.line - 1
    ];
    expect(line).toMatch(/- port:/);
  });

  it('fills the lab order: goals name requests by index across the two panels', async () => {
    const res = await run(
      request(
        { ...playground, browser: ['https://a.sample.com/'], terminal: 'curl -sv https://b.sample.com/' },
        { slots: ['terminal', 'browser'] },
      ),
    );
    if (!res.ok) throw new Error(res.error);
    expect(res.results.map((r) => r.label)).toEqual([
      'curl -sv https://b.sample.com/',
      'browser: GET https://a.sample.com/',
    ]);
  });

  it('answers broken YAML with diagnostics, not an exception', async () => {
    const res = await run(
      request({ ...playground, files: [{ name: 'x.yaml', content: 'kind: [Gateway\n' }], terminal: '' }),
    );
    if (!res.ok) throw new Error(res.error);
    expect(res.diagnostics.map((d) => d.code)).toContain('GWL0001');
    expect(res.results).toHaveLength(2);
  });
});
