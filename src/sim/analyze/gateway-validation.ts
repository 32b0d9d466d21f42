// schema.ValidationAnalyzer for Gateway — istio/istio pkg/config/analysis/analyzers/schema/validation.go
// running the webhook's ValidateGateway (pkg/config/validation/validation.go: validateServer,
// validateServerPort, validateServerBind, validateTLSOptions). Errors are IST0106, warnings IST0133,
// with Istio's texts; `kubectl apply` rejects (or warns about) the same objects.
import type { FieldPath } from '../resources/types.ts';
import { arr, num, obj, objOrNull, str } from '../resources/read.ts';
import type { Obj } from '../resources/read.ts';
import type { AnalysisContext } from './context.ts';
import { report, resourceOf } from './context.ts';
import type { Problem } from './validation-util.ts';
import {
  isDNS1123Label,
  isHTTPProtocol,
  isTLSProtocol,
  isValidIPAddress,
  parseProtocol,
  validateGatewayServerHost,
  validatePort,
} from './validation-util.ts';

const UNIX_PREFIX = 'unix://';

/** Go's %v of a networking.Port (protobuf text form, zero fields left out). */
function portText(port: Obj): string {
  const parts: string[] = [];
  const n = num(port.number);
  if (n) parts.push(`number:${n}`);
  if (str(port.protocol)) parts.push(`protocol:${JSON.stringify(str(port.protocol))}`);
  if (str(port.name)) parts.push(`name:${JSON.stringify(str(port.name))}`);
  const t = num(port.targetPort);
  if (t) parts.push(`target_port:${t}`);
  return parts.join(' ');
}

function validateTLSOptions(
  tls: Obj,
  base: FieldPath,
  add: (text: string, path: FieldPath, warning?: boolean) => void,
): void {
  const mode = str(tls.mode).toUpperCase() || 'PASSTHROUGH';
  const minVersion = str(tls.minProtocolVersion).toUpperCase();
  if ((minVersion === 'TLSV1_0' || minVersion === 'TLSV1_1') && arr(tls.cipherSuites).length === 0) {
    add(
      'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.',
      [...base, 'minProtocolVersion'],
      true,
    );
  }
  const serverCertificate = str(tls.serverCertificate);
  const privateKey = str(tls.privateKey);
  const caCertificates = str(tls.caCertificates);
  const credentialName = str(tls.credentialName);
  const credentialNames = arr(tls.credentialNames);
  const tlsCertificates = arr(tls.tlsCertificates);
  const caCrl = str(tls.caCrl);
  if (mode === 'ISTIO_MUTUAL') {
    if (serverCertificate)
      add('ISTIO_MUTUAL TLS cannot have associated server certificate', [...base, 'serverCertificate']);
    if (privateKey) add('ISTIO_MUTUAL TLS cannot have associated private key', [...base, 'privateKey']);
    if (caCertificates) add('ISTIO_MUTUAL TLS cannot have associated CA bundle', [...base, 'caCertificates']);
    if (tlsCertificates.length)
      add('ISTIO_MUTUAL TLS cannot have associated tlsCertificates', [...base, 'tlsCertificates']);
    if (credentialName)
      add('ISTIO_MUTUAL TLS cannot have associated credentialName', [...base, 'credentialName']);
    if (credentialNames.length)
      add('ISTIO_MUTUAL TLS cannot have associated credentialNames', [...base, 'credentialNames']);
    return;
  }
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    if (
      caCrl ||
      serverCertificate ||
      privateKey ||
      caCertificates ||
      tlsCertificates.length ||
      credentialName ||
      credentialNames.length
    ) {
      // Kept as a warning for backwards compatibility; with `mode` left out this is the PASSTHROUGH
      // default silently dropping the certificate (see gwl-tls-mode.ts).
      add(
        `${mode} mode does not use certificates, they will be ignored`,
        credentialName ? [...base, 'credentialName'] : base,
        true,
      );
    }
  }
  let sources = 0;
  if (serverCertificate && privateKey) sources++;
  if (credentialName) sources++;
  if (credentialNames.length) sources++;
  if (tlsCertificates.length) sources++;
  if (sources > 1)
    add(
      'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified',
      base,
    );
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if (terminating && (credentialName || credentialNames.length)) return;
  if (terminating) {
    let prefix = 'SIMPLE TLS';
    if (mode !== 'SIMPLE') {
      prefix = 'MUTUAL TLS';
      if (!caCertificates) add(`${prefix} requires a client CA bundle`, base);
    }
    if (tlsCertificates.length > 2)
      add(`${prefix} can support up to 2 server certificates`, [...base, 'tlsCertificates'], true);
    const certs = tlsCertificates.length
      ? tlsCertificates.map((c) => ({
          serverCertificate: str(obj(c).serverCertificate),
          privateKey: str(obj(c).privateKey),
        }))
      : [{ serverCertificate, privateKey }];
    for (const c of certs) {
      if (!c.serverCertificate) add(`${prefix} requires a server certificate`, base);
      if (!c.privateKey) add(`${prefix} requires a private key`, base);
    }
  }
  if (caCrl) {
    if (credentialName)
      add('CRL is not supported with credentialName. CRL has to be specified in the credential', [
        ...base,
        'caCrl',
      ]);
    if (mode === 'SIMPLE') add('CRL is not supported with SIMPLE TLS', [...base, 'caCrl']);
  }
}

export function validateGatewaySpec(name: string, spec: Obj): Problem[] {
  const problems: Problem[] = [];
  const add = (text: string, path: FieldPath, warning = false) => problems.push({ text, path, warning });
  if (!isDNS1123Label(name)) add(`invalid gateway name: ${JSON.stringify(name)}`, ['metadata', 'name']);
  const servers = arr(spec.servers);
  if (servers.length === 0) add('gateway must have at least one server', ['spec']);
  servers.forEach((sv, i) => {
    const base = ['spec', 'servers', i];
    const server = objOrNull(sv);
    if (!server) return add('cannot have nil server', base);
    const hosts = arr(server.hosts);
    if (hosts.length === 0) add('server config must contain at least one host', [...base, 'hosts']);
    hosts.forEach((h, j) => {
      if (typeof h !== 'string') return;
      for (const e of validateGatewayServerHost(h)) add(e, [...base, 'hosts', j]);
    });
    const bind = str(server.bind);
    const port = objOrNull(server.port);
    let portErr = false;
    const portAdd = (text: string, path: FieldPath) => {
      portErr = true;
      add(text, path);
    };
    if (!port) portAdd('port is required', base);
    else {
      const pp = [...base, 'port'];
      if (parseProtocol(str(port.protocol)) === null) {
        portAdd(
          `invalid protocol ${JSON.stringify(str(port.protocol))}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`,
          [...pp, 'protocol'],
        );
      }
      const n = num(port.number) ?? 0;
      if (n > 0 || !bind.startsWith(UNIX_PREFIX)) {
        const e = validatePort(n);
        if (e) portAdd(e, [...pp, 'number']);
      }
      if ((num(port.targetPort) ?? 0) > 0)
        portAdd('targetPort has no impact on Gateways', [...pp, 'targetPort']);
      if (!str(port.name)) portAdd(`port name must be set: ${portText(port)}`, pp);
    }
    if (bind.startsWith(UNIX_PREFIX)) {
      const addr = bind.slice(UNIX_PREFIX.length);
      if (!addr) add('unix address must not be empty', [...base, 'bind']);
      else if (!addr.startsWith('@') && (!addr.startsWith('/') || addr.endsWith('/')))
        add(`${addr} is not an absolute path to a file`, [...base, 'bind']);
      if (port && (num(port.number) ?? 0) !== 0)
        add(`port number must be 0 for unix domain socket: ${portText(port)}`, [...base, 'bind']);
    } else if (bind && !isValidIPAddress(bind)) {
      add(`${bind} is not a valid IP`, [...base, 'bind']);
    }
    const tls = objOrNull(server.tls);
    if (tls) validateTLSOptions(tls, [...base, 'tls'], add);
    if (!portErr && port) {
      const p = parseProtocol(str(port.protocol));
      if (isTLSProtocol(p) && !tls)
        add('server must have TLS settings for HTTPS/TLS protocols', [...base, 'port', 'protocol']);
      else if (!isTLSProtocol(p) && tls) {
        if (isHTTPProtocol(p)) {
          const mode = str(tls.mode).toUpperCase() || 'PASSTHROUGH';
          const passthrough = mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
          if (!passthrough || str(tls.caCertificates) || str(tls.privateKey) || str(tls.serverCertificate)) {
            add('server cannot have TLS settings for plain text HTTP ports', [...base, 'tls']);
          }
        } else {
          add('server cannot have TLS settings for non HTTPS/TLS ports', [...base, 'tls']);
        }
      }
    }
  });
  const portNames = new Set<string>();
  servers.forEach((sv, i) => {
    const server = objOrNull(sv);
    if (!server) return add('server may not be nil', ['spec', 'servers', i]);
    const port = objOrNull(server.port);
    if (!port) return;
    const portName = str(port.name);
    if (portNames.has(portName))
      add(`port names in servers must be unique: duplicate name ${portName}`, [
        'spec',
        'servers',
        i,
        'port',
        'name',
      ]);
    portNames.add(portName);
    const tls = objOrNull(server.tls);
    if (!isHTTPProtocol(parseProtocol(str(port.protocol))) && tls && tls.httpsRedirect === true) {
      add(
        'tls.httpsRedirect should only be used with http servers',
        ['spec', 'servers', i, 'tls', 'httpsRedirect'],
        true,
      );
    }
  });
  return problems;
}

function problemFix(p: Problem): string {
  const t = p.text;
  if (t.startsWith('server must have TLS settings'))
    return 'Add a tls block with mode: SIMPLE and credentialName: <Secret name>, or use protocol HTTP.';
  if (t.includes('requires a server certificate') || t.includes('requires a private key'))
    return 'Add credentialName: <Secret name> (a kubernetes.io/tls Secret in the gateway namespace) to the tls block.';
  if (t.includes('requires a client CA bundle'))
    return 'Use credentialName with a Secret that holds ca.crt, or set caCertificates.';
  if (t.startsWith('port names in servers must be unique'))
    return 'Give every server of this Gateway its own port name (http, https-a, https-b, ...).';
  if (t.startsWith('server config must contain at least one host'))
    return 'List the host names this server accepts under hosts (for example "app.example.com" or "*").';
  if (t.includes('short names (non FQDN)'))
    return 'Gateway hosts are DNS names: write the full name (app.example.com), or "*".';
  if (t.startsWith('ISTIO_MUTUAL TLS cannot have'))
    return 'ISTIO_MUTUAL uses the mesh certificates: remove credentialName and certificate fields, or use mode MUTUAL.';
  if (t.includes('mode does not use certificates'))
    return 'Set mode: SIMPLE (or MUTUAL) to terminate TLS with this certificate, or remove the certificate fields for passthrough.';
  if (t.startsWith('tls.httpsRedirect'))
    return 'Move httpsRedirect: true to the plain HTTP server (port 80).';
  if (t.startsWith('targetPort has no impact'))
    return 'Remove targetPort: a Gateway server port is the port the gateway pod listens on.';
  if (t.startsWith('invalid protocol')) return 'Set port.protocol to HTTP, HTTPS, HTTP2, GRPC, TLS or TCP.';
  if (t.startsWith('port name must be set'))
    return 'Give the server port a name (for example http or https).';
  if (t.startsWith('invalid gateway name'))
    return 'Gateway names are DNS labels: lower-case letters, digits and dashes, no dots.';
  if (t.startsWith('server cannot have TLS settings for plain text HTTP ports'))
    return 'On an HTTP server only tls.httpsRedirect is allowed: move the certificate to an HTTPS server.';
  return p.warning
    ? 'kubectl apply prints this warning for the marked field: change it as the message says.'
    : "Istio's validating webhook rejects this Gateway (kubectl apply fails): correct the marked field.";
}

export function analyzeGatewayValidation(ctx: AnalysisContext): void {
  for (const gw of ctx.snapshot.gateways) {
    const r = resourceOf(ctx, gw.meta);
    if (!r) continue;
    for (const p of validateGatewaySpec(gw.meta.name, obj(r.object.spec))) {
      report(ctx, gw.meta, p.warning ? 'IST0133' : 'IST0106', {
        path: p.path,
        message: `Schema validation ${p.warning ? 'warning' : 'error'}: ${p.text}`,
        fix: problemFix(p),
        args: { err: p.text },
      });
    }
  }
}
