// Small byte helpers shared by the certificate layer. Pure TypeScript: runs in a browser Web Worker and
// in Node; hashing uses Web Crypto through `globalThis.crypto`.
//
// The base64 decoder is hand-written on purpose: a Secret's `data` values are decoded by the API
// server with Go's base64.StdEncoding, and the simulator reports a bad value with Go's own message
// ("illegal base64 data at input byte N"), which atob() cannot give.

/** Web Crypto, looked up when needed (a browser Web Worker and Node both have `globalThis.crypto`). */
export function webCrypto(): Crypto {
  const c = globalThis.crypto;
  if (!c || !c.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available');
  return c;
}

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

/** Standard base64 with padding (RFC 4648 §4), for writing PEM. */
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

/**
 * Decodes the base64 body of a PEM block. Like OpenSSL's PEM reader it skips all whitespace; padding
 * must still be right.
 */
export function decodePemBase64(body: string): Base64Result {
  return decodeBase64Strict(body.replace(/[ \t\r\n\f\v]+/g, ''));
}

export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  let out = '';
  for (const b of ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes))
    out += b.toString(16).padStart(2, '0');
  return out;
}

/** A copy with its own ArrayBuffer (Web Crypto and asn1-schema want plain, exact buffers). */
export function toArrayBuffer(bytes: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (!ArrayBuffer.isView(bytes)) return bytes;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

export async function sha256Hex(bytes: Uint8Array | ArrayBuffer): Promise<string> {
  return toHex(new Uint8Array(await webCrypto().subtle.digest('SHA-256', toArrayBuffer(bytes))));
}
