// The combined editor schema, checked with ajv and with the YAML language service monaco-yaml runs in its
// worker (yaml-language-server, a dependency of monaco-yaml), so completion, hover and validation are
// tested the way the workbench gets them, per document of a multi-document file.
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editorSchema } from '../../../src/sim/resources/schemas/index.ts';

const schema = editorSchema();

describe('editorSchema() with ajv', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  const gw = (port: unknown) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'web' },
    spec: { servers: [{ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
  });

  it('is draft-07 and dispatches on apiVersion and kind', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(validate(gw(80))).toBe(true);
    expect(validate(gw('80'))).toBe(false);
    // The same object under the core group is not a Gateway: no Gateway rules apply.
    expect(validate({ ...gw('80'), apiVersion: 'v1' })).toBe(true);
  });

  it('accepts kinds it does not model and validates the items of a List', () => {
    expect(validate({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })).toBe(true);
    expect(validate({ apiVersion: 'v1', kind: 'List', items: [gw(80)] })).toBe(true);
    expect(validate({ apiVersion: 'v1', kind: 'List', items: [gw('80')] })).toBe(false);
  });
});

describe('editorSchema() in the YAML language service (monaco-yaml)', () => {
  const ls = getLanguageService({
    schemaRequestService: async () => '',
    workspaceContext: { resolveRelativePath: (p: string) => p },
  } as never);
  ls.configure({
    validate: true,
    completion: true,
    hover: true,
    schemas: [{ uri: 'inmemory://gateway-lab/resources.json', fileMatch: ['*'], schema: schema as never }],
  });
  // The service caches parsed documents by URI and version: every text gets its own URI.
  let n = 0;
  const open = (text: string) => TextDocument.create(`file:///doc-${n++}.yaml`, 'yaml', 1, text);

  /** Completion labels at the `|` in `text`. */
  async function complete(text: string): Promise<string[]> {
    const offset = text.indexOf('|');
    const doc = open(text.slice(0, offset) + text.slice(offset + 1));
    const list = await ls.doComplete(doc, doc.positionAt(offset), false);
    return list.items.map((i) => i.label);
  }

  async function problems(text: string): Promise<[number, string][]> {
    const diagnostics = await ls.doValidation(open(text), false);
    return diagnostics.map((d) => [
      d.range.start.line + 1,
      typeof d.message === 'string' ? d.message : d.message.value,
    ]);
  }

  const GATEWAY_HEAD =
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: web\nspec:\n  servers:\n';

  it('completes apiVersion and kind values', async () => {
    expect(await complete('apiVersion: |\n')).toEqual(
      expect.arrayContaining(['networking.istio.io/v1', 'v1', 'apps/v1', 'networking.k8s.io/v1']),
    );
    expect(await complete('apiVersion: networking.istio.io/v1\nkind: |\n')).toEqual(
      expect.arrayContaining([
        'Gateway',
        'VirtualService',
        'DestinationRule',
        'ServiceEntry',
        'Secret',
        'Deployment',
      ]),
    );
  });

  it('offers server skeletons and fields inside a Gateway, and upper-case protocols', async () => {
    const inServer = await complete(GATEWAY_HEAD + '  - |\n');
    expect(inServer).toEqual(
      expect.arrayContaining([
        'HTTPS server (terminate TLS)',
        'HTTP server redirecting to HTTPS',
        'hosts',
        'tls',
      ]),
    );
    const protocols = await complete(GATEWAY_HEAD + '  - port:\n      protocol: |\n');
    expect(protocols).toEqual(
      expect.arrayContaining(['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS']),
    );
    expect(protocols.every((p) => p === p.toUpperCase())).toBe(true);
    expect(await complete(GATEWAY_HEAD + '  - tls:\n      mode: |\n')).toEqual([
      'PASSTHROUGH',
      'SIMPLE',
      'MUTUAL',
      'AUTO_PASSTHROUGH',
      'ISTIO_MUTUAL',
      'OPTIONAL_MUTUAL',
    ]);
  });

  it('offers route skeletons in a VirtualService http rule', async () => {
    const labels = await complete(
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: app\nspec:\n  http:\n  - |\n',
    );
    expect(labels).toEqual(
      expect.arrayContaining(['route by path prefix', 'weighted split (canary)', 'match', 'route']),
    );
  });

  // After a `---`, yaml-language-server 1.23 proposes nothing on a blank line under a key (whatever the
  // schema: a plain two-property schema behaves the same), so the cursor sits after a first letter.
  it('completes per document in a multi-document file', async () => {
    const labels = await complete(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  h|\n',
    );
    expect(labels).toEqual(expect.arrayContaining(['host', 'subsets', 'trafficPolicy']));
    expect(labels).not.toContain('ports');
  });

  it('validates each document: wrong types, case-sensitive enums, unknown fields, webhook rules', async () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n---\n' +
      GATEWAY_HEAD +
      [
        '  - port:',
        '      number: "443"', // line 16
        '      name: https',
        '      protocol: https', // line 18, any case: fine
        '    hosts: ["*"]',
        '    tls:',
        '      mode: simple', // line 21
        '      credentialname: web-tls', // line 22
        '  - port: {number: 80, name: http, protocol: HTTP}',
        '    hosts: ["*"]',
        '    tls: {mode: SIMPLE, credentialName: web-tls}', // line 25
      ].join('\n');
    const found = await problems(text);
    expect(found).toEqual(
      expect.arrayContaining([
        [16, 'Incorrect type. Expected "integer".'],
        [21, expect.stringContaining('Value is not accepted')],
        [22, 'Property credentialname is not allowed.'],
        [25, 'A plain-text HTTP server cannot terminate TLS.'],
      ]),
    );
    expect(found.filter(([line]) => line < 9)).toEqual([]);
    expect(found.filter(([line]) => line === 18)).toEqual([]);
  });

  it('shows learner documentation on hover', async () => {
    const text = GATEWAY_HEAD + '  - tls:\n      mode: SIMPLE\n';
    const doc = open(text);
    const hover = await ls.doHover(doc, doc.positionAt(text.indexOf('mode')));
    const value = JSON.stringify(hover?.contents);
    expect(value).toContain('case-sensitive');
    expect(value).toContain('credentialName');
  });
});
