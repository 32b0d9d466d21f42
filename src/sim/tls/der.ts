// A minimal DER TLV reader. The structured decoding is done by @peculiar/asn1-*; this reader exists to
// get the exact original bytes of sub-structures (the to-be-signed certificate, the
// SubjectPublicKeyInfo), because a signature is over the bytes as received and the SPKI fingerprint
// (Envoy's verify_certificate_spki) is over the bytes as encoded, not over a re-encoding.

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export function readTlv(bytes: Uint8Array, offset: number): Tlv {
  if (offset + 2 > bytes.length) throw new Error('truncated DER');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte DER tags are not supported');
  let pos = offset + 1;
  let length = bytes[pos++];
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported DER length');
    if (pos + count > bytes.length) throw new Error('truncated DER');
    length = 0;
    for (let k = 0; k < count; k++) length = length * 256 + bytes[pos++];
  }
  const end = pos + length;
  if (end > bytes.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart: pos, end };
}

export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readTlv(bytes, offset);
    if (child.end > parent.end) throw new Error('truncated DER');
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function slice(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

export function content(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.contentStart, tlv.end);
}

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_SEQUENCE = 0x30;

/** The raw pieces of an X.509 certificate that must not be re-encoded. */
export interface CertificateParts {
  /** The whole certificate TLV (trailing bytes after it are dropped). */
  certificate: Uint8Array;
  tbsCertificate: Uint8Array;
  subjectPublicKeyInfo: Uint8Array;
  signatureAlgorithm: Uint8Array;
  /** The signature BIT STRING's bits (unused-bits byte removed). */
  signature: Uint8Array;
}

export function certificateParts(der: Uint8Array): CertificateParts {
  const cert = readTlv(der, 0);
  if (cert.tag !== TAG_SEQUENCE) throw new Error('not a DER SEQUENCE');
  const top = children(der, cert);
  if (top.length !== 3) throw new Error('a certificate has 3 parts, found ' + top.length);
  const [tbs, sigAlg, sig] = top;
  if (tbs.tag !== TAG_SEQUENCE || sigAlg.tag !== TAG_SEQUENCE || sig.tag !== TAG_BIT_STRING) {
    throw new Error('unexpected certificate structure');
  }
  const fields = children(der, tbs);
  const first = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version is optional (v1)
  const spki = fields[first + 5];
  if (!spki || spki.tag !== TAG_SEQUENCE) throw new Error('missing subjectPublicKeyInfo');
  const sigContent = content(der, sig);
  if (sigContent.length < 1 || sigContent[0] !== 0) throw new Error('malformed signature');
  return {
    certificate: slice(der, cert),
    tbsCertificate: slice(der, tbs),
    subjectPublicKeyInfo: slice(der, spki),
    signatureAlgorithm: slice(der, sigAlg),
    signature: sigContent.subarray(1),
  };
}
