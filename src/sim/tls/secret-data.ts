// A Kubernetes Secret's values as plain strings. `data` values are base64 (the API server decodes them
// with Go's base64.StdEncoding, so a bad value makes `kubectl apply` fail); `stringData` values are
// plain text and win over `data` for the same key (the API server merges stringData into data).

import { decodeBase64Strict } from './encoding.ts';

export interface SecretDataResult {
  /** key -> decoded text (UTF-8; binary data is decoded leniently). */
  values: Record<string, string>;
  /** Problems, one per bad key: `data.tls.crt: illegal base64 data at input byte 12`. */
  errors: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes one `data` value; the error text is the one kubectl reports. */
export function decodeSecretValue(value: string): { ok: true; text: string } | { ok: false; error: string } {
  const decoded = decodeBase64Strict(value);
  if (!decoded.ok) return decoded;
  return { ok: true, text: new TextDecoder('utf-8', { fatal: false }).decode(decoded.bytes) };
}

export function decodeSecretData(data: unknown, stringData?: unknown): SecretDataResult {
  const result: SecretDataResult = { values: {}, errors: [] };
  if (data !== undefined && data !== null) {
    if (!isRecord(data)) {
      result.errors.push('data: must be a map of key to base64 string');
    } else {
      for (const [key, value] of Object.entries(data)) {
        if (value === null || value === undefined) {
          result.values[key] = '';
          continue;
        }
        if (typeof value !== 'string') {
          result.errors.push(
            `data.${key}: must be a base64 string, not ${Array.isArray(value) ? 'a list' : typeof value}`,
          );
          continue;
        }
        const decoded = decodeSecretValue(value);
        if (decoded.ok) result.values[key] = decoded.text;
        else result.errors.push(`data.${key}: ${decoded.error}`);
      }
    }
  }
  if (stringData !== undefined && stringData !== null) {
    if (!isRecord(stringData)) {
      result.errors.push('stringData: must be a map of key to string');
    } else {
      for (const [key, value] of Object.entries(stringData)) {
        if (value === null || value === undefined) {
          result.values[key] = '';
        } else if (typeof value === 'string') {
          result.values[key] = value;
        } else if (typeof value === 'number' || typeof value === 'boolean') {
          result.errors.push(`stringData.${key}: must be a string, not ${typeof value} (quote it in YAML)`);
        } else {
          result.errors.push(`stringData.${key}: must be a string`);
        }
      }
    }
  }
  return result;
}
