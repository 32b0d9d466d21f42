// Turns a client-scenario corpus entry (shared/conformance/client-scenarios.json format) into a
// Gateway Lab scenario, the way the contract's "How acceptance reads the corpora" describes: real
// certificates with the listed SANs from CAs named by `issuer`, written into the Secrets.
import { makeCA, makeLeaf } from './certs.ts';
import type { CA } from './certs.ts';
import type { Scenario, ScenarioRequest } from '../../src/sim/scenario.ts';

export interface CorpusStep {
  step: number;
  url?: string;
  command?: string;
  invocation?: number;
  browserState?: string;
  expect: Record<string, unknown> & {
    status: number | null;
    exitCode: number | null;
    clientError: string | null;
    reusedConnection?: boolean;
    backend: string | null;
    statusFromApp?: boolean;
    envoy?: { routeConfig?: string | null; upstreamCluster?: string | null };
  };
}

export interface CorpusCertificate {
  secret?: string;
  clientCertificate?: string;
  backendCertificate?: string;
  sans: string[];
  issuer: string;
  trustedByClient?: boolean;
  clientCaBundle?: string;
}

export interface CorpusScenario {
  id: string;
  config: string;
  client: 'browser-h2' | 'curl-h2' | 'curl-h1' | 'nc';
  certificates: CorpusCertificate[];
  dns: Record<string, string[]>;
  requests: CorpusStep[];
  dataPlane?: string;
  gatewayServicePorts?: Record<string, number>;
}

function yamlScalar(s: string): string {
  return JSON.stringify(s);
}

/** Replace the placeholder data of a Secret document with real PEMs (stringData). */
function replaceSecret(config: string, ns: string, name: string, data: Record<string, string>): string {
  const docs = config.split(/^---\s*$/m);
  const block = Object.entries(data)
    .map(([k, v]) => `  ${k}: ${yamlScalar(v)}`)
    .join('\n');
  let found = false;
  const out = docs.map((d) => {
    if (
      !/kind:\s*Secret/.test(d) ||
      !new RegExp(`name:\\s*${name}\\b`).test(d) ||
      !new RegExp(`namespace:\\s*${ns}\\b`).test(d)
    )
      return d;
    found = true;
    return d.replace(/^(stringData|data):\n(?:[ \t]+.*\n?)*/m, `stringData:\n${block}\n`);
  });
  if (!found) {
    out.push(
      `\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ntype: Opaque\nstringData:\n${block}\n`,
    );
  }
  return out.join('---\n');
}

export async function toScenario(c: CorpusScenario): Promise<{ scenario: Scenario; stepIndex: number[] }> {
  const cas = new Map<string, CA>();
  const ca = async (name: string) => {
    let x = cas.get(name);
    if (!x) cas.set(name, (x = await makeCA(name)));
    return x;
  };
  let config = c.config;
  const trust: string[] = [];
  const files: Record<string, string> = {};
  const backends: Record<string, { certificate: string }> = {};
  for (const cert of c.certificates) {
    const issuer = await ca(cert.issuer);
    if (cert.trustedByClient && !trust.includes(issuer.certPem)) trust.push(issuer.certPem);
    // A CA the client does not trust reaches it only as a file for --cacert: `ca.crt` (the first CA)
    // and `<issuer>.crt` when the issuer's name is a file name (the Istio tasks' `example.com.crt`).
    if (!files['ca.crt']) files['ca.crt'] = issuer.certPem;
    if (/^[\w.-]+$/.test(cert.issuer)) files[`${cert.issuer}.crt`] = issuer.certPem;
    if (cert.secret) {
      const leaf = await makeLeaf({ sans: cert.sans, issuer, commonName: cert.sans[0] });
      const [ns, name] = cert.secret.split('/');
      const data: Record<string, string> = { 'tls.crt': leaf.certPem, 'tls.key': leaf.keyPem };
      if (cert.clientCaBundle) data['ca.crt'] = (await ca(cert.clientCaBundle)).certPem;
      config = replaceSecret(config, ns, name, data);
    } else if (cert.clientCertificate) {
      const leaf = await makeLeaf({ sans: cert.sans, issuer, commonName: cert.sans[0], clientAuth: true });
      files['client.crt'] = leaf.certPem;
      files['client.key'] = leaf.keyPem;
    } else if (cert.backendCertificate) {
      const leaf = await makeLeaf({ sans: cert.sans, issuer, commonName: cert.sans[0] });
      // Keyed by the backend Service `name.namespace` (contract clarification 9).
      backends[cert.backendCertificate] = { certificate: leaf.certPem };
    }
  }
  if (c.gatewayServicePorts) {
    const extra = Object.entries(c.gatewayServicePorts)
      .map(
        ([port, target]) =>
          `  - name: tcp-${port}\n    port: ${port}\n    targetPort: ${target}\n    protocol: TCP`,
      )
      .join('\n');
    config += `\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: istio-ingressgateway\n  namespace: istio-system\n  labels:\n    app: istio-ingressgateway\n    istio: ingressgateway\nspec:\n  type: LoadBalancer\n  selector:\n    app: istio-ingressgateway\n    istio: ingressgateway\n  ports:\n  - name: status-port\n    port: 15021\n    targetPort: 15021\n    protocol: TCP\n  - name: http2\n    port: 80\n    targetPort: 8080\n    protocol: TCP\n  - name: https\n    port: 443\n    targetPort: 8443\n    protocol: TCP\n${extra}\n`;
  }
  const requests: ScenarioRequest[] = [];
  const stepIndex: number[] = [];
  let browser = 0;
  const seenInvocations = new Set<number>();
  for (const s of c.requests) {
    if (s.command) {
      if (s.invocation !== undefined) {
        if (seenInvocations.has(s.invocation)) {
          stepIndex.push(requests.length - 1);
          continue;
        }
        seenInvocations.add(s.invocation);
      }
      requests.push({ command: s.command });
    } else {
      // Steps without a command are browser steps (acceptance's reading), whatever the scenario's
      // client: a named browser; `browserState: "fresh"` starts a new one.
      if (s.browserState === 'fresh') browser++;
      requests.push({ url: s.url!, browser: `browser-${browser}` } as ScenarioRequest);
    }
    stepIndex.push(requests.length - 1);
  }
  const kind = c.client === 'browser-h2' ? 'browser' : c.client === 'nc' ? 'raw' : 'curl';
  const scenario: Scenario = {
    config,
    dns: c.dns,
    client: { kind, http: c.client === 'curl-h1' ? '1.1' : '2', trust },
    files,
    backends,
    requests,
    whatIf: c.dataPlane === 'misdirected-421' ? { misdirected421: true } : undefined,
  };
  return { scenario, stepIndex };
}
