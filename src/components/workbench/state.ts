// Never lose work: autosave per lab and per playground in localStorage, share links that carry the whole
// state in the URL hash (deflate-compressed with fflate, base64url), and a download as one YAML file
// ready for `kubectl apply -f`.
import type { WorkbenchFile, WorkbenchState } from './types.ts';

export const STORAGE_PREFIX = 'gateway-lab:workbench:v1:';
/** Where the playground's previous work goes when a share link replaces it. */
export const BEFORE_SHARE_SUFFIX = ':before-share';
/** The hash parameter of a share link: `#share=<key>.<data>`. */
export const SHARE_PARAM = 'share';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A state read from storage or a link, checked field by field; null when it is not one. */
export function cleanState(v: unknown): WorkbenchState | null {
  if (!isObj(v) || !Array.isArray(v.files)) return null;
  const files: WorkbenchFile[] = [];
  for (const f of v.files) {
    if (!isObj(f) || typeof f.name !== 'string' || typeof f.content !== 'string') return null;
    files.push({ name: f.name, content: f.content, ...(f.readOnly === true ? { readOnly: true } : {}) });
  }
  const browser = Array.isArray(v.browser) ? v.browser.filter((x): x is string => typeof x === 'string') : [];
  const terminal = typeof v.terminal === 'string' ? v.terminal : '';
  const client = isObj(v.client) ? (v.client as WorkbenchState['client']) : {};
  return { files, browser, terminal, client };
}

export function loadSaved(key: string): WorkbenchState | null {
  const raw = storage()?.getItem(STORAGE_PREFIX + key);
  if (!raw) return null;
  try {
    return cleanState(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Saves; returns false when the browser refused (storage full or blocked). */
export function save(key: string, state: WorkbenchState): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(STORAGE_PREFIX + key, JSON.stringify(state));
    return true;
  } catch {
    return false;
  }
}

export function forget(key: string): void {
  try {
    storage()?.removeItem(STORAGE_PREFIX + key);
  } catch {
    // Nothing saved, nothing to forget.
  }
}

export function sameState(a: WorkbenchState, b: WorkbenchState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// --- share links ------------------------------------------------------------------------------------

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** The URL of this page with the state in its hash. */
export async function shareUrl(key: string, state: WorkbenchState, location: Location): Promise<string> {
  const { deflateSync, strToU8 } = await import('fflate');
  const data = toBase64Url(deflateSync(strToU8(JSON.stringify({ v: 1, ...state })), { level: 9 }));
  const url = new URL(location.href);
  url.hash = `${SHARE_PARAM}=${encodeURIComponent(key)}.${data}`;
  return url.toString();
}

export type SharedState =
  { kind: 'none' } | { kind: 'ok'; state: WorkbenchState } | { kind: 'invalid'; reason: string };

/** The shared state for `key` in a location hash, if the hash carries one. */
export async function readShared(key: string, hash: string): Promise<SharedState> {
  const m = new RegExp(`^#${SHARE_PARAM}=([^.]+)\\.(.+)$`).exec(hash);
  if (!m || decodeURIComponent(m[1]) !== key) return { kind: 'none' };
  try {
    const { inflateSync, strFromU8 } = await import('fflate');
    const v: unknown = JSON.parse(strFromU8(inflateSync(fromBase64Url(m[2]))));
    const state = cleanState(v);
    return state ? { kind: 'ok', state } : { kind: 'invalid', reason: 'not a workbench state' };
  } catch (e) {
    return { kind: 'invalid', reason: e instanceof Error ? e.message : String(e) };
  }
}

// --- download ---------------------------------------------------------------------------------------

/** All files as one multi-document YAML stream, each file introduced by a comment with its name. */
export function applyableYaml(files: WorkbenchFile[]): string {
  return files
    .map((f) => {
      const body = f.content.replace(/^(---\s*\n)+/, '').replace(/\s+$/, '');
      return `# Source: ${f.name}\n${body}\n`;
    })
    .join('---\n');
}

export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
