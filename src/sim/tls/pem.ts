// PEM framing (RFC 7468), read the way OpenSSL's PEM reader reads it: a block starts on a line
// "-----BEGIN <label>-----", ends on "-----END <label>-----", text outside blocks is ignored, and
// RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: ...") may precede the base64 body.
//
// Not a single regular expression as in PEM libraries (@peculiar/x509's PemConverter): that silently
// skips a block it cannot match (indented lines from a YAML paste, a missing END line, a stray
// character in the base64), and the simulator has to say which block is broken and why.

import { decodePemBase64, encodeBase64 } from './encoding.ts';

export interface PemBlock {
  /** 1-based position among the blocks of the text. */
  index: number;
  label: string;
  headers: Record<string, string>;
  /** DER bytes; null when the body is not valid base64 (see `error`). */
  der: Uint8Array | null;
  error: string | null;
}

export interface PemScan {
  blocks: PemBlock[];
  errors: string[];
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]*)-----$/;
const END = /^-----END ([A-Z0-9 ]*)-----$/;

export function scanPem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  const errors: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i].trim());
    i++;
    if (!begin) continue;
    const index = blocks.length + 1;
    const label = begin[1];
    const headers: Record<string, string> = {};
    const body: string[] = [];
    let ended = false;
    let endLabel = label;
    let inHeaders = true;
    for (; i < lines.length; i++) {
      const line = lines[i].trim();
      const end = END.exec(line);
      if (end) {
        ended = true;
        endLabel = end[1];
        i++;
        break;
      }
      if (BEGIN.test(line)) break; // a new block starts: this one was cut short
      if (inHeaders) {
        const header = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (header) {
          headers[header[1]] = header[2];
          continue;
        }
        inHeaders = false;
        if (line === '') continue;
      }
      body.push(line);
    }
    if (!ended) {
      const error = `PEM block ${index} (${label}) has no END line (truncated?)`;
      errors.push(error);
      blocks.push({ index, label, headers, der: null, error });
      continue;
    }
    if (endLabel !== label) {
      const error = `PEM block ${index} begins with "${label}" but ends with "${endLabel}"`;
      errors.push(error);
      blocks.push({ index, label, headers, der: null, error });
      continue;
    }
    const decoded = decodePemBase64(body.join(''));
    if (!decoded.ok) {
      const error = `PEM block ${index} (${label}) has invalid base64: ${decoded.error}`;
      errors.push(error);
      blocks.push({ index, label, headers, der: null, error });
    } else if (decoded.bytes.length === 0) {
      const error = `PEM block ${index} (${label}) is empty`;
      errors.push(error);
      blocks.push({ index, label, headers, der: null, error });
    } else {
      blocks.push({ index, label, headers, der: decoded.bytes, error: null });
    }
  }
  return { blocks, errors };
}

/** PEM text of one DER object, as OpenSSL writes it: 64-character base64 lines, a final line break. */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = encodeBase64(der);
  const lines = [`-----BEGIN ${label}-----`];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  lines.push(`-----END ${label}-----`);
  return lines.join('\n') + '\n';
}
