// The lazily loaded half of the certificate layer: everything that needs the @peculiar/asn1-*
// packages as values. Load it only through asn1-loader.ts (a static import from the first-load
// modules would put the ASN.1 packages back into every page's JavaScript).

export { decodeCertificate } from './certificate.ts';
export { signatureVerifies, signedCertificate } from './signature.ts';
export { parsePrivateKeyDer } from './private-key.ts';
