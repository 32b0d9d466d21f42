// The simulator's certificate layer. Plain data in and out (structured-cloneable), Web Crypto only,
// no globals touched: safe in a browser Web Worker and in Node.

export { parsePemBundle, parseCertificateDer } from './x509.ts';
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
