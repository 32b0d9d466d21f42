// Tolerant readers: the learner's YAML may have any shape. Schema validation reports wrong types
// (IST0106); the pipeline reads what it can and treats a wrong type as absent, so it never throws.
import { isPlainObject } from './parse.ts';

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj {
  return isPlainObject(v) ? v : {};
}

export function objOrNull(v: unknown): Obj | null {
  return isPlainObject(v) ? v : null;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fallback;
}

export function strOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** Kubernetes and Istio numbers are integers; a quoted "443" is a schema error but we still read it. */
export function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
  return null;
}

export function bool(v: unknown): boolean {
  return v === true || v === 'true';
}

export function strings(v: unknown): string[] {
  return arr(v)
    .map((x) => strOrNull(x))
    .filter((x): x is string => x !== null);
}

export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    const s = strOrNull(val) ?? (typeof val === 'boolean' ? String(val) : null);
    if (s !== null) out[k] = s;
  }
  return out;
}
