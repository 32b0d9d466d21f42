// The simulator's certificate layer. Plain data in and out (structured-cloneable), decoding with
// @peculiar/asn1-x509 (loaded on the first PEM block, see asn1-loader.ts) and signature checks with
// Web Crypto (`globalThis.crypto`), nothing global added: safe in a browser Web Worker and in Node.
// Parsing and signature checks are async; the verdicts over a CertificateIndex are synchronous.

export { parsePemBundle, parseCertificateDer } from './x509.ts';
export { cachedPemBundle } from './pem-cache.ts';
export type { ParsedCertificate, ParsedPrivateKey, PemBundle, PrivateKeyFormat } from './x509.ts';
export {
  buildCertificateIndex,
  hostnameMatches,
  ipLiteralBytes,
  verifyServerCertificate,
  verifyClientCertificate,
  keyMatchesCertificate,
  curlMessageFor,
  browserErrorFor,
  CURL_EXIT_PEER_FAILED_VERIFICATION,
} from './verify.ts';
export type {
  CertificateIndex,
  HostnameOptions,
  PeerFailureReason,
  PeerVerification,
  PeerVerificationFailure,
  ServerVerifyOptions,
  TlsAlert,
} from './verify.ts';
export { decodeSecretData, decodeSecretValue } from './secret-data.ts';
export type { SecretDataResult } from './secret-data.ts';
