// Extra checks for the labs of chapters 1-5 (ingress-basics, gateway, virtualservice, destinationrule,
// tls): each lab starts broken for the reason its text teaches (not just "some goal fails"), the
// tempting half-fixes its hints warn about really do not pass, and other correct fixes do. Plus the
// chapter headings that the simulator's trace links point at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../../src/labs/lab.ts';
import type { Lab, LabFile } from '../../../src/labs/lab.ts';
import { runLab, solutionFiles } from '../../../src/labs/goals.ts';
import type { RequestResult } from '../../../src/sim/traffic/types.ts';

const root = join(import.meta.dirname, '../../..');

function lab(id: string): Lab {
  const { lab: l, problems } = parseLab(readFileSync(join(root, 'labs', `${id}.yaml`), 'utf8'), id);
  if (!l) throw new Error(problems.join('\n'));
  return l;
}

function fileOf(files: LabFile[], name: string): string {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no file ${name}`);
  return f.content;
}

/** The lab's starting files with one file's text changed. */
function edited(l: Lab, name: string, change: (text: string) => string): LabFile[] {
  return l.files.map((f) => (f.name === name ? { ...f, content: change(f.content) } : f));
}

async function results(l: Lab, files: LabFile[] = l.files): Promise<RequestResult[]> {
  return (await runLab(l, files)).output.results;
}

async function passes(l: Lab, files: LabFile[]): Promise<boolean> {
  return (await runLab(l, files)).goals.every((g) => g.pass);
}

describe('ingress-basics labs', () => {
  it('follow-the-path starts with 503 NC for a cluster in istio-system', async () => {
    const [r] = await results(lab('follow-the-path'));
    expect(r.status).toBe(503);
    expect(r.responseFlags).toBe('NC');
    expect(r.upstreamCluster ?? r.cluster).toContain('webapp.istio-system.svc.cluster.local');
  });

  it('follow-the-path also passes when the VirtualService moves to shop with istio-system/public-gateway', async () => {
    const l = lab('follow-the-path');
    const files = edited(l, 'virtualservice.yaml', (t) =>
      t
        .replace('namespace: istio-system', 'namespace: shop')
        .replace('- public-gateway', '- istio-system/public-gateway'),
    );
    expect(await passes(l, files)).toBe(true);
  });
});

describe('gateway labs', () => {
  it('gateway-selector starts with connection refused (curl 7), not an HTTP error', async () => {
    const [r] = await results(lab('gateway-selector'));
    expect(r.status).toBeNull();
    expect(r.clientError?.curlExitCode).toBe(7);
    expect(r.error).toBe('no-listener');
  });

  it('ports-and-target-ports: fixing only match.port turns the 404 into 503 NC (port 8080 on the Service)', async () => {
    const l = lab('ports-and-target-ports');
    const [start] = await results(l);
    expect(start.status).toBe(404);
    expect(start.virtualHost).toBe('blackhole:80');
    const [half] = await results(
      l,
      edited(l, 'virtualservice.yaml', (t) => t.replace('- port: 8080', '- port: 80')),
    );
    expect(half.status).toBe(503);
    expect(half.responseFlags).toBe('NC');
  });

  it('gateway-host-namespace: a bare host lets the sandbox preview take the shop over', async () => {
    const l = lab('gateway-host-namespace');
    const files = edited(l, 'gateway.yaml', (t) => t.replace('shop/shop.example.com', 'shop.example.com'));
    const [shop] = await results(l, files);
    expect(shop.backend?.service).toBe('webapp-preview.sandbox');
    expect(await passes(l, files)).toBe(false);
  });
});

describe('virtualservice labs', () => {
  it('bind-to-gateway: the bare Gateway name still leaves the blackhole virtual host', async () => {
    const [r] = await results(lab('bind-to-gateway'));
    expect(r.status).toBe(404);
    expect(r.virtualHost).toBe('blackhole:80');
  });

  it('catch-all-first: reordering alone still sends /apidocs to catalog', async () => {
    const l = lab('catch-all-first');
    const content = fileOf(solutionFiles(l), 'virtualservice.yaml').replace(
      'prefix: /api/ ',
      'prefix: /api ',
    );
    const files = l.files.map((f) => (f.name === 'virtualservice.yaml' ? { ...f, content } : f));
    const rs = await results(l, files);
    expect(rs[0].backend?.service).toBe('catalog.shop');
    expect(rs[2].backend?.service).toBe('catalog.shop');
    expect(await passes(l, files)).toBe(false);
  });

  it('canary-weights: the missing weight sends everything to canary; 9 and 1 split like 90 and 10', async () => {
    const l = lab('canary-weights');
    for (const r of await results(l)) expect(r.backend?.subset).toBe('canary');
    const sol = fileOf(solutionFiles(l), 'virtualservice.yaml');
    const files = l.files.map((f) =>
      f.name === 'virtualservice.yaml'
        ? { ...f, content: sol.replace('weight: 90', 'weight: 9').replace('weight: 10', 'weight: 1') }
        : f,
    );
    expect(await passes(l, files)).toBe(true);
  });

  it('match-and-or: two match entries are OR, so the header alone routes /products to the new checkout', async () => {
    const rs = await results(lab('match-and-or'));
    expect(rs[2].backend?.subset).toBe('feature-checkout');
    expect(rs[1].backend?.subset).toBe('feature-checkout');
  });

  it('fragment-order: the catalog fragment, first by name, takes /api/orders and the home page', async () => {
    const rs = await results(lab('fragment-order'));
    expect(rs[0].backend?.service).toBe('catalog.shop');
    expect(rs[2].backend?.service).toBe('catalog.shop');
  });
});

describe('destinationrule labs', () => {
  it('subset-not-defined: only the request that draws the canary fails, with 503 NC', async () => {
    const rs = await results(lab('subset-not-defined'));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 503]);
    expect(rs[3].responseFlags).toBe('NC');
  });

  it('subset-selects-no-pods and duplicate-subset start with 503 UH for the testers', async () => {
    for (const id of ['subset-selects-no-pods', 'duplicate-subset']) {
      const [tester, other] = await results(lab(id));
      expect(tester.status, id).toBe(503);
      expect(tester.responseFlags, id).toBe('UH');
      expect(other.status, id).toBe(200);
    }
  });

  it('duplicate-subset: fixing only the team fragment changes nothing (the first definition wins)', async () => {
    const l = lab('duplicate-subset');
    const files = edited(l, 'destinationrule-team.yaml', (t) => t.replace('version: v2', 'version: v2 # ok'));
    const [tester] = await results(l, files);
    expect(tester.responseFlags).toBe('UH');
  });
});

describe('tls labs', () => {
  it('credential-namespace starts with a reset handshake (curl 35) while port 80 works', async () => {
    const [https, http] = await results(lab('credential-namespace'));
    expect(https.clientError?.curlExitCode).toBe(35);
    expect(http.status).toBe(200);
  });

  it('https-redirect: deleting the port 80 server refuses the connection instead of redirecting', async () => {
    const l = lab('https-redirect');
    const files = edited(l, 'gateway.yaml', (t) =>
      t.replace(/ {4}- port:\n {8}number: 80\n[\s\S]*?- shop\.example\.com\n/, ''),
    );
    const [r] = await results(l, files);
    expect(r.clientError?.curlExitCode).toBe(7);
  });

  it('second-https-host: catalog on the webapp server fails verification (curl 60), not the handshake', async () => {
    const l = lab('second-https-host');
    const [, start] = await results(l);
    expect(start.clientError?.curlExitCode).toBe(35);
    const files = edited(l, 'gateway.yaml', (t) =>
      t.replace('- webapp.istioinaction.io', '- webapp.istioinaction.io\n        - catalog.istioinaction.io'),
    );
    const [, shared] = await results(l, files);
    expect(shared.clientError?.curlExitCode).toBe(60);
  });

  it('certificate-covers-host: the wildcard certificate alone breaks the bare domain', async () => {
    const l = lab('certificate-covers-host');
    const files = edited(l, 'gateway.yaml', (t) =>
      t.replace('credentialName: www-shop-example-com', 'credentialName: star-shop-example-com'),
    );
    const [api, www, apex] = await results(l, files);
    expect(api.status).toBe(200);
    expect(www.status).toBe(200);
    expect(apex.clientError?.curlExitCode).toBe(60);
  });
});

describe('chapter anchors the simulator links to', () => {
  const slug = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s/g, '-');
  const headings = (page: string) =>
    new Set(
      [...readFileSync(join(root, 'content/docs', `${page}.mdx`), 'utf8').matchAll(/^#{2,3} (.+)$/gm)].map(
        (m) => slug(m[1]),
      ),
    );

  it.each([
    ['gateway', ['ports-and-target-ports', 'route-configurations']],
    ['virtualservice', ['virtual-hosts', 'matching-requests', 'weighted-routing']],
    ['tls', ['https-redirect', 'sni-and-filter-chains', 'credentialname-and-secrets', 'reading-curl--v']],
  ])('%s has %j', (page, anchors) => {
    const have = headings(page);
    for (const a of anchors) expect(have.has(a), `${page}#${a}`).toBe(true);
  });
});
