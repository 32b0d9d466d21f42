// Shared configuration and certificates for the client-model tests: the seed layout (Gateways a and b
// on port 443, one VirtualService each, webapp/server backends), with real certificates.
import { makeCA, makeLeaf } from '../../support/certs.ts';
import type { CA, IssuedCertificate } from '../../support/certs.ts';

export interface Pki {
  ca: CA;
  wildcard: IssuedCertificate;
  onlyA: IssuedCertificate;
  onlyB: IssuedCertificate;
  client: IssuedCertificate;
}

let pki: Promise<Pki> | null = null;

/** Made once per test file (key generation is the slow part). */
export function getPki(): Promise<Pki> {
  pki ??= (async () => {
    const ca = await makeCA('Client Model Test CA');
    return {
      ca,
      wildcard: await makeLeaf({
        sans: ['*.sample.com', 'sample.com'],
        issuer: ca,
        commonName: '*.sample.com',
      }),
      onlyA: await makeLeaf({ sans: ['a.sample.com'], issuer: ca, commonName: 'a.sample.com' }),
      onlyB: await makeLeaf({ sans: ['b.sample.com'], issuer: ca, commonName: 'b.sample.com' }),
      client: await makeLeaf({
        sans: ['client.sample.com'],
        issuer: ca,
        commonName: 'client.sample.com',
        clientAuth: true,
      }),
    };
  })();
  return pki;
}

const q = (s: string) => JSON.stringify(s);

export function secret(name: string, cert: IssuedCertificate, caPem?: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: istio-system
type: Opaque
stringData:
  tls.crt: ${q(cert.certPem)}
  tls.key: ${q(cert.keyPem)}
${caPem ? `  ca.crt: ${q(caPem)}\n` : ''}`;
}

export interface ServerOpts {
  hosts: string[];
  credentialName: string;
  mode?: 'SIMPLE' | 'MUTUAL';
  /** Also a port-80 server with httpsRedirect for the same hosts. */
  redirect?: boolean;
}

export function gateway(ns: string, o: ServerOpts): string {
  const hosts = o.hosts.map((h) => `    - ${q(h)}`).join('\n');
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gateway
  namespace: ${ns}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
${hosts}
    tls:
      mode: ${o.mode ?? 'SIMPLE'}
      credentialName: ${o.credentialName}
${
  o.redirect
    ? `  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
${hosts}
    tls:
      httpsRedirect: true
`
    : ''
}`;
}

/** VirtualService `app` in `ns` for `hosts`, bound to `ns/gateway`, everything to webapp.<ns>. */
export function virtualService(ns: string, hosts: string[], extraRoute = ''): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: ${ns}
spec:
  hosts:
${hosts.map((h) => `  - ${q(h)}`).join('\n')}
  gateways:
  - gateway
  http:
${extraRoute}  - route:
    - destination:
        host: webapp
        port:
          number: 80
`;
}

export function webapp(ns: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: webapp
  namespace: ${ns}
spec:
  selector:
    app: webapp
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
  namespace: ${ns}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: webapp
  template:
    metadata:
      labels:
        app: webapp
    spec:
      containers:
      - name: webapp
        image: example/webapp
`;
}

export const join = (...docs: string[]) => docs.join('---\n');

/** The seed case: Gateways a and b, each for its own host, both with `credential`. */
export function twoGateways(credA: string, credB: string, opts: Partial<ServerOpts> = {}): string {
  return join(
    gateway('a', { hosts: ['a.sample.com'], credentialName: credA, ...opts }),
    gateway('b', { hosts: ['b.sample.com'], credentialName: credB, ...opts }),
    virtualService('a', ['a.sample.com']),
    virtualService('b', ['b.sample.com']),
    webapp('a'),
    webapp('b'),
  );
}

export const GATEWAY_IP = '203.0.113.10';

export const DNS: Record<string, string[]> = {
  'a.sample.com': [GATEWAY_IP],
  'b.sample.com': [GATEWAY_IP],
  'c.sample.com': [GATEWAY_IP],
};
