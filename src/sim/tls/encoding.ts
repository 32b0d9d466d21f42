// Small byte helpers shared by the certificate layer. Pure TypeScript: runs in a browser Web Worker and
// in Node; hashing uses Web Crypto through `globalThis.crypto`.

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64_ALPHABET.length; i++) table[B64_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/**
 * Decodes standard base64 (RFC 4648 §4) the way Go's `base64.StdEncoding` does, which is what the
 * Kubernetes API server uses for a Secret's `data` values: `\r` and `\n` are skipped, padding is
 * required, any other character is an error reported as Go reports it
 * ("illegal base64 data at input byte N", N counting from 0 in the original text).
 */
export function decodeBase64Strict(text: string): Base64Result {
  const out: number[] = [];
  let quantum: number[] = [];
  let quantumStart = 0;
  let padding = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) continue;
    if (padding > 0) {
      // After '=' only more '=' (to complete the quantum) may follow.
      if (c === 0x3d && quantum.length + padding < 4) {
        padding++;
        continue;
      }
      return { ok: false, error: `illegal base64 data at input byte ${i}` };
    }
    if (c === 0x3d) {
      if (quantum.length < 2) return { ok: false, error: `illegal base64 data at input byte ${i}` };
      padding = 1;
      continue;
    }
    const v = c < 128 ? B64_VALUES[c] : -1;
    if (v < 0) return { ok: false, error: `illegal base64 data at input byte ${i}` };
    if (quantum.length === 0) quantumStart = i;
    quantum.push(v);
    if (quantum.length === 4) {
      out.push((quantum[0] << 2) | (quantum[1] >> 4), ((quantum[1] & 15) << 4) | (quantum[2] >> 2));
      out.push(((quantum[2] & 3) << 6) | quantum[3]);
      quantum = [];
    }
  }
  if (padding > 0) {
    if (quantum.length + padding !== 4) return { ok: false, error: `illegal base64 data at input byte ${i}` };
  } else if (quantum.length !== 0) {
    // Go reports the start of the incomplete quantum.
    return { ok: false, error: `illegal base64 data at input byte ${quantumStart}` };
  }
  if (quantum.length >= 2) out.push((quantum[0] << 2) | (quantum[1] >> 4));
  if (quantum.length === 3) out.push(((quantum[1] & 15) << 4) | (quantum[2] >> 2));
  return { ok: true, bytes: Uint8Array.from(out) };
}

/**
 * Decodes the base64 body of a PEM block. Like OpenSSL's PEM reader it skips all whitespace; padding
 * must still be right.
 */
export function decodePemBase64(body: string): Base64Result {
  return decodeBase64Strict(body.replace(/[ \t\r\n\f\v]+/g, ''));
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      B64_ALPHABET[n >> 18] +
      B64_ALPHABET[(n >> 12) & 63] +
      B64_ALPHABET[(n >> 6) & 63] +
      B64_ALPHABET[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64_ALPHABET[n >> 18] + B64_ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64_ALPHABET[(n >> 6) & 63] + '=' : '==';
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A copy with its own ArrayBuffer (Web Crypto and asn1-schema want plain, exact buffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

export function subtle(): SubtleCrypto {
  const c = globalThis.crypto;
  if (!c || !c.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available');
  return c.subtle;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', toArrayBuffer(bytes))));
}

/** Strips leading zero bytes of a DER INTEGER's content (sign padding). */
export function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}
