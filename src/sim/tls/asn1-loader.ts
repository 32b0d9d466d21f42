// The one place that loads the certificate decoder (codec.ts, and through it @peculiar/asn1-schema,
// asn1-x509, asn1-ecc, asn1-rsa, asn1-asym-key, asn1js and pvtsutils: ~35 kB gzipped in a browser).
//
// A dynamic import, not a static one, so that only a PEM block to parse loads it: a bundler puts the
// decoder and the ASN.1 packages in a chunk of their own, and the workbench of a lab without
// certificates never downloads it. Every module of the certificate layer that is part of the first
// load (x509.ts, verify.ts, names.ts, pem.ts, encoding.ts) takes the decoder from here and imports
// @peculiar/* only as types (erased); the modules that import those packages as values
// (certificate.ts, signature.ts, algorithms.ts, private-key.ts) are reached only through codec.ts.
// tests/sim/tls/library.test.ts checks both.

export type CertificateCodec = typeof import('./codec.ts');

let loading: Promise<CertificateCodec> | null = null;

export function loadCertificateCodec(): Promise<CertificateCodec> {
  loading ??= import('./codec.ts').catch((e: unknown) => {
    loading = null; // a failed chunk download may succeed on the next PEM block
    throw e;
  });
  return loading;
}
