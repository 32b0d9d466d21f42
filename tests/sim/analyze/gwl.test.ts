// Gateway Lab's own checks (GWL01xx): each has a case where it fires and one where it must not.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf } from '../../support/certs.ts';
import type { CA, IssuedCertificate } from '../../support/certs.ts';
import { analyzeYaml, block, codes, tlsSecret } from './helpers.ts';

const APP = `apiVersion: v1
kind: Service
metadata:
  name: webapp
  namespace: a
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
  namespace: a
spec:
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
        image: example/webapp`;

function gateway(servers: string, name = 'web', namespace = 'istio-system'): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    istio: ingressgateway
  servers:
${servers}`;
}

const HTTP_SERVER = `  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "app.example.com"`;

function virtualService(extra: string, hosts = '["app.example.com"]', name = 'app'): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: a
spec:
  hosts: ${hosts}
${extra}  http:
  - route:
    - destination:
        host: webapp
        port:
          number: 80`;
}

const join = (...docs: string[]) => docs.join('\n---\n');

let ca: CA;
let app: IssuedCertificate;
let other: IssuedCertificate;

beforeAll(async () => {
  ca = await makeCA('Sample Test CA');
  app = await makeLeaf({ sans: ['app.example.com'], issuer: ca });
  other = await makeLeaf({ sans: ['other.example.com'], issuer: ca });
});

describe('GWL0102 VirtualServiceNotBoundToGateway', () => {
  it('fires for an external host without gateways, naming the Gateway that lists it', async () => {
    const ds = await analyzeYaml(join(APP, gateway(HTTP_SERVER), virtualService('')));
    const [d] = codes(ds, 'GWL0102');
    expect(d.resource).toBe('VirtualService a/app');
    expect(d.level).toBe('Warning');
    expect(d.message).toContain('app.example.com');
    expect(d.fix).toContain('gateways: [istio-system/web]');
    expect(d.range?.line).toBeGreaterThan(0);
  });

  it('stays quiet when the VirtualService names the Gateway', async () => {
    const ds = await analyzeYaml(
      join(APP, gateway(HTTP_SERVER), virtualService('  gateways: ["istio-system/web"]\n')),
    );
    expect(codes(ds, 'GWL0102')).toEqual([]);
    expect(codes(ds, 'IST0132')).toEqual([]);
  });

  it('stays quiet for Service names and for egress hosts a ServiceEntry defines', async () => {
    const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api
  namespace: a
spec:
  hosts: ["api.partner.com"]
  ports:
  - {number: 443, name: https, protocol: HTTPS}
  resolution: DNS`;
    const ds = await analyzeYaml(
      join(
        APP,
        gateway(HTTP_SERVER),
        se,
        virtualService('', '["webapp", "webapp.a", "webapp.a.svc.cluster.local"]', 'mesh'),
        virtualService('', '["api.partner.com"]', 'egress'),
      ),
    );
    expect(codes(ds, 'GWL0102')).toEqual([]);
  });
});

describe('GWL0103 / GWL0104 tls block without mode', () => {
  const https = (tls: string) => `  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "app.example.com"
    tls:
${tls}`;

  it('GWL0104: a credentialName without mode is ignored (PASSTHROUGH)', async () => {
    const ds = await analyzeYaml(
      join(
        tlsSecret('app-cert', 'istio-system', app.certPem, app.keyPem),
        gateway(https('      credentialName: app-cert')),
      ),
    );
    const [d] = codes(ds, 'GWL0104');
    expect(d.resource).toBe('Gateway istio-system/web');
    expect(d.message).toContain('PASSTHROUGH');
    expect(d.fix).toContain('mode: SIMPLE');
    // Istio's webhook only says the certificate is ignored.
    expect(codes(ds, 'IST0133').map((x) => x.message)).toContain(
      'Schema validation warning: PASSTHROUGH mode does not use certificates, they will be ignored',
    );
    expect(codes(ds, 'GWL0103')).toEqual([]);
  });

  it('GWL0103: an empty tls block on an HTTPS server defaults to PASSTHROUGH', async () => {
    const ds = await analyzeYaml(gateway(https('      minProtocolVersion: TLSV1_2')));
    const [d] = codes(ds, 'GWL0103');
    expect(d.message).toContain('PASSTHROUGH');
    expect(codes(ds, 'GWL0104')).toEqual([]);
  });

  it('is quiet with an explicit mode, and on HTTP servers that only redirect', async () => {
    const redirect = `  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "app.example.com"
    tls:
      httpsRedirect: true`;
    const ds = await analyzeYaml(
      join(
        tlsSecret('app-cert', 'istio-system', app.certPem, app.keyPem),
        gateway(`${https('      mode: SIMPLE\n      credentialName: app-cert')}\n${redirect}`),
      ),
    );
    expect(codes(ds, 'GWL0103')).toEqual([]);
    expect(codes(ds, 'GWL0104')).toEqual([]);
    expect(codes(ds, 'IST0106')).toEqual([]);
    expect(codes(ds, 'IST0133')).toEqual([]);
  });
});

describe('GWL0105 DestinationNotVisibleToGateway', () => {
  const exported = APP.replace(
    '  namespace: a\nspec:\n  selector:\n    app: webapp',
    '  namespace: a\n  annotations:\n    networking.istio.io/exportTo: "."\nspec:\n  selector:\n    app: webapp',
  );

  it('fires when the Service is exported only to its own namespace', async () => {
    const ds = await analyzeYaml(
      join(exported, gateway(HTTP_SERVER), virtualService('  gateways: ["istio-system/web"]\n')),
    );
    const [d] = codes(ds, 'GWL0105');
    expect(d.resource).toBe('VirtualService a/app');
    expect(d.message).toContain('503');
    expect(d.message).toContain('NC');
    expect(d.fix).toContain('networking.istio.io/exportTo: ".,istio-system"');
    // IST0101 looks from the VirtualService's namespace and finds it.
    expect(codes(ds, 'IST0101')).toEqual([]);
  });

  it('is quiet for a Service visible everywhere, and leaves missing hosts to IST0101', async () => {
    const ok = await analyzeYaml(
      join(APP, gateway(HTTP_SERVER), virtualService('  gateways: ["istio-system/web"]\n')),
    );
    expect(codes(ok, 'GWL0105')).toEqual([]);
    const missing = await analyzeYaml(
      join(gateway(HTTP_SERVER), virtualService('  gateways: ["istio-system/web"]\n')),
    );
    expect(codes(missing, 'GWL0105')).toEqual([]);
    const [d] = codes(missing, 'IST0101');
    expect(d.message).toBe('Referenced host not found: "webapp"');
    expect(d.fix).toContain('503');
  });
});

describe('GWL0106 SubsetSelectsNoPodsOfService', () => {
  const pods = (name: string, app: string, version: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: a
  labels:
    app: ${app}
    version: ${version}
spec:
  containers:
  - name: c
    image: example/${app}`;
  const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: webapp
  namespace: a
spec:
  host: webapp
  subsets:
  - name: v2
    labels:
      version: v2`;
  const svc = APP.split('\n---\n')[0];

  it('fires when only pods of another Service carry the subset labels', async () => {
    const ds = await analyzeYaml(
      join(svc, pods('webapp-1', 'webapp', 'v1'), pods('ratings-1', 'ratings', 'v2'), dr),
    );
    expect(codes(ds, 'IST0173')).toEqual([]);
    const [d] = codes(ds, 'GWL0106');
    expect(d.resource).toBe('DestinationRule a/webapp');
    expect(d.message).toContain('503');
    expect(d.fix).toContain('version: v1');
  });

  it("is quiet when the Service's own pods carry them, and leaves 'no pod anywhere' to IST0173", async () => {
    const ok = await analyzeYaml(
      join(svc, pods('webapp-1', 'webapp', 'v1'), pods('webapp-2', 'webapp', 'v2'), dr),
    );
    expect(codes(ok, 'GWL0106')).toEqual([]);
    expect(codes(ok, 'IST0173')).toEqual([]);
    const none = await analyzeYaml(join(svc, pods('webapp-1', 'webapp', 'v1'), dr));
    expect(codes(none, 'GWL0106')).toEqual([]);
    expect(codes(none, 'IST0173').map((d) => d.resource)).toEqual(['DestinationRule a/webapp']);
  });
});

describe('GWL0107 SecretKeyMismatch', () => {
  const https = `  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "app.example.com"
    tls:
      mode: SIMPLE
      credentialName: app-cert`;

  it('fires when the key belongs to another certificate (IST0161 does not check that)', async () => {
    const yaml = join(tlsSecret('app-cert', 'istio-system', app.certPem, other.keyPem), gateway(https));
    const ds = await analyzeYaml(yaml);
    expect(codes(ds, 'IST0161')).toEqual([]);
    const [d] = codes(ds, 'GWL0107');
    expect(d.resource).toBe('Secret istio-system/app-cert');
    expect(d.message).toContain('does not belong');
    expect(d.message).toContain('istio-system/web');
    expect(yaml.split('\n')[d.range!.line - 1]).toContain('tls.key');
  });

  it('fires when the key is not a private key at all', async () => {
    const ds = await analyzeYaml(
      join(tlsSecret('app-cert', 'istio-system', app.certPem, 'not a key'), gateway(https)),
    );
    expect(codes(ds, 'IST0161')).toEqual([]);
    expect(codes(ds, 'GWL0107')[0].message).toContain('not a private key');
  });

  it('is quiet for a matching pair', async () => {
    const ds = await analyzeYaml(
      join(tlsSecret('app-cert', 'istio-system', app.certPem, app.keyPem), gateway(https)),
    );
    expect(codes(ds, 'GWL0107')).toEqual([]);
    expect(ds.filter((d) => d.level === 'Error')).toEqual([]);
  });
});

describe('GWL0108 MutualTlsWithoutClientCa', () => {
  const mutual = `  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "app.example.com"
    tls:
      mode: MUTUAL
      credentialName: app-cert`;

  it('fires when neither ca.crt nor an app-cert-cacert Secret exists', async () => {
    const ds = await analyzeYaml(
      join(tlsSecret('app-cert', 'istio-system', app.certPem, app.keyPem), gateway(mutual)),
    );
    const [d] = codes(ds, 'GWL0108');
    expect(d.resource).toBe('Gateway istio-system/web');
    expect(d.fix).toContain('ca.crt');
  });

  it('is quiet with ca.crt in the Secret, or with a -cacert Secret', async () => {
    const withCa = await analyzeYaml(
      join(
        tlsSecret('app-cert', 'istio-system', app.certPem, app.keyPem, { 'ca.crt': ca.certPem }),
        gateway(mutual),
      ),
    );
    expect(codes(withCa, 'GWL0108')).toEqual([]);
    const caSecret = `apiVersion: v1
kind: Secret
metadata:
  name: app-cert-cacert
  namespace: istio-system
stringData:
  ca.crt: ${block(ca.certPem, 2)}`;
    const separate = await analyzeYaml(
      join(tlsSecret('app-cert', 'istio-system', app.certPem, app.keyPem), caSecret, gateway(mutual)),
    );
    expect(codes(separate, 'GWL0108')).toEqual([]);
  });
});
